@contract-deactivation
Feature: A user deactivated in the IdP is deactivated in Cantara
  Cantara's procedure: "a user deactivated or removed in the IdP is
  deactivated (not erased) in Cantara."

  Scenario: The SCIM endpoint shows a deactivated user as inactive
    Given the IdP has provisioned a user "alice"
    When the IdP deactivates "alice"
    Then the SCIM endpoint shows "alice" as inactive

  @needs-admin
  Scenario: Cantara's account of a deactivated user is deactivated
    Given the IdP has provisioned a user "alice"
    And Cantara has an account for "alice"
    When the IdP deactivates "alice"
    Then Cantara's account for "alice" is deactivated
