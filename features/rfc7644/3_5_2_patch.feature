@needs-patch
Feature: RFC 7644 §3.5.2 Modifying with PATCH
  Runs only when /ServiceProviderConfig declares patch.supported.
  Operations apply in order; the request is atomic — one failing operation
  leaves the resource exactly as it was; mutability is enforced; success is
  200 with the resource (or 204), and 200 whenever "attributes" is asked for.

  Background:
    Given the client has created a user "alice"

  @rfc7644-3.5 @req-RFC7644-3.5-patch-supported @should
  Scenario: The target advertises PATCH support
    When the client sends GET "/ServiceProviderConfig"
    Then the response JSON "patch.supported" is true

  @rfc7644-3.5.2 @req-RFC7644-3.5.2-sequential @req-RFC7644-3.5.2-success-response @must
  Scenario: Operations apply in order, each on the result of the last
    When the client sends PATCH "/Users/{alice.id}" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [
        {"op": "add", "path": "displayName", "value": "First"},
        {"op": "replace", "path": "displayName", "value": "Second"},
        {"op": "add", "path": "externalId", "value": "seq-{alice.externalId}"},
        {"op": "remove", "path": "externalId"}]}
      """
    Then the response status is one of 200, 204
    When the client sends GET "/Users/{alice.id}"
    Then the response JSON "displayName" equals "Second"
    And the response JSON "externalId" is unassigned

  @rfc7644-3.5.2 @req-RFC7644-3.5.2-atomic @req-RFC7644-3.5.2-failure-error @must
  Scenario: A multi-operation PATCH with one failing operation changes nothing
    When the client sends PATCH "/Users/{alice.id}" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [
        {"op": "replace", "path": "displayName", "value": "Must Not Stick"},
        {"op": "replace", "path": "name.givenName", "value": "Must Not Stick Either"},
        {"op": "remove"}]}
      """
    Then the response is a SCIM error with status "400"
    When the client sends GET "/Users/{alice.id}"
    Then the response JSON "displayName" equals "{alice.displayName}"
    And the response JSON "name.givenName" equals "{alice.givenName}"

  @rfc7644-3.5.2 @req-RFC7644-3.5.2-mutability @req-RFC7643-2.2-mutability-readonly @req-RFC7644-3.12-scim-type @must
  Scenario: Replacing the readOnly id is refused with 400 mutability
    When the client sends PATCH "/Users/{alice.id}" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [
        {"op": "replace", "path": "id", "value": "another-id"}]}
      """
    Then the response is a SCIM error with status "400" and scimType "mutability"
    When the client sends GET "/Users/{alice.id}"
    Then the response status is 200
    And the response JSON "id" equals "{alice.id}"

  # RFC 7643 §3.1 says of "meta": "This attribute SHALL be ignored when
  # provided by clients", so a target may also answer 2xx and ignore it; what
  # both readings require is that meta.created does not change.
  @rfc7644-3.5.2 @req-RFC7644-3.5.2-mutability @req-RFC7643-2.2-mutability-readonly @req-RFC7643-3.1-meta-ignored @must
  Scenario: Replacing readOnly meta.created is refused or ignored and leaves it unchanged
    When the client sends GET "/Users/{alice.id}"
    And I remember the response JSON "meta.created" as "created"
    And the client sends PATCH "/Users/{alice.id}" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [
        {"op": "replace", "path": "meta.created", "value": "2001-01-01T00:00:00Z"}]}
      """
    Then the response is a success, or a SCIM error with status "400" and scimType "mutability"
    When the client sends GET "/Users/{alice.id}"
    Then the response JSON "meta.created" equals "{created}"

  @rfc7644-3.5.2 @req-RFC7644-3.5.2-attributes-200 @must
  Scenario: A PATCH with "attributes" answers 200 with the asked-for attributes
    When the client sends PATCH "/Users/{alice.id}?attributes=displayName" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [
        {"op": "replace", "path": "displayName", "value": "Projected"}]}
      """
    Then the response status is 200
    And the response JSON "displayName" equals "Projected"
    And the response JSON "id" equals "{alice.id}"
    And the response JSON "emails" does not exist

  @rfc7644-3.5.2 @req-RFC7644-3.5.2-primary-exclusive @req-RFC7643-2.4-primary-once @must
  Scenario: Setting one email primary clears primary on the others
    When the client sends PATCH "/Users/{alice.id}" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [
        {"op": "replace", "path": "emails", "value": [
          {"value": "{alice.userName}", "type": "work", "primary": true},
          {"value": "home-{alice.userName}", "type": "home"}]}]}
      """
    Then the response status is one of 200, 204
    When the client sends PATCH "/Users/{alice.id}" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [
        {"op": "replace", "path": "emails[type eq \"home\"].primary", "value": true}]}
      """
    Then the response status is one of 200, 204
    When the client sends GET "/Users/{alice.id}"
    Then the response JSON "emails.#(type==\"home\").primary" is true
    And the response JSON "emails.#(primary==true)#|#" is 1

  @rfc7644-3.12 @req-RFC7644-3.12-invalid-path @should
  Scenario: A malformed path is refused with 400 invalidPath
    When the client sends PATCH "/Users/{alice.id}" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [
        {"op": "replace", "path": "emails[type eq \"work\"", "value": "x@example.com"}]}
      """
    Then the response is a SCIM error with status "400" and scimType "invalidPath"
