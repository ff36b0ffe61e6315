@needs-patch
Feature: RFC 7644 §3.5.2.1 PATCH "add"
  "add" without a path adds the value's attributes to the resource; with a
  path it adds a missing attribute, appends to a multi-valued one, replaces
  a single-valued one, and adding a value that is already there changes
  nothing.

  Background:
    Given the client has created a user "alice"

  @rfc7644-3.5.2.1 @req-RFC7644-3.5.2.1-add-no-path @must
  Scenario: add without a path adds the attributes of the value
    When the client sends PATCH "/Users/{alice.id}" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [
        {"op": "add", "value": {"displayName": "Added Display", "externalId": "added-{alice.externalId}"}}]}
      """
    Then the response status is one of 200, 204
    When the client sends GET "/Users/{alice.id}"
    Then the response JSON "displayName" equals "Added Display"
    And the response JSON "externalId" equals "added-{alice.externalId}"
    And the response JSON "userName" equals "{alice.userName}"

  @rfc7644-3.5.2.1 @req-RFC7644-3.5.2.1-add-new-attribute @must
  Scenario: add to an attribute that has no value creates it
    Given the target's User schema declares "profileUrl"
    When the client sends PATCH "/Users/{alice.id}" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [
        {"op": "add", "path": "profileUrl", "value": "https://example.com/profiles/alice"}]}
      """
    Then the response status is one of 200, 204
    When the client sends GET "/Users/{alice.id}"
    Then the response JSON "profileUrl" equals "https://example.com/profiles/alice"

  @rfc7644-3.5.2.1 @req-RFC7644-3.5.2.1-add-multi-valued @must
  Scenario: add to a multi-valued attribute appends a value
    When the client sends PATCH "/Users/{alice.id}" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [
        {"op": "add", "path": "emails", "value": [{"value": "home-{alice.userName}", "type": "home"}]}]}
      """
    Then the response status is one of 200, 204
    When the client sends GET "/Users/{alice.id}"
    Then the response JSON "emails.#(type==\"home\").value" equals "home-{alice.userName}"
    And the response JSON "emails.#(type==\"work\").value" equals "{alice.email}"

  @rfc7644-3.5.2.1 @req-RFC7644-3.5.2.1-add-single-valued @must
  Scenario: add to a single-valued attribute replaces its value
    When the client sends PATCH "/Users/{alice.id}" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [
        {"op": "add", "path": "displayName", "value": "Added Over"}]}
      """
    Then the response status is one of 200, 204
    When the client sends GET "/Users/{alice.id}"
    Then the response JSON "displayName" equals "Added Over"

  @rfc7644-3.5.2.1 @req-RFC7644-3.5.2.1-add-existing-value @should
  Scenario: Adding a member that is already in the group succeeds and changes nothing
    Given the client has created a group "team" with members "alice"
    When the client sends PATCH "/Groups/{team.id}" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [
        {"op": "add", "path": "members", "value": [{"value": "{alice.id}"}]}]}
      """
    Then the response status is one of 200, 204
    When the client retrieves the group "team" with its members
    Then the response JSON "members.#" is 1
    And the response JSON "members.0.value" equals "{alice.id}"
