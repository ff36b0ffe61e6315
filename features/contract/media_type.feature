@contract-media-type
Feature: Requests sent as plain application/json are accepted
  Contract section 2: "Bodies are application/scim+json (plain
  application/json is accepted on requests)." Some IdPs and most scripts
  send the plain type.

  Scenario: A user sent as application/json is created
    When the client creates a user "alice" sent as "application/json"
    Then the SCIM endpoint created "alice"
    And the response header "Content-Type" contains "application/scim+json"

  Scenario: A change sent as application/json is applied
    Given the IdP has provisioned a user "alice"
    When the client changes the display name of "alice" with a PATCH sent as "application/json"
    Then the SCIM endpoint returns the new display name for "alice"
