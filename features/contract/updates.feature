@contract-updates
Feature: Changes made in the IdP arrive in Cantara
  Cantara's procedure: "updates made in the IdP (name, email, phone, ...)
  are synced."

  Scenario Outline: A change of the user's <attribute> arrives at the SCIM endpoint
    Given the IdP has provisioned a user "alice"
    When the IdP changes the <attribute> of "alice"
    Then the SCIM endpoint returns the new <attribute> for "alice"

    Examples:
      | attribute |
      | name      |
      | email     |
      | phone     |
      | locale    |

  @needs-admin
  Scenario Outline: A change of the user's <attribute> shows in Cantara's account
    Given the IdP has provisioned a user "alice"
    When the IdP changes the <attribute> of "alice"
    Then Cantara's account for "alice" shows the new <attribute>

    Examples:
      | attribute |
      | name      |
      | email     |
      | phone     |
      | locale    |

  # Clearing is a change too: an optional attribute removed in the IdP must
  # leave every view, whichever verb the IdP clears it with.
  Scenario Outline: Clearing the user's work phone with <verb> clears it at the SCIM endpoint
    Given the IdP has provisioned a user "alice"
    When the client clears the work phone of "alice" with <verb>
    Then the SCIM endpoint returns no work phone for "alice"

    Examples:
      | verb                      |
      | a PATCH remove            |
      | a PUT that leaves it out  |

  @needs-admin
  Scenario Outline: Clearing the user's work phone with <verb> clears it in Cantara's account
    Given the IdP has provisioned a user "alice"
    When the client clears the work phone of "alice" with <verb>
    Then Cantara's account for "alice" shows no phone

    Examples:
      | verb                      |
      | a PATCH remove            |
      | a PUT that leaves it out  |

  # Entra changes userName when a user's UPN changes: the new name must
  # find the user and show on the account.
  Scenario: A change of the user's user name reaches the look-up
    Given the IdP has provisioned a user "alice"
    When the client changes the user name of "alice" with a PATCH replace
    Then a look-up of "alice" by user name shows it active

  @needs-admin
  Scenario: A change of the user's user name shows in Cantara's account
    Given the IdP has provisioned a user "alice"
    And Cantara has an account for "alice"
    When the client changes the user name of "alice" with a PATCH replace
    Then Cantara's account for "alice" shows the new user name
