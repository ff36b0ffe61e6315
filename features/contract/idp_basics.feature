@contract-idp-basics
Feature: The basics every identity provider relies on
  Before it creates a user, every IdP looks the user up; it tells "not
  there" from "there" by the answer, and stops a provisioning job on an
  answer it does not expect (Entra ID quarantines the job on a 404).

  @contract-filter-miss
  Scenario: Looking up a user name that does not exist answers an empty list
    When the IdP looks up a user name that does not exist
    Then the answer is an empty list

  @contract-unknown-id @rfc7644-3.12
  Scenario: Reading a user id that does not exist answers 404 with a SCIM error
    When the IdP reads a user id that does not exist
    Then the response is a SCIM error with status "404"

  @contract-uniqueness
  Scenario: A second user with a user name that is taken is refused
    Given the IdP has provisioned a user "alice"
    When the client creates another user with the same user name as "alice"
    Then the answer is a conflict because the user name is taken

  @contract-username-case @rfc7643-2.1
  Scenario: A look-up by the user name in upper case finds the user
    Given the IdP has provisioned a user "alice"
    When the IdP looks up "alice" by the user name in upper case
    Then exactly one user is found and it is "alice"
