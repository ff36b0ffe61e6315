Feature: RFC 7644 §3.6 Deleting resources
  DELETE answers 204; afterwards every operation on the resource is 404,
  it no longer appears in queries, and its userName is free again.

  @rfc7644-3.6 @req-RFC7644-3.6-delete-204 @req-RFC7644-3.6-deleted-404 @req-RFC7644-3.12-404 @must
  Scenario: DELETE answers 204 and the user is then 404 for every operation
    Given the client has created a user "alice"
    When the client sends DELETE "/Users/{alice.id}"
    Then the response status is 204
    When the client sends GET "/Users/{alice.id}"
    Then the response is a SCIM error with status "404"
    When the client sends PUT "/Users/{alice.id}" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "{alice.userName}"}
      """
    Then the response is a SCIM error with status "404"
    When the client sends DELETE "/Users/{alice.id}"
    Then the response is a SCIM error with status "404"

  @rfc7644-3.6 @req-RFC7644-3.6-deleted-404 @needs-patch @must
  Scenario: PATCH of a deleted user is 404
    Given the client has created a user "alice"
    When the client sends DELETE "/Users/{alice.id}"
    Then the response status is 204
    When the client sends PATCH "/Users/{alice.id}" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "replace", "path": "displayName", "value": "x"}]}
      """
    Then the response is a SCIM error with status "404"

  @rfc7644-3.6 @req-RFC7644-3.6-delete-204 @req-RFC7644-3.6-deleted-404 @must
  Scenario: DELETE of a group answers 204 and the group is then 404
    Given the client has created a group "team"
    When the client sends DELETE "/Groups/{team.id}"
    Then the response status is 204
    When the client sends GET "/Groups/{team.id}"
    Then the response is a SCIM error with status "404"

  @rfc7644-3.6 @req-RFC7644-3.6-omit-from-queries @needs-filter @must
  Scenario: A deleted user no longer appears in query results
    Given the client has created a user "alice"
    When the client sends DELETE "/Users/{alice.id}"
    Then the response status is 204
    When the client sends GET "/Users?filter=userName eq \"{alice.userName}\""
    Then the response status is 200
    And the response JSON "totalResults" is 0
    When the client sends GET "/Users?filter=id eq \"{alice.id}\""
    Then the response status is 200
    And the Resources do not include the user "alice"

  @rfc7644-3.6 @req-RFC7644-3.6-no-conflict @should
  Scenario: The userName of a deleted user can be used again
    Given the client has created a user "alice"
    When the client sends DELETE "/Users/{alice.id}"
    Then the response status is 204
    When the client sends POST "/Users" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "{alice.userName}"}
      """
    And the created resource is deleted after the scenario
    Then the response status is 201
