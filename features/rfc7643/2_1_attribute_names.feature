Feature: RFC 7643 §2.1 Attribute names are case insensitive
  A client may write attribute names in any case; the target treats
  "USERNAME" and "userName" alike.

  @rfc7643-2.1 @req-RFC7643-2.1-names-case-insensitive @must
  Scenario: A user created with oddly cased attribute names keeps their values
    Given a unique marker remembered as "tag"
    When the client sends POST "/Users" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "USERNAME": "{tag}-cased@example.com",
       "DisplayName": "Cased Name", "NAME": {"GivenName": "Cased", "FAMILYNAME": "Name"}}
      """
    And the created resource is deleted after the scenario
    Then the response status is 201
    And I remember the response JSON "id" as "casedId"
    When the client sends GET "/Users/{casedId}"
    Then the response JSON "userName" equals "{tag}-cased@example.com"
    And the response JSON "displayName" equals "Cased Name"
    And the response JSON "name.familyName" equals "Name"
