@needs-patch
Feature: RFC 7644 §3.5.2.2 PATCH "remove"
  "remove" needs a path (else 400 noTarget); it unassigns a single-valued
  attribute, a whole multi-valued attribute, or just the values a filter
  selects; removing a required or readOnly attribute is 400 mutability.

  Background:
    Given the client has created a user "alice" with:
      """json
      {"displayName": "To Be Removed",
       "emails": [{"value": "work-{alice.userName}", "type": "work", "primary": true},
                  {"value": "home-{alice.userName}", "type": "home"}]}
      """

  @rfc7644-3.5.2.2 @req-RFC7644-3.5.2.2-remove-no-path @req-RFC7644-3.12-scim-type @must
  Scenario: remove without a path is refused with 400 noTarget
    When the client sends PATCH "/Users/{alice.id}" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "remove"}]}
      """
    Then the response is a SCIM error with status "400" and scimType "noTarget"

  @rfc7644-3.5.2.2 @req-RFC7644-3.5.2.2-remove-single @req-RFC7644-3.8-unassigned @must
  Scenario: remove of a single-valued attribute unassigns it
    When the client sends PATCH "/Users/{alice.id}" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "remove", "path": "displayName"}]}
      """
    Then the response status is one of 200, 204
    When the client sends GET "/Users/{alice.id}"
    Then the response status is 200
    And the response JSON "displayName" is unassigned

  @rfc7644-3.5.2.2 @req-RFC7644-3.5.2.2-remove-multi-all @must
  Scenario: remove of a multi-valued attribute without a filter removes every value
    When the client sends PATCH "/Users/{alice.id}" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "remove", "path": "emails"}]}
      """
    Then the response status is one of 200, 204
    When the client sends GET "/Users/{alice.id}"
    Then the response status is 200
    And the response JSON "emails" is unassigned

  @rfc7644-3.5.2.2 @req-RFC7644-3.5.2.2-remove-value-filter @must
  Scenario: remove with a value filter removes only the matching values
    When the client sends PATCH "/Users/{alice.id}" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [
        {"op": "remove", "path": "emails[type eq \"home\"]"}]}
      """
    Then the response status is one of 200, 204
    When the client sends GET "/Users/{alice.id}"
    Then the response JSON "emails.#" is 1
    And the response JSON "emails.0.type" equals "work"

  @rfc7644-3.5.2.2 @req-RFC7644-3.5.2.2-remove-value-filter @must
  Scenario: remove of one member by a value filter keeps the other members
    Given the client has created a user "bob"
    And the client has created a group "team" with members "alice, bob"
    When the client sends PATCH "/Groups/{team.id}" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [
        {"op": "remove", "path": "members[value eq \"{alice.id}\"]"}]}
      """
    Then the response status is one of 200, 204
    When the client retrieves the group "team" with its members
    Then the response JSON "members.#" is 1
    And the response JSON "members.0.value" equals "{bob.id}"

  @rfc7644-3.5.2.2 @req-RFC7644-3.5.2.2-remove-required @must
  Scenario: remove of the required userName is refused with 400 mutability
    When the client sends PATCH "/Users/{alice.id}" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "remove", "path": "userName"}]}
      """
    Then the response is a SCIM error with status "400" and scimType "mutability"
    When the client sends GET "/Users/{alice.id}"
    Then the response JSON "userName" equals "{alice.userName}"

  @rfc7644-3.5.2.2 @req-RFC7644-3.5.2.2-remove-required @must
  Scenario: remove of the readOnly id is refused with 400 mutability
    When the client sends PATCH "/Users/{alice.id}" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "remove", "path": "id"}]}
      """
    Then the response is a SCIM error with status "400" and scimType "mutability"
