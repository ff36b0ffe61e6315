@needs-filter
Feature: RFC 7644 §3.4.2.4 Pagination
  startIndex is 1-based and values below 1 mean 1; count caps the page,
  0 (or a negative count) returns only totalResults; totalResults counts
  every match whatever the page; itemsPerPage is the size of the page.

  Background:
    Given a unique marker remembered as "tag"
    And the client has created a user "u1" with:
      """json
      {"userName": "{tag}-u1@example.com"}
      """
    And the client has created a user "u2" with:
      """json
      {"userName": "{tag}-u2@example.com"}
      """
    And the client has created a user "u3" with:
      """json
      {"userName": "{tag}-u3@example.com"}
      """

  @rfc7644-3.4.2.4 @req-RFC7644-3.4.2.4-start-index @req-RFC7644-3.4.2.4-response-start-index @must
  Scenario: Paging one at a time visits every user exactly once
    Then paging through "/Users?filter=userName sw \"{tag}\"" 1 at a time yields exactly the users "u1, u2, u3"

  @rfc7644-3.4.2.4 @req-RFC7644-3.4.2.4-start-index @req-RFC7644-3.4.2.4-response-start-index @must
  Scenario: startIndex=2 starts the page at the second result
    When the client sends GET "/Users?filter=userName sw \"{tag}\"&startIndex=1&count=3"
    And I remember the response JSON "Resources.1.id" as "secondId"
    And the client sends GET "/Users?filter=userName sw \"{tag}\"&startIndex=2&count=1"
    Then the response status is 200
    And the response JSON "startIndex" is 2
    And the response JSON "Resources.0.id" equals "{secondId}"

  @rfc7644-3.4.2.4 @req-RFC7644-3.4.2.4-count-maximum @req-RFC7644-3.4.2.4-items-per-page @req-RFC7644-3.4.2.4-total-results @must
  Scenario: count caps the page while totalResults counts every match
    When the client sends GET "/Users?filter=userName sw \"{tag}\"&count=2"
    Then the response status is 200
    And the number of Resources is at most 2
    And the response JSON "totalResults" is 3
    And itemsPerPage equals the number of Resources

  @rfc7644-3.4.2.4 @req-RFC7644-3.4.2.4-count-zero @must
  Scenario: count=0 returns no resources, only totalResults
    When the client sends GET "/Users?filter=userName sw \"{tag}\"&count=0"
    Then the response status is 200
    And the response JSON "totalResults" is 3
    And the number of Resources is 0

  @rfc7644-3.4.2.4 @req-RFC7644-3.4.2.4-count-negative @must
  Scenario: A negative count is interpreted as 0
    When the client sends GET "/Users?filter=userName sw \"{tag}\"&count=-5"
    Then the response status is 200
    And the response JSON "totalResults" is 3
    And the number of Resources is 0

  @rfc7644-3.4.2.4 @req-RFC7644-3.4.2.4-start-index-below-one @must
  Scenario Outline: startIndex=<startIndex> is interpreted as 1
    When the client sends GET "/Users?filter=userName sw \"{tag}\"&startIndex=<startIndex>&count=10"
    Then the response status is 200
    And the response JSON "startIndex" is 1
    And the response JSON "totalResults" is 3
    And the Resources are exactly the users "u1, u2, u3"

    Examples:
      | startIndex |
      | 0          |
      | -3         |

  @rfc7644-3.4.2.4 @req-RFC7644-3.4.2.4-total-results @req-RFC7644-3.4.2.4-items-per-page @must
  Scenario: A startIndex beyond the last result gives an empty page with the full totalResults
    When the client sends GET "/Users?filter=userName sw \"{tag}\"&startIndex=10&count=5"
    Then the response status is 200
    And the response JSON "totalResults" is 3
    And the number of Resources is 0
    And itemsPerPage equals the number of Resources

  @rfc7644-3.4.2.4 @req-RFC7644-3.4.2.4-items-per-page @must
  Scenario: The last partial page reports how many it holds
    When the client sends GET "/Users?filter=userName sw \"{tag}\"&startIndex=3&count=2"
    Then the response status is 200
    And the response JSON "totalResults" is 3
    And the number of Resources is 1
    And itemsPerPage equals the number of Resources

  @rfc7643-5 @req-RFC7643-5-max-results @must
  Scenario: No page is larger than the declared filter.maxResults
    When the client sends GET "/Users?count=100000"
    Then the response status is 200
    And the number of Resources is at most the declared filter.maxResults
