Feature: RFC 7644 §3.1 Background — the SCIM media type
  SCIM carries resources and messages as JSON identified by the media type
  "application/scim+json". Every answer the target gives a SCIM client is
  checked for it.

  @rfc7644-3.1 @req-RFC7644-3.1-scim-media-type @must
  Scenario: A retrieved resource is served as application/scim+json
    Given the client has created a user "alice"
    When the client sends GET "/Users/{alice.id}"
    Then the response status is 200
    And the response header "Content-Type" contains "application/scim+json"

  @rfc7644-3.1 @req-RFC7644-3.1-scim-media-type @must
  Scenario: A list response is served as application/scim+json
    When the client sends GET "/Users?count=1"
    Then the response status is 200
    And the response header "Content-Type" contains "application/scim+json"
