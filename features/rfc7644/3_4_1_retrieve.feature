Feature: RFC 7644 §3.4.1 Retrieving a known resource
  GET /Users/{id} answers 200 with the resource, by default with the
  attributes whose "returned" is "always" or "default" — never the password.

  @rfc7644-3.4.1 @req-RFC7644-3.4.1-get-known @must
  Scenario: A known user is retrieved with 200 and its attributes
    Given the client has created a user "alice"
    When the client sends GET "/Users/{alice.id}"
    Then the response status is 200
    And the response JSON "id" equals "{alice.id}"
    And the response JSON "userName" equals "{alice.userName}"

  @rfc7644-3.4.1 @req-RFC7644-3.4.1-get-known @must
  Scenario: A known group is retrieved with 200
    Given the client has created a group "team"
    When the client sends GET "/Groups/{team.id}"
    Then the response status is 200
    And the response JSON "displayName" equals "{team.displayName}"

  @rfc7644-3.4 @req-RFC7644-3.4-default-returned @req-RFC7644-3.9-default-set @req-RFC7643-2.2-returned-default @must
  Scenario: By default a user comes back with its always and default attributes
    Given the client has created a user "alice"
    When the client sends GET "/Users/{alice.id}"
    Then the response status is 200
    And the response JSON "id" exists
    And the response JSON "userName" exists
    And the response JSON "name.familyName" equals "{alice.familyName}"
    And the response JSON "displayName" equals "{alice.displayName}"
    And the response JSON "meta.created" exists

  @rfc7643-4.1 @req-RFC7643-4.1-password-not-returnable @req-RFC7643-2.2-returned-never @req-RFC7643-2.2-mutability-writeonly @needs-filter @must
  Scenario: A password is accepted but never returned, on create, retrieve or list
    Given a unique marker remembered as "tag"
    When the client sends POST "/Users" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "{tag}-pw@example.com",
       "password": "Xq7-{tag}-never-echo"}
      """
    And the created resource is deleted after the scenario
    Then the response status is 201
    And the response JSON "password" does not exist
    And the response body does not contain "{tag}-never-echo"
    And I remember the response JSON "id" as "pwId"
    When the client sends GET "/Users/{pwId}"
    Then the response status is 200
    And the response JSON "password" does not exist
    When the client sends GET "/Users/{pwId}?attributes=password"
    Then the response status is 200
    And the response JSON "password" does not exist
    When the client sends GET "/Users?filter=userName eq \"{tag}-pw@example.com\""
    Then the number of Resources is 1
    And no resource in Resources has "password"
    And the response body does not contain "{tag}-never-echo"
