@contract-removal
Feature: A user removed in the IdP is deactivated in Cantara, not erased
  Cantara's procedure: "a user deactivated or removed in the IdP is
  deactivated (not erased) in Cantara." After the removal the SCIM endpoint
  no longer knows the user, but the Cantara account remains.

  Scenario: A removed user is gone from the SCIM endpoint
    Given the IdP has provisioned a user "alice"
    When the IdP removes "alice"
    Then the SCIM endpoint no longer finds "alice" by id
    And a look-up of "alice" by user name finds nobody

  @needs-admin
  Scenario: Cantara keeps the removed user's account, deactivated
    Given the IdP has provisioned a user "alice"
    And Cantara has an account for "alice"
    When the IdP removes "alice"
    Then Cantara's account for "alice" is the same account as before
    And Cantara's account for "alice" is deactivated
