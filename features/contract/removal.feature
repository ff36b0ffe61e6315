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

  # After a DELETE the user "no longer appears" at the SCIM endpoint, and
  # RFC 7644 §3.6 wants every operation on it answered as for a missing
  # resource: a group that still listed it would reference a 404. What the
  # console does with the deactivated account's memberships the contract
  # leaves open, so only the SCIM side is checked.
  Scenario: A removed user is no longer a member of its groups
    Given the IdP has provisioned the users "alice" and "bob"
    And the IdP has created a group "engineering" with the members "alice" and "bob"
    When the IdP removes "bob"
    Then the SCIM endpoint shows the group "engineering" with the member "alice"

  @needs-admin
  Scenario: Cantara keeps the removed user's account, deactivated
    Given the IdP has provisioned a user "alice"
    And Cantara has an account for "alice"
    When the IdP removes "alice"
    Then Cantara's account for "alice" is the same account as before
    And Cantara's account for "alice" is deactivated
