@needs-patch
Feature: RFC 7644 §3.5.2.1 An "add" of what is already there changes nothing, not even the timestamp
  "If the target location already contains the value specified, no changes
  SHOULD be made to the resource, and a success response SHOULD be
  returned.  Unless other operations change the resource, this operation
  SHALL NOT change the modify timestamp of the resource." Checked for a
  single-valued attribute (the displayName the user has) and a
  multi-valued one (a member already in the group), on meta.lastModified
  and, where the target declares ETags, on meta.version.

  @rfc7644-3.5.2.1 @req-RFC7644-3.5.2.1-add-existing-no-timestamp @must
  Scenario: Adding the displayName a user already has leaves meta.lastModified unchanged
    Given the client has created a user "alice"
    When the client sends GET "/Users/{alice.id}"
    Then the response status is 200
    And the response JSON "displayName" equals "{alice.displayName}"
    And the response JSON "meta.lastModified" is a valid xsd:dateTime
    And I remember the response JSON "meta.lastModified" as "modified"
    When the client sends PATCH "/Users/{alice.id}" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [
        {"op": "add", "path": "displayName", "value": "{alice.displayName}"}]}
      """
    Then the response status is one of 200, 204
    When the client sends GET "/Users/{alice.id}"
    Then the response status is 200
    And the response JSON "displayName" equals "{alice.displayName}"
    And the response JSON "meta.lastModified" equals "{modified}"

  @rfc7644-3.5.2.1 @req-RFC7644-3.5.2.1-add-existing-no-timestamp @must
  Scenario: Adding a member already in the group leaves the group's meta.lastModified unchanged
    Given the client has created a user "alice"
    And the client has created a group "team" with members "alice"
    When the client sends GET "/Groups/{team.id}"
    Then the response status is 200
    And the response JSON "members.#(value==\"{alice.id}\").value" equals "{alice.id}"
    And the response JSON "meta.lastModified" is a valid xsd:dateTime
    And I remember the response JSON "meta.lastModified" as "modified"
    When the client sends PATCH "/Groups/{team.id}" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [
        {"op": "add", "path": "members", "value": [{"value": "{alice.id}"}]}]}
      """
    Then the response status is one of 200, 204
    When the client sends GET "/Groups/{team.id}"
    Then the response status is 200
    And the response JSON "members.#" is 1
    And the response JSON "meta.lastModified" equals "{modified}"

  @rfc7644-3.5.2.1 @req-RFC7644-3.5.2.1-add-existing-value @needs-etag @should
  Scenario: Adding the displayName a user already has keeps its version
    Given the client has created a user "alice"
    When the client sends GET "/Users/{alice.id}"
    Then the response status is 200
    And the response JSON "displayName" equals "{alice.displayName}"
    And I remember the response JSON "meta.version" as "version"
    When the client sends PATCH "/Users/{alice.id}" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [
        {"op": "add", "path": "displayName", "value": "{alice.displayName}"}]}
      """
    Then the response status is one of 200, 204
    When the client sends GET "/Users/{alice.id}"
    Then the response status is 200
    And the response JSON "meta.version" equals "{version}"
    And the response header "ETag" equals the response JSON "meta.version"

  @rfc7644-3.5.2.1 @req-RFC7644-3.5.2.1-add-existing-value @needs-etag @should
  Scenario: Adding a member already in the group keeps the group's version
    Given the client has created a user "alice"
    And the client has created a group "team" with members "alice"
    When the client sends GET "/Groups/{team.id}"
    Then the response status is 200
    And the response JSON "members.#(value==\"{alice.id}\").value" equals "{alice.id}"
    And I remember the response JSON "meta.version" as "version"
    When the client sends PATCH "/Groups/{team.id}" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [
        {"op": "add", "path": "members", "value": [{"value": "{alice.id}"}]}]}
      """
    Then the response status is one of 200, 204
    When the client sends GET "/Groups/{team.id}"
    Then the response status is 200
    And the response JSON "members.#" is 1
    And the response JSON "meta.version" equals "{version}"
