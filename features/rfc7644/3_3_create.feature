Feature: RFC 7644 §3.3 Creating resources
  POST to a resource endpoint creates a resource: 201, the new
  representation, its URI in Location and meta.location, meta.resourceType
  set by the provider, readOnly input ignored, duplicates refused with 409.

  @rfc7644-3.3 @req-RFC7644-3.3-create-201 @req-RFC7644-3.3-create-representation @must
  Scenario: Creating a user answers 201 with the new representation
    Given a unique marker remembered as "tag"
    When the client sends POST "/Users" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "{tag}-create@example.com",
       "name": {"givenName": "Ada", "familyName": "Lovelace"}, "active": true}
      """
    And the created resource is deleted after the scenario
    Then the response status is 201
    And the response JSON "userName" equals "{tag}-create@example.com"
    And the response JSON "name.givenName" equals "Ada"
    And the response JSON "id" exists

  @rfc7644-3.3 @req-RFC7644-3.3-location @must
  Scenario: The Location header of a created user equals its meta.location
    Given a unique marker remembered as "tag"
    When the client sends POST "/Users" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "{tag}-located@example.com"}
      """
    And the created resource is deleted after the scenario
    Then the response status is 201
    And the response JSON "meta.location" exists
    And the response header "Location" equals the response JSON "meta.location"

  @rfc7644-3.3 @req-RFC7644-3.3-location @must
  Scenario: The Location header of a created group equals its meta.location
    Given a unique marker remembered as "tag"
    When the client sends POST "/Groups" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "{tag} located group"}
      """
    And the created resource is deleted after the scenario
    Then the response status is 201
    And the response header "Location" equals the response JSON "meta.location"

  @rfc7644-3.3.1 @req-RFC7644-3.3.1-resource-type @must
  Scenario: A user created at /Users has meta.resourceType "User"
    Given the client has created a user "alice"
    Then the response JSON "meta.resourceType" equals "User"

  @rfc7644-3.3.1 @req-RFC7644-3.3.1-resource-type @must
  Scenario: A group created at /Groups has meta.resourceType "Group"
    Given the client has created a group "team"
    Then the response JSON "meta.resourceType" equals "Group"

  # RFC 7643 §3.1 says a client's id and meta are ignored; the Cantara
  # contract (section 2) says writing a readOnly attribute is 400
  # mutability. Both are accepted; a created user must carry the target's own.
  @rfc7644-3.3 @req-RFC7644-3.3-readonly-ignored @req-RFC7643-3.1-meta-ignored @req-RFC7643-3.1-id-issued-by-provider @must
  Scenario: readOnly id and meta sent on create are ignored
    Given a unique marker remembered as "tag"
    When the client sends POST "/Users" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "{tag}-readonly@example.com",
       "id": "{tag}-client-chosen-id",
       "meta": {"resourceType": "Group", "created": "2001-01-01T00:00:00Z", "location": "https://client.invalid/Users/x"}}
      """
    And the created resource is deleted after the scenario
    Then the target either refused the request with 400 mutability, or answered 201 with:
      | id                | does not equal | {tag}-client-chosen-id         |
      | meta.resourceType | equals         | User                           |
      | meta.created      | does not equal | 2001-01-01T00:00:00Z           |
      | meta.location     | does not equal | https://client.invalid/Users/x |

  @rfc7644-3.3 @req-RFC7644-3.3-uniqueness-409 @req-RFC7643-4.1-username @must
  Scenario: A second user with the same userName is refused with 409 uniqueness
    Given the client has created a user "alice"
    When the client sends POST "/Users" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "{alice.userName}"}
      """
    And the created resource is deleted after the scenario
    Then the response is a SCIM error with status "409" and scimType "uniqueness"
