Feature: RFC 7644 §3.4.2.5 and §3.9 — attributes and excludedAttributes
  "attributes" overrides the default set: the resource carries the minimum
  set (returned "always") plus what was asked for. "excludedAttributes"
  removes attributes from the default set but never those returned
  "always".

  Background:
    Given the client has created a user "alice"

  @rfc7644-3.9 @req-RFC7644-3.9-attributes @req-RFC7643-2.2-returned-always @req-RFC7643-2.2-returned-default @must
  Scenario: attributes=userName returns userName and id, nothing by default
    When the client sends GET "/Users/{alice.id}?attributes=userName"
    Then the response status is 200
    And the response JSON "userName" equals "{alice.userName}"
    And the response JSON "id" equals "{alice.id}"
    And the response JSON "displayName" does not exist
    And the response JSON "name" does not exist

  @rfc7644-3.9 @req-RFC7644-3.9-attributes @must
  Scenario: attributes can name a sub-attribute
    When the client sends GET "/Users/{alice.id}?attributes=name.familyName"
    Then the response status is 200
    And the response JSON "name.familyName" equals "{alice.familyName}"
    And the response JSON "name.givenName" does not exist
    And the response JSON "userName" does not exist

  @rfc7644-3.9 @req-RFC7644-3.9-attributes @needs-filter @must
  Scenario: attributes applies to every resource of a list
    When the client sends GET "/Users?filter=userName eq \"{alice.userName}\"&attributes=displayName"
    Then the response status is 200
    And the Resources are exactly the users "alice"
    And every resource in Resources has "id"
    And no resource in Resources has "userName"

  @rfc7644-3.9 @req-RFC7644-3.9-attributes @must
  Scenario: attributes shapes the resource a POST or a PUT returns too
    When the client sends POST "/Users?attributes=userName" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "{alice.userName}-attr",
       "displayName": "Not Asked For"}
      """
    And the created resource is deleted after the scenario
    Then the response status is 201
    And the response JSON "userName" equals "{alice.userName}-attr"
    And the response JSON "id" exists
    And the response JSON "displayName" does not exist
    When the client sends PUT "/Users/{alice.id}?attributes=displayName" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "{alice.userName}", "displayName": "Asked For"}
      """
    Then the response status is 200
    And the response JSON "displayName" equals "Asked For"
    And the response JSON "id" equals "{alice.id}"
    And the response JSON "userName" does not exist

  @rfc7644-3.9 @req-RFC7644-3.9-excluded-attributes @must
  Scenario: excludedAttributes removes attributes from the default set
    When the client sends GET "/Users/{alice.id}?excludedAttributes=displayName,name"
    Then the response status is 200
    And the response JSON "displayName" does not exist
    And the response JSON "name" does not exist
    And the response JSON "userName" equals "{alice.userName}"

  @rfc7644-3.4.2.5 @req-RFC7644-3.4.2.5-excluded-always @req-RFC7643-2.2-returned-always @must
  Scenario: excludedAttributes cannot remove id, which is returned always
    When the client sends GET "/Users/{alice.id}?excludedAttributes=id,userName"
    Then the response status is 200
    And the response JSON "id" equals "{alice.id}"
