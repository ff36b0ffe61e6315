@needs-bulk
Feature: RFC 7644 §3.7 Bulk operations
  Runs only when /ServiceProviderConfig declares bulk.supported. The target
  must then publish its limits, answer every processed operation, carry on
  past failures, resolve bulkId references and refuse oversized requests
  with 413.

  @rfc7644-3.7.4 @req-RFC7644-3.7.4-limits-defined @must
  Scenario: The bulk limits are declared
    When the client sends GET "/ServiceProviderConfig"
    Then the response JSON "bulk.maxOperations" is at least 1
    And the response JSON "bulk.maxPayloadSize" is at least 1

  @rfc7644-3.7 @req-RFC7644-3.7-continue-on-error @req-RFC7644-3.7.3-all-results @req-RFC7644-3.7.3-location @req-RFC7644-3.7.3-error-response @must
  Scenario: A failing operation does not stop the others, and each has a result
    Given a unique marker remembered as "tag"
    When the client sends POST "/Bulk" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"], "Operations": [
        {"method": "POST", "path": "/Users", "bulkId": "first",
         "data": {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "{tag}-bulk1@example.com"}},
        {"method": "POST", "path": "/Users", "bulkId": "duplicate",
         "data": {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "{tag}-bulk1@example.com"}},
        {"method": "POST", "path": "/Users", "bulkId": "third",
         "data": {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "{tag}-bulk3@example.com"}}]}
      """
    And every resource the bulk response created is deleted after the scenario
    Then the response status is 200
    And the response JSON "schemas.#(==\"urn:ietf:params:scim:api:messages:2.0:BulkResponse\")" exists
    And the response JSON "Operations.#" is 3
    And the response JSON "Operations.#(bulkId==\"first\").status" equals "201"
    And the response JSON "Operations.#(bulkId==\"first\").location" exists
    And the response JSON "Operations.#(bulkId==\"third\").status" equals "201"
    And the response JSON "Operations.#(bulkId==\"third\").location" exists
    And the response JSON "Operations.#(bulkId==\"duplicate\").status" equals "409"
    And the response JSON "Operations.#(bulkId==\"duplicate\").response.schemas.0" equals "urn:ietf:params:scim:api:messages:2.0:Error"

  @rfc7644-3.7.3 @req-RFC7644-3.7.3-fail-on-errors @needs-filter @must
  Scenario: failOnErrors stops the remaining operations once that many have failed
    Given a unique marker remembered as "tag"
    And the client has created a user "alice"
    When the client sends POST "/Bulk" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"], "failOnErrors": 1, "Operations": [
        {"method": "POST", "path": "/Users", "bulkId": "duplicate",
         "data": {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "{alice.userName}"}},
        {"method": "POST", "path": "/Users", "bulkId": "after",
         "data": {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "{tag}-after@example.com"}}]}
      """
    And every resource the bulk response created is deleted after the scenario
    Then the response status is 200
    And the response JSON "Operations.#(bulkId==\"duplicate\").status" equals "409"
    And the response JSON "Operations.#(bulkId==\"after\")" does not exist
    When the client sends GET "/Users?filter=userName eq \"{tag}-after@example.com\""
    Then the response status is 200
    And the response JSON "totalResults" is 0

  @rfc7644-3.7.2 @req-RFC7644-3.7.2-bulkid-reference @needs-filter @must
  Scenario: A group can reference a user created in the same request by bulkId
    Given a unique marker remembered as "tag"
    When the client sends POST "/Bulk" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"], "Operations": [
        {"method": "POST", "path": "/Users", "bulkId": "member",
         "data": {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "{tag}-member@example.com"}},
        {"method": "POST", "path": "/Groups", "bulkId": "group",
         "data": {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "{tag} bulk group",
                  "members": [{"type": "User", "value": "bulkId:member"}]}}]}
      """
    And every resource the bulk response created is deleted after the scenario
    Then the response status is 200
    And the response JSON "Operations.#(bulkId==\"group\").status" equals "201"
    When the client sends GET "/Users?filter=userName eq \"{tag}-member@example.com\""
    And I remember the response JSON "Resources.0.id" as "memberId"
    And the client sends GET "/Groups?filter=displayName eq \"{tag} bulk group\""
    Then the response JSON "Resources.0.members.0.value" equals "{memberId}"

  @rfc7644-3.7.4 @req-RFC7644-3.7.4-limit-413 @must
  Scenario: A request with more operations than maxOperations is refused with 413
    When the client sends a bulk request with one operation more than the declared maxOperations
    Then the response status is 413
