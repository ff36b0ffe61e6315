@contract-lookup
Feature: The IdP finds a user it provisioned by the attribute it matches on
  IdPs look a user up before creating it (idp-dialects.md). Entra matches
  on userName by default, and an administrator may change the matching
  attribute to externalId or emails[type eq "work"].value; whichever one
  the IdP uses must find the user, or it creates a duplicate.

  Scenario Outline: A provisioned user is found by its <attribute>
    Given the IdP has provisioned a user "alice"
    When the client sends GET "/Users?filter=<filter>"
    Then the response status is 200
    And the Resources are exactly the users "alice"

    Examples:
      | attribute  | filter                                               |
      | userName   | userName eq \"{alice.userName}\"                     |
      | externalId | externalId eq \"{alice.externalId}\"                 |
      | work email | emails[type eq \"work\"].value eq \"{alice.email}\" |
