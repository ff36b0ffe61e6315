@contract-read-only @needs-admin
Feature: Provisioned account fields are read-only in Cantara
  Cantara's procedure: "account fields are read-only in Cantara: changes
  must be made in the IdP." An edit in the console is refused and changes
  nothing.

  Scenario: An administrator's edit of a provisioned account is refused
    Given the IdP has provisioned a user "alice"
    When an administrator tries to change the display name of the account for "alice"
    Then Cantara refuses the change as read-only
    And Cantara's account for "alice" still shows the display name the IdP sent

  Scenario: A refused edit changes none of the account's fields
    Given the IdP has provisioned a user "alice"
    And Cantara has an account for "alice"
    When an administrator tries to change every field of the account for "alice"
    Then Cantara refuses the change as read-only
    And Cantara's account for "alice" is unchanged
