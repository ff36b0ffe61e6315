@needs-etag
Feature: RFC 7644 §3.14 Versioning resources with ETags
  Runs only when /ServiceProviderConfig declares etag.supported. The
  version is then an ETag header (and meta.version); If-None-Match with
  the current version is 304; If-Match with an outdated one is 412.

  Background:
    Given the client has created a user "alice"

  @rfc7644-3.14 @req-RFC7644-3.14-etag-header @must
  Scenario: A retrieved resource carries an ETag header equal to meta.version
    When the client sends GET "/Users/{alice.id}"
    Then the response status is 200
    And the response header "ETag" equals the response JSON "meta.version"

  @rfc7644-3.14 @req-RFC7644-3.14-if-none-match @must
  Scenario: If-None-Match with the current version is 304 Not Modified with no body
    When the client sends GET "/Users/{alice.id}"
    And I remember the response header "ETag" as "etag"
    And the client sends GET "/Users/{alice.id}" with the header "If-None-Match" set to "{etag}"
    Then the response status is 304
    And the response body is empty

  @rfc7644-3.14 @req-RFC7644-3.14-if-match @must
  Scenario: If-Match with an outdated version is 412 and nothing changes
    When the client sends GET "/Users/{alice.id}"
    And I remember the response header "ETag" as "oldEtag"
    And the client sends PUT "/Users/{alice.id}" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "{alice.userName}", "displayName": "Newer"}
      """
    Then the response status is 200
    When the client sends PUT "/Users/{alice.id}" with the header "If-Match" set to "{oldEtag}" and body:
      """json
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "{alice.userName}", "displayName": "Stale"}
      """
    Then the response is a SCIM error with status "412"
    When the client sends GET "/Users/{alice.id}"
    Then the response JSON "displayName" equals "Newer"
