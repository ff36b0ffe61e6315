@contract-deactivation
Feature: A user deactivated in the IdP is deactivated in Cantara
  Cantara's procedure: "a user deactivated or removed in the IdP is
  deactivated (not erased) in Cantara."

  Scenario: The SCIM endpoint shows a deactivated user as inactive
    Given the IdP has provisioned a user "alice"
    When the IdP deactivates "alice"
    Then the SCIM endpoint shows "alice" as inactive

  # The list is another view of the same user: a look-up must agree with
  # the single read.
  Scenario: A deactivated user shows as inactive in a look-up too
    Given the IdP has provisioned a user "alice"
    When the IdP deactivates "alice"
    Then a look-up of "alice" by user name shows it inactive

  @needs-admin
  Scenario: Cantara's account of a deactivated user is deactivated
    Given the IdP has provisioned a user "alice"
    And Cantara has an account for "alice"
    When the IdP deactivates "alice"
    Then Cantara's account for "alice" is deactivated

  # Contract section 2: "PUT /Users/{id} replaces the resource; active:false
  # deactivates." Sent as a plain PUT whatever the IdP's own way is.
  Scenario: A PUT with active false deactivates the user and one with active true reactivates it
    Given the IdP has provisioned a user "alice"
    When the IdP replaces "alice" with a PUT that sets active to false
    Then the SCIM endpoint shows "alice" as inactive
    When the IdP replaces "alice" with a PUT that sets active to true
    Then the SCIM endpoint shows "alice" as active

  @needs-admin
  Scenario: Cantara's account follows a PUT of active false and then true
    Given the IdP has provisioned a user "alice"
    And Cantara has an account for "alice"
    When the IdP replaces "alice" with a PUT that sets active to false
    Then Cantara's account for "alice" is deactivated
    When the IdP replaces "alice" with a PUT that sets active to true
    Then Cantara's account for "alice" is active
