Feature: RFC 7644 §4 and RFC 7643 §5–7 Service provider configuration endpoints
  /ServiceProviderConfig, /Schemas and /ResourceTypes describe the target;
  the harness reads them once per run to decide what to check, and here
  checks that they are well formed and that what they declare is true.

  @rfc7644-4 @req-RFC7644-4-service-provider-config @req-RFC7643-5-spc-attributes @must
  Scenario: /ServiceProviderConfig declares every feature with a supported flag
    When the client sends GET "/ServiceProviderConfig"
    Then the response status is 200
    And the response header "Content-Type" contains "application/scim+json"
    And the response JSON "schemas.#(==\"urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig\")" exists
    And the response JSON "patch.supported" is a boolean
    And the response JSON "bulk.supported" is a boolean
    And the response JSON "filter.supported" is a boolean
    And the response JSON "changePassword.supported" is a boolean
    And the response JSON "sort.supported" is a boolean
    And the response JSON "etag.supported" is a boolean
    And the response JSON "authenticationSchemes" exists

  @rfc7643-5 @req-RFC7643-5-max-results @needs-filter @must
  Scenario: A target that supports filtering declares filter.maxResults
    When the client sends GET "/ServiceProviderConfig"
    Then the response JSON "filter.maxResults" is at least 1

  @rfc7644-4 @req-RFC7644-4-schemas @req-RFC7643-7-schema-attributes @must
  Scenario: /Schemas lists the supported schemas as a ListResponse
    When the client sends GET "/Schemas"
    Then the response status is 200
    And the response JSON "schemas.#(==\"urn:ietf:params:scim:api:messages:2.0:ListResponse\")" exists
    And the response JSON "Resources.#(id==\"urn:ietf:params:scim:schemas:core:2.0:User\")" exists
    And every resource in Resources has "id"
    And every resource in Resources has "attributes.0.name"
    And every resource in Resources has "attributes.0.type"

  @rfc7644-4 @req-RFC7644-4-schema-by-id @may
  Scenario: A single schema is retrieved by appending its URI
    When the client sends GET "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User"
    And the target may decline this optional feature with 404, 501
    Then the response status is 200
    And the response JSON "id" equals "urn:ietf:params:scim:schemas:core:2.0:User"
    And the response JSON "attributes.#(name==\"userName\")" exists

  @rfc7644-4 @req-RFC7644-4-resource-types @req-RFC7643-6-resource-type @must
  Scenario: /ResourceTypes lists User and Group, each with its schema and endpoint
    When the client sends GET "/ResourceTypes"
    Then the response status is 200
    And the response JSON "schemas.#(==\"urn:ietf:params:scim:api:messages:2.0:ListResponse\")" exists
    And the response JSON "Resources.#(name==\"User\").endpoint" exists
    And the response JSON "Resources.#(name==\"Group\").endpoint" exists
    And every resource in Resources has "schema"
    And every resource in Resources has "endpoint"

  @rfc7643-6 @req-RFC7643-6-resource-type @must
  Scenario: Every resource type's schema is a schema /Schemas serves
    Then every resource type's schema is served by /Schemas

  @rfc7644-4 @req-RFC7644-4-resource-types @must
  Scenario: Every resource type's endpoint answers a ListResponse
    Then every resource type's endpoint answers a ListResponse

  @rfc7644-4 @req-RFC7644-4-ignore-query @must
  Scenario: Pagination parameters are ignored on /Schemas and /ResourceTypes
    When the client sends GET "/Schemas"
    And I remember the response JSON "totalResults" as "schemaCount"
    And the client sends GET "/Schemas?count=1&startIndex=2"
    Then the response status is 200
    And the response JSON "totalResults" equals the remembered number "schemaCount"
    And the number of Resources equals the remembered number "schemaCount"

  # §4 says both that query parameters SHALL be ignored and that a filter
  # SHOULD be answered 403: either answer is accepted, a filtered list is not.
  @rfc7644-4 @req-RFC7644-4-filter-403 @req-RFC7644-4-ignore-query @must
  Scenario: A filter on /Schemas is refused with 403 or ignored, never applied
    When the client sends GET "/Schemas"
    And I remember the response JSON "totalResults" as "schemaCount"
    And the client sends GET "/Schemas?filter=id eq \"urn:ietf:params:scim:schemas:core:2.0:User\""
    Then the response is 403, or a list of all "schemaCount" resources

  @rfc7644-3.4.2.3 @req-RFC7644-3.4.2.3-sort-by @needs-sort @needs-filter @must
  Scenario: A target that declares sort.supported honours sortBy
    Given a unique marker remembered as "tag"
    And the client has created a user "second" with:
      """json
      {"userName": "{tag}-2@example.com"}
      """
    And the client has created a user "first" with:
      """json
      {"userName": "{tag}-1@example.com"}
      """
    When the client sends GET "/Users?filter=userName sw \"{tag}\"&sortBy=userName&sortOrder=descending"
    Then the Resources are the users "second, first" in this order
