Feature: RFC 7644 §3.4.2 Query resources — the ListResponse
  A query answers a ListResponse: its schema URI, totalResults, Resources
  when there are any; a query that matches nothing is a success with
  totalResults 0; unknown query parameters are ignored.

  @rfc7644-3.4.2 @req-RFC7644-3.4.2-list-response-schema @req-RFC7644-3.4.2-total-results @req-RFC7644-3.4.2-resources @needs-filter @must
  Scenario: A query answers a ListResponse with totalResults and Resources
    Given a unique marker remembered as "tag"
    And the client has created a user "alice" with:
      """json
      {"userName": "{tag}-alice@example.com"}
      """
    When the client sends GET "/Users?filter=userName eq \"{tag}-alice@example.com\""
    Then the response status is 200
    And the response JSON "schemas.#(==\"urn:ietf:params:scim:api:messages:2.0:ListResponse\")" exists
    And the response JSON "totalResults" is 1
    And the Resources are exactly the users "alice"

  @rfc7644-3.4.2 @req-RFC7644-3.4.2-no-match @needs-filter @must
  Scenario: A query that matches nothing is 200 with totalResults 0
    Given a unique marker remembered as "tag"
    When the client sends GET "/Users?filter=userName eq \"{tag}-nobody@example.com\""
    Then the response status is 200
    And the response JSON "totalResults" is 0
    And the number of Resources is 0

  @rfc7644-3.4.2 @req-RFC7644-3.4.2-paged-fields @needs-filter @must
  Scenario: A partial page carries startIndex and itemsPerPage
    Given a unique marker remembered as "tag"
    And the client has created a user "alice" with:
      """json
      {"userName": "{tag}-a@example.com"}
      """
    And the client has created a user "bob" with:
      """json
      {"userName": "{tag}-b@example.com"}
      """
    When the client sends GET "/Users?filter=userName sw \"{tag}\"&count=1"
    Then the response status is 200
    And the response JSON "totalResults" is 2
    And the response JSON "startIndex" is 1
    And the response JSON "itemsPerPage" is 1

  @rfc7644-3.4.2 @req-RFC7644-3.4.2-unknown-parameters @needs-filter @should
  Scenario: An unknown query parameter is ignored, not rejected
    Given a unique marker remembered as "tag"
    And the client has created a user "alice" with:
      """json
      {"userName": "{tag}-alice@example.com"}
      """
    When the client sends GET "/Users?filter=userName eq \"{tag}-alice@example.com\"&x-scimharness-unknown=1"
    Then the response status is 200
    And the Resources are exactly the users "alice"
