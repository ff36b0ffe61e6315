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

  # Not checked: whether a removed user also leaves its groups' member
  # lists. The contract says the user "no longer appears in SCIM lists" and
  # RFC 7644 §3.6 speaks of the deleted resource itself; neither says what a
  # group's members show, so a correct target may do either.

  @needs-admin
  Scenario: Cantara keeps the removed user's account, deactivated
    Given the IdP has provisioned a user "alice"
    And Cantara has an account for "alice"
    When the IdP removes "alice"
    Then Cantara's account for "alice" is the same account as before
    And Cantara's account for "alice" is deactivated
