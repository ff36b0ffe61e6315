@needs-patch
Feature: RFC 7644 §3.5.2.3 PATCH "replace"
  "replace" without a path replaces the attributes of the value; with a
  path it replaces a single value, a whole multi-valued attribute, the
  values (or sub-attribute) a value filter selects; a missing attribute is
  added; a value filter that matches nothing is 400 noTarget.

  Background:
    Given the client has created a user "alice" with:
      """json
      {"name": {"givenName": "Alice", "familyName": "Archer"}, "externalId": null,
       "emails": [{"value": "work-{alice.userName}", "type": "work", "primary": true},
                  {"value": "home-{alice.userName}", "type": "home"}]}
      """

  @rfc7644-3.5.2.3 @req-RFC7644-3.5.2.3-replace-no-path @must
  Scenario: replace without a path replaces the attributes of the value
    When the client sends PATCH "/Users/{alice.id}" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [
        {"op": "replace", "value": {"displayName": "No Path Name", "name": {"givenName": "Nopath", "familyName": "Archer"}}}]}
      """
    Then the response status is one of 200, 204
    When the client sends GET "/Users/{alice.id}"
    Then the response JSON "displayName" equals "No Path Name"
    And the response JSON "name.givenName" equals "Nopath"
    And the response JSON "userName" equals "{alice.userName}"

  @rfc7644-3.5.2.3 @req-RFC7644-3.5.2.3-replace-single @must
  Scenario: replace of a single-valued attribute replaces its value
    When the client sends PATCH "/Users/{alice.id}" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [
        {"op": "replace", "path": "displayName", "value": "Replaced Display"}]}
      """
    Then the response status is one of 200, 204
    When the client sends GET "/Users/{alice.id}"
    Then the response JSON "displayName" equals "Replaced Display"

  @rfc7644-3.5.2.3 @req-RFC7644-3.5.2.3-replace-multi-all @must
  Scenario: replace of a multi-valued attribute without a filter replaces every value
    When the client sends PATCH "/Users/{alice.id}" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [
        {"op": "replace", "path": "emails", "value": [{"value": "only-{alice.userName}", "type": "other"}]}]}
      """
    Then the response status is one of 200, 204
    When the client sends GET "/Users/{alice.id}"
    Then the response JSON "emails.#" is 1
    And the response JSON "emails.0.value" equals "only-{alice.userName}"

  @rfc7644-3.5.2.3 @req-RFC7644-3.5.2.3-replace-missing-is-add @must
  Scenario: replace of an attribute that has no value adds it
    When the client sends PATCH "/Users/{alice.id}" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [
        {"op": "replace", "path": "externalId", "value": "was-missing-{alice.userName}"}]}
      """
    Then the response status is one of 200, 204
    When the client sends GET "/Users/{alice.id}"
    Then the response JSON "externalId" equals "was-missing-{alice.userName}"

  @rfc7644-3.5.2.3 @req-RFC7644-3.5.2.3-replace-complex @must
  Scenario: replace of a complex attribute leaves unnamed sub-attributes unchanged
    When the client sends PATCH "/Users/{alice.id}" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [
        {"op": "replace", "path": "name", "value": {"givenName": "Alicia"}}]}
      """
    Then the response status is one of 200, 204
    When the client sends GET "/Users/{alice.id}"
    Then the response JSON "name.givenName" equals "Alicia"
    And the response JSON "name.familyName" equals "Archer"

  @rfc7644-3.5.2.3 @req-RFC7644-3.5.2.3-replace-value-filter @must
  Scenario: replace with a value filter and sub-attribute changes only the matching value
    When the client sends PATCH "/Users/{alice.id}" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [
        {"op": "replace", "path": "emails[type eq \"work\"].value", "value": "new-work-{alice.userName}"}]}
      """
    Then the response status is one of 200, 204
    When the client sends GET "/Users/{alice.id}"
    Then the response JSON "emails.#(type==\"work\").value" equals "new-work-{alice.userName}"
    And the response JSON "emails.#(type==\"home\").value" equals "home-{alice.userName}"

  @rfc7644-3.5.2.3 @req-RFC7644-3.5.2.3-replace-value-filter @must
  Scenario: replace with a value filter replaces the whole matching value
    When the client sends PATCH "/Users/{alice.id}" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [
        {"op": "replace", "path": "emails[type eq \"home\"]", "value": {"value": "other-{alice.userName}", "type": "home"}}]}
      """
    Then the response status is one of 200, 204
    When the client sends GET "/Users/{alice.id}"
    Then the response JSON "emails.#(type==\"home\").value" equals "other-{alice.userName}"
    And the response JSON "emails.#(type==\"work\").value" equals "work-{alice.userName}"

  @rfc7644-3.5.2.3 @req-RFC7644-3.5.2.3-replace-no-match @req-RFC7644-3.12-scim-type @must
  Scenario: replace with a value filter that matches nothing is 400 noTarget
    When the client sends PATCH "/Users/{alice.id}" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [
        {"op": "replace", "path": "emails[type eq \"pager\"].value", "value": "x@example.com"}]}
      """
    Then the response is a SCIM error with status "400" and scimType "noTarget"
    When the client sends GET "/Users/{alice.id}"
    Then the response JSON "emails.#" is 2
