@contract-mutability
Feature: The id of a resource cannot be written
  Contract section 2: "writing a readOnly attribute (id, meta) → 400
  mutability". RFC 7644 §3.5.1 instead lets a server ignore readOnly values
  in a PUT, and Okta's PUT carries the id and meta of its last GET
  (idp-dialects.md quirk 10). The rule checked here keeps both: the
  resource's own id (and any meta) in a PUT is accepted; a different id in a
  PUT, or a PATCH of the id, is an attempt to write it and is refused. What
  a target does with a different meta in a PUT is left open.

  Scenario: A PUT carrying the user's own id and meta is accepted
    Given the IdP has provisioned a user "alice"
    When the client replaces "alice" with the resource it just read and a new display name
    Then the response status is 200
    And the SCIM endpoint returns the new display name for "alice"

  Scenario: A PUT carrying another id is refused with 400 mutability
    Given the IdP has provisioned a user "alice"
    When the client replaces "alice" with a body carrying another id
    Then the response is a SCIM error with status "400" and scimType "mutability"
    And the SCIM endpoint still has "alice" under its own id

  Scenario: A PATCH of the id is refused with 400 mutability
    Given the IdP has provisioned a user "alice"
    When the client patches the id of "alice"
    Then the response is a SCIM error with status "400" and scimType "mutability"
    And the SCIM endpoint still has "alice" under its own id
