@contract-token-expiry
Feature: Provisioning tokens expire after 30 days unless another date is chosen
  Cantara's procedure: "Tokens expire after 30 days by default; the expiry
  date is adjustable. Once expired, a token no longer works and a new one
  must be generated."

  @needs-admin @changes-tokens
  Scenario: A token generated without choosing an expiry date expires after 30 days
    Given an administrator generates a provisioning token without choosing an expiry date
    Then the token expires 30 days after it was created
    And the token list shows the token with the same expiry date
    And the token list shows the token as active

  @needs-admin @changes-tokens
  Scenario: The administrator can choose another expiry date
    Given an administrator generates a provisioning token that expires in 7 days
    Then the token expires 7 days after it was created
    And the token list shows the token with the same expiry date

  @needs-admin @changes-tokens
  Scenario: The longest expiry an administrator can choose is 366 days
    Given an administrator generates a provisioning token that expires in 366 days
    Then the token expires 366 days after it was created
    And the token list shows the token with the same expiry date
    And the SCIM endpoint accepts the token

  # "Expiry in the past or over 366 days away → 400 invalid_expiry", with the
  # admin API's error body {"error":"<code>","detail":"<text>"}.
  @needs-admin @changes-tokens
  Scenario Outline: An expiry date <when> is refused
    When an administrator tries to generate a provisioning token that expires <days>
    Then Cantara refuses the expiry date as invalid

    Examples:
      | when                        | days             |
      | in the past                 | 1 day ago        |
      | more than 366 days from now | 367 days from now |

  @needs-admin @needs-clock @changes-tokens @moves-clock
  Scenario: A token stops working once it has expired
    Given an administrator generates a provisioning token without choosing an expiry date
    And the SCIM endpoint accepts the token
    When 30 days and 1 minute pass on the sandbox clock
    Then the SCIM endpoint refuses the token
    And the token list shows the token as expired

  @needs-expired-token
  Scenario: A token that has expired is refused
    Given the expired token supplied for this run
    Then the SCIM endpoint refuses the token
