@contract-reactivation
Feature: Provisioning a removed user again reactivates the same account
  When a removed user is assigned to the application again, the IdP creates
  it again; Cantara brings back the same account instead of a new one.

  Scenario: A removed user can be provisioned again
    Given the IdP has provisioned a user "alice"
    And the IdP has removed "alice"
    When the IdP provisions "alice" again
    Then the SCIM endpoint created "alice" again
    And the SCIM endpoint shows "alice" as active

  @needs-admin
  Scenario: Provisioning a removed user again reactivates the same Cantara account
    Given the IdP has provisioned a user "alice"
    And Cantara has an account for "alice"
    And the IdP has removed "alice"
    When the IdP provisions "alice" again
    Then the SCIM endpoint created "alice" again
    And Cantara's account for "alice" is the same account as before
    And Cantara's account for "alice" is active
