Feature: RFC 7644 §3.12 HTTP status and error response handling
  Every error carries a JSON body with the Error schema, "status" as a JSON
  string equal to the HTTP status, and the scimType of Table 9; it is
  served as application/scim+json. A missing or bad Authorization header is
  401.

  @rfc7644-3.12 @req-RFC7644-3.12-error-body @req-RFC7644-3.12-status-string @req-RFC7644-3.12-404 @must
  Scenario: A 404 is an Error document with status as a string
    Given a unique marker remembered as "tag"
    When the client sends GET "/Users/{tag}-no-such-user"
    Then the response is a SCIM error with status "404"
    And the response JSON "status" equals "404"
    And the response header "Content-Type" contains "application/scim+json"

  @rfc7644-3.12 @req-RFC7644-3.12-error-body @req-RFC7644-3.12-status-string @req-RFC7644-3.12-scim-type @must
  Scenario: A 409 uniqueness error is an Error document with status as a string
    Given the client has created a user "alice"
    When the client sends POST "/Users" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "{alice.userName}"}
      """
    And the created resource is deleted after the scenario
    Then the response is a SCIM error with status "409" and scimType "uniqueness"
    And the response JSON "status" equals "409"
    And the response header "Content-Type" contains "application/scim+json"

  @rfc7644-3.12 @req-RFC7644-3.12-invalid-syntax @req-RFC7644-3.12-status-string @should
  Scenario: A body that is not JSON is refused with 400 invalidSyntax
    When the client sends POST "/Users" with body:
      """
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": 
      """
    Then the response is a SCIM error with status "400" and scimType "invalidSyntax"
    And the response header "Content-Type" contains "application/scim+json"

  @rfc7644-3.12 @req-RFC7644-3.12-invalid-value @req-RFC7643-2.2-required @req-RFC7643-4.1-username @must
  Scenario: A user without the required userName is refused with 400 invalidValue
    When the client sends POST "/Users" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "displayName": "No userName"}
      """
    And the created resource is deleted after the scenario
    Then the response is a SCIM error with status "400" and scimType "invalidValue"

  @rfc7644-3.12 @req-RFC7644-3.12-invalid-value @req-RFC7643-4.2-group-display-name @req-RFC7643-2.2-required @must
  Scenario: A group without the required displayName is refused with 400 invalidValue
    When the client sends POST "/Groups" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"]}
      """
    And the created resource is deleted after the scenario
    Then the response is a SCIM error with status "400" and scimType "invalidValue"

  @rfc7644-3.12 @req-RFC7644-3.12-invalid-value @should
  Scenario: A value of the wrong type is refused with 400 invalidValue
    When the client sends POST "/Users" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "wrong-type@example.com", "active": "sometimes"}
      """
    And the created resource is deleted after the scenario
    Then the response is a SCIM error with status "400" and scimType "invalidValue"

  @rfc7644-3.12 @req-RFC7644-3.12-401 @should
  Scenario Outline: A request <how> is refused with 401
    When the client sends GET "/Users" <request>
    Then the response is a SCIM error with status "401"

    Examples:
      | how                          | request                          |
      | without a token              | without a token                  |
      | with an unknown token        | with the token "unknown"         |
      | with a malformed token       | with the token "malformed"       |

  @rfc7644-3.12 @req-RFC7644-3.12-401 @should
  Scenario: Single-resource requests without a token are refused with 401
    Given the client has created a user "alice"
    When the client sends GET "/Users/{alice.id}" without a token
    Then the response is a SCIM error with status "401"
    When the client sends DELETE "/Users/{alice.id}" without a token
    Then the response is a SCIM error with status "401"
    When the client sends GET "/Users/{alice.id}"
    Then the response status is 200

  @rfc7644-3.12 @req-RFC7644-3.12-501 @should
  Scenario: A target that declares PATCH unsupported answers PATCH with 501
    Given the target declares "patch" unsupported
    And the client has created a user "alice"
    When the client sends PATCH "/Users/{alice.id}" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [
        {"op": "replace", "path": "displayName", "value": "x"}]}
      """
    Then the response is a SCIM error with status "501"

  # The one operation deletes an id that never existed, so a target that
  # wrongly runs it changes nothing. RFC 7644 §3.12 Table 8 offers 501 ("does
  # not support the request operation") but also 404 ("Specified resource
  # (e.g., User) or endpoint does not exist"), and no text ties an unsupported
  # /Bulk to 501: a target without the endpoint may answer either.
  @rfc7644-3.12 @req-RFC7644-3.12-501 @should
  Scenario: A target that declares bulk unsupported answers POST /Bulk with 501
    Given the target declares "bulk" unsupported
    And a unique marker remembered as "tag"
    When the client sends POST "/Bulk" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"], "Operations": [
        {"method": "DELETE", "path": "/Users/{tag}-never-existed"}]}
      """
    Then the response is a SCIM error with one of the statuses 501, 404
