@contract-local-account @needs-admin
Feature: An account created in the console shows "Local" and stays editable
  Only provisioned accounts are read-only; an administrator keeps full
  control of accounts created by hand in the Administration Console.

  Scenario: A Local account can be edited in the console
    Given an administrator creates a local account "bob" in the console
    Then Cantara's account for "bob" shows Account Source "Local"
    And Cantara's account for "bob" is editable
    And Cantara's account for "bob" has no SCIM id
    And Cantara's account for "bob" is active
    When an administrator changes the display name of the account for "bob"
    Then Cantara saves the change
