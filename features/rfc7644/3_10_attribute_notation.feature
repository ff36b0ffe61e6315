@needs-filter
Feature: RFC 7644 §3.10 Attribute notation
  Attributes may be named with their schema URN prefix, and every facet of
  the name — URN, attribute and sub-attribute — is case insensitive.

  Background:
    Given a unique marker remembered as "tag"
    And the client has created a user "alice" with:
      """json
      {"userName": "{tag}-alice@example.com", "name": {"givenName": "Alice", "familyName": "Archer"}}
      """

  @rfc7644-3.10 @req-RFC7644-3.10-urn-qualified @must
  Scenario: A filter may name attributes with the full core schema URN
    When the client sends GET "/Users?filter=urn:ietf:params:scim:schemas:core:2.0:User:userName eq \"{tag}-alice@example.com\""
    Then the response status is 200
    And the Resources are exactly the users "alice"
    When the client sends GET "/Users?filter=userName sw \"{tag}\" and urn:ietf:params:scim:schemas:core:2.0:User:name.familyName eq \"Archer\""
    Then the Resources are exactly the users "alice"

  @rfc7644-3.10 @req-RFC7644-3.10-urn-qualified @must
  Scenario: attributes may name an attribute with the full core schema URN
    When the client sends GET "/Users/{alice.id}?attributes=urn:ietf:params:scim:schemas:core:2.0:User:userName"
    Then the response status is 200
    And the response JSON "userName" equals "{tag}-alice@example.com"
    And the response JSON "name" does not exist

  @rfc7644-3.10 @req-RFC7644-3.10-case-insensitive @must
  Scenario: URN, attribute and sub-attribute names are case insensitive
    When the client sends GET "/Users?filter=URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER:NAME.FAMILYNAME eq \"Archer\" and USERNAME sw \"{tag}\""
    Then the response status is 200
    And the Resources are exactly the users "alice"
    When the client sends GET "/Users/{alice.id}?attributes=NAME.GIVENNAME"
    Then the response JSON "name.givenName" equals "Alice"
