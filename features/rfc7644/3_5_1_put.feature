Feature: RFC 7644 §3.5 and §3.5.1 Replacing with PUT
  PUT replaces a resource's attributes: readWrite values replace the old
  ones, readOnly values (id, meta) never change (ignored, or refused with
  400 mutability), the answer is 200 with the whole resource, and PUT never
  creates a resource.

  Background:
    Given the client has created a user "alice"

  @rfc7644-3.5.1 @req-RFC7644-3.5-put-supported @req-RFC7644-3.5.1-put-replaces @req-RFC7644-3.5.1-put-200 @must
  Scenario: PUT replaces the attributes and answers 200 with the whole resource
    When the client sends PUT "/Users/{alice.id}" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "{alice.userName}",
       "displayName": "Replaced Name", "name": {"givenName": "Replaced", "familyName": "Person"}}
      """
    Then the response status is 200
    And the response JSON "id" equals "{alice.id}"
    And the response JSON "displayName" equals "Replaced Name"
    And the response JSON "name.familyName" equals "Person"
    When the client sends GET "/Users/{alice.id}"
    Then the response JSON "displayName" equals "Replaced Name"
    And the response JSON "name.givenName" equals "Replaced"

  # RFC 7644 §3.5.1 says readOnly values in a PUT body "SHALL be ignored";
  # the Cantara contract (section 2) says writing one is 400 mutability.
  # Both are accepted: what neither allows is a changed id or meta.
  @rfc7644-3.5.1 @req-RFC7644-3.5.1-readonly-ignored @req-RFC7643-2.2-mutability-readonly @req-RFC7643-3.1-id @must
  Scenario: A different id and meta in a PUT body are ignored
    When the client sends GET "/Users/{alice.id}"
    And I remember the response JSON "meta.created" as "created"
    And the client sends PUT "/Users/{alice.id}" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "id": "not-{alice.id}", "userName": "{alice.userName}",
       "meta": {"resourceType": "Group", "created": "2001-01-01T00:00:00Z"}}
      """
    Then the target either refused the request with 400 mutability, or answered 200 with:
      | id                | equals | {alice.id} |
      | meta.resourceType | equals | User       |
      | meta.created      | equals | {created}  |
    When the client sends GET "/Users/{alice.id}"
    Then the response status is 200
    And the response JSON "id" equals "{alice.id}"
    And the response JSON "meta.resourceType" equals "User"
    And the response JSON "meta.created" equals "{created}"

  @rfc7644-3.5.1 @req-RFC7644-3.5.1-put-no-create @needs-filter @must
  Scenario: PUT to an id that does not exist does not create it
    Given a unique marker remembered as "tag"
    When the client sends PUT "/Users/{tag}-never-created" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "{tag}-put-create@example.com"}
      """
    And the created resource is deleted after the scenario
    Then the response is a SCIM error with status "404"
    When the client sends GET "/Users?filter=userName eq \"{tag}-put-create@example.com\""
    Then the response JSON "totalResults" is 0

  @rfc7643-2.2 @rfc7644-3.12 @req-RFC7643-2.2-required @req-RFC7644-3.12-invalid-value @must
  Scenario: PUT without the required userName is refused with 400 invalidValue
    When the client sends PUT "/Users/{alice.id}" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "displayName": "No userName"}
      """
    Then the response is a SCIM error with status "400" and scimType "invalidValue"
    When the client sends GET "/Users/{alice.id}"
    Then the response JSON "userName" equals "{alice.userName}"
