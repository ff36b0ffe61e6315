Feature: RFC 7644 §3.8 Data input/output formats
  JSON in UTF-8; "Accept: application/scim+json" must be honoured,
  "Accept: application/json" should be; without an Accept header the
  answer is application/scim+json; null and [] mean unassigned.

  @rfc7644-3.8 @req-RFC7644-3.8-utf8 @must
  Scenario: Non-ASCII values round-trip unchanged in UTF-8
    Given the client has created a user "alice" with:
      """json
      {"displayName": "Zoë Ångström-Łukasz 山田 🚀", "name": {"givenName": "Zoë", "familyName": "Ångström"}}
      """
    When the client sends GET "/Users/{alice.id}"
    Then the response status is 200
    And the response JSON "displayName" equals "Zoë Ångström-Łukasz 山田 🚀"
    And the response JSON "name.givenName" equals "Zoë"

  @rfc7644-3.8 @req-RFC7644-3.8-accept-scim-json @must
  Scenario: Accept: application/scim+json is answered with application/scim+json
    Given the client has created a user "alice"
    When the client sends GET "/Users/{alice.id}" with the header "Accept" set to "application/scim+json"
    Then the response status is 200
    And the response header "Content-Type" contains "application/scim+json"

  @rfc7644-3.8 @req-RFC7644-3.8-accept-json @should
  Scenario: Accept: application/json is answered with JSON
    Given the client has created a user "alice"
    When the client sends GET "/Users/{alice.id}" with the header "Accept" set to "application/json"
    Then the response status is 200
    And the response header "Content-Type" contains "json"
    And the response JSON "id" equals "{alice.id}"

  @rfc7644-3.8 @req-RFC7644-3.8-default-format @must
  Scenario: Without an Accept header the answer is application/scim+json
    Given the client has created a user "alice"
    When the client sends GET "/Users/{alice.id}" with the header "Accept" set to ""
    Then the response status is 200
    And the response header "Content-Type" contains "application/scim+json"

  @rfc7644-3.8 @req-RFC7644-3.8-unassigned @must
  Scenario: Replacing with null or an empty array unassigns the attribute
    Given the target's User schema declares "phoneNumbers"
    And the client has created a user "alice" with:
      """json
      {"displayName": "Will Be Cleared", "phoneNumbers": [{"value": "+15550100", "type": "work"}]}
      """
    When the client sends PUT "/Users/{alice.id}" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "{alice.userName}",
       "displayName": null, "phoneNumbers": []}
      """
    Then the response status is 200
    When the client sends GET "/Users/{alice.id}"
    Then the response status is 200
    And the response JSON "displayName" is unassigned
    And the response JSON "phoneNumbers" is unassigned
