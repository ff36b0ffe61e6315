@contract-admin-api @needs-admin
Feature: The console's admin API answers as the contract describes
  Contract section 3: the Administration Console's functions as JSON over
  HTTP. A wrong or missing admin token gets 401; errors read
  {"error":"<code>","detail":"<text>"}; an unknown tenant or account is 404;
  accounts are found by user name regardless of case.

  Scenario: The admin API refuses a request without an admin token
    When a request reaches the admin API without an admin token
    Then the admin API refuses it as unauthorised

  Scenario: The admin API refuses a wrong admin token
    When a request reaches the admin API with a wrong admin token
    Then the admin API refuses it as unauthorised

  @creates-tenant
  Scenario: A new tenant can be read back and is listed
    When an administrator creates a tenant
    Then the new tenant has an id, the name given and a creation time
    And Cantara shows the new tenant by its id
    And the tenant list includes the new tenant

  Scenario: A tenant that does not exist is not found
    When an administrator reads a tenant that does not exist
    Then the admin API answers 404 with an error code and detail

  Scenario: An account that does not exist is not found
    When an administrator reads an account that does not exist
    Then the admin API answers 404 with an error code and detail

  Scenario: Accounts are found by user name regardless of case
    Given the IdP has provisioned a user "alice"
    When an administrator searches the accounts for the user name of "alice" in upper case
    Then the search finds exactly the account of "alice"
