@needs-sort @needs-filter
Feature: RFC 7644 §3.4.2.3 Sorting
  Runs only when /ServiceProviderConfig declares sort.supported: a target
  that declares it must then order by sortBy, ascending by default,
  case-insensitively for caseExact=false strings, with missing values last
  when ascending and first when descending (externalId is the attribute
  only some users have: RFC 7643 §3.1 makes it common to every target).

  Background:
    Given a unique marker remembered as "tag"
    And the client has created a user "bravo" with:
      """json
      {"userName": "{tag}-Bravo@example.com", "externalId": "{tag}-b"}
      """
    And the client has created a user "alpha" with:
      """json
      {"userName": "{tag}-alpha@example.com", "externalId": "{tag}-a"}
      """
    And the client has created a user "charlie" with:
      """json
      {"userName": "{tag}-charlie@example.com", "externalId": null}
      """

  @rfc7644-3.4.2.3 @req-RFC7644-3.4.2.3-sort-by @req-RFC7644-3.4.2.3-sort-order-default @must
  Scenario: sortBy without sortOrder sorts ascending
    When the client sends GET "/Users?filter=userName sw \"{tag}\"&sortBy=userName"
    Then the response status is 200
    And the Resources are the users "alpha, bravo, charlie" in this order

  @rfc7644-3.4.2.3 @req-RFC7644-3.4.2.3-sort-order @must
  Scenario: sortOrder=descending reverses the order
    When the client sends GET "/Users?filter=userName sw \"{tag}\"&sortBy=userName&sortOrder=descending"
    Then the response status is 200
    And the Resources are the users "charlie, bravo, alpha" in this order

  @rfc7644-3.4.2.3 @req-RFC7644-3.4.2.3-sort-order @must
  Scenario: A caseExact=false string sorts case-insensitively
    When the client sends GET "/Users?filter=userName sw \"{tag}\"&sortBy=userName&sortOrder=ascending"
    Then the Resources are the users "alpha, bravo, charlie" in this order

  @rfc7644-3.4.2.3 @req-RFC7644-3.4.2.3-missing-values @must
  Scenario: Users without a value sort last ascending and first descending
    When the client sends GET "/Users?filter=userName sw \"{tag}\"&sortBy=externalId&sortOrder=ascending"
    Then the Resources are the users "alpha, bravo, charlie" in this order
    When the client sends GET "/Users?filter=userName sw \"{tag}\"&sortBy=externalId&sortOrder=descending"
    Then the Resources are the users "charlie, bravo, alpha" in this order
