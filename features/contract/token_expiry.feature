@contract-token-expiry
Feature: Provisioning tokens expire after 30 days unless another date is chosen
  Cantara's procedure: "Tokens expire after 30 days by default; the expiry
  date is adjustable. Once expired, a token no longer works and a new one
  must be generated."

  @needs-admin
  Scenario: A token generated without choosing an expiry date expires after 30 days
    Given an administrator generates a provisioning token without choosing an expiry date
    Then the token expires 30 days after it was created
    And the token list shows the token with the same expiry date

  @needs-admin
  Scenario: The administrator can choose another expiry date
    Given an administrator generates a provisioning token that expires in 7 days
    Then the token expires 7 days after it was created
    And the token list shows the token with the same expiry date

  @needs-admin @needs-clock
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
