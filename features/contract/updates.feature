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
