@contract-groups
Feature: Groups and group memberships pushed by the IdP show in Cantara
  Cantara's procedure: "once provisioning runs, users and group memberships
  flow into Cantara."

  Scenario: A group and its members arrive at the SCIM endpoint
    Given the IdP has provisioned the users "alice" and "bob"
    When the IdP creates a group "engineering"
    And the IdP adds "alice" and "bob" to "engineering"
    Then the SCIM endpoint shows the group "engineering" with the members "alice" and "bob"
    When the IdP removes "bob" from "engineering"
    Then the SCIM endpoint shows the group "engineering" with the member "alice"

  @needs-admin
  Scenario: Cantara shows a new group and its members
    Given the IdP has provisioned the users "alice" and "bob"
    When the IdP creates a group "engineering"
    And the IdP adds "alice" and "bob" to "engineering"
    Then Cantara shows the group "engineering" with the members "alice" and "bob"
    And Cantara's account for "alice" lists the group "engineering"

  @needs-admin
  Scenario: Cantara shows a member's removal from a group
    Given the IdP has provisioned the users "alice" and "bob"
    And the IdP has created a group "engineering" with the members "alice" and "bob"
    When the IdP removes "bob" from "engineering"
    Then Cantara shows the group "engineering" with the member "alice"
    And Cantara's account for "bob" does not list the group "engineering"
    And Cantara's account for "alice" lists the group "engineering"

  # The console lists groups by displayName, so a rename must arrive.
  @needs-admin
  Scenario: Cantara shows a group's new name after the IdP renames it
    Given the IdP has provisioned a user "alice"
    And the IdP has created a group "engineering" with the member "alice"
    When the IdP renames the group "engineering"
    Then Cantara shows the group "engineering" with the member "alice"
    And Cantara's account for "alice" lists the group "engineering"

  # Deleting a group ends every membership in it.
  @needs-admin
  Scenario: A group deleted in the IdP disappears from Cantara
    Given the IdP has provisioned a user "alice"
    And the IdP has created a group "engineering" with the member "alice"
    When the IdP deletes the group "engineering"
    Then Cantara no longer shows the group "engineering"
    And Cantara's account for "alice" does not list the group "engineering"
