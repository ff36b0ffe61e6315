Feature: RFC 7643 §2.2 Attribute characteristics, as seen from outside
  caseExact decides filter matching and case preservation; uniqueness
  "server" with caseExact false makes "Alice" and "ALICE" the same userName;
  readOnly attributes cannot be changed; writeOnly and returned "never"
  values never come back.

  @rfc7643-2.2 @req-RFC7643-2.2-case-exact-preserve @must
  Scenario: A caseExact value (externalId) keeps its case exactly
    Given a unique marker remembered as "tag"
    And the client has created a user "alice" with:
      """json
      {"externalId": "MiXeD-{tag}-CaSe"}
      """
    When the client sends GET "/Users/{alice.id}"
    Then the response JSON "externalId" equals "MiXeD-{tag}-CaSe"

  @rfc7643-2.2 @req-RFC7643-2.2-case-exact-filter @needs-filter @must
  Scenario: A caseExact attribute (externalId) does not match in another case
    Given a unique marker remembered as "tag"
    And the client has created a user "alice" with:
      """json
      {"externalId": "MiXeD-{tag}-CaSe"}
      """
    When the client sends GET "/Users?filter=externalId eq \"mixed-{tag}-case\""
    Then the response status is 200
    And the Resources do not include the user "alice"
    When the client sends GET "/Users?filter=externalId eq \"MiXeD-{tag}-CaSe\""
    Then the Resources are exactly the users "alice"

  @rfc7643-2.2 @req-RFC7643-2.2-uniqueness-server @req-RFC7643-4.1-username @req-RFC7644-3.3-uniqueness-409 @must
  Scenario: userName differing only in case is the same userName and is refused with 409
    Given the client has created a user "alice"
    When the client sends POST "/Users" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "{alice.userName:upper}"}
      """
    And the created resource is deleted after the scenario
    Then the response is a SCIM error with status "409" and scimType "uniqueness"

  @rfc7643-2.2 @req-RFC7643-2.2-uniqueness-server @req-RFC7644-3.3-uniqueness-409 @must
  Scenario: userName differing only in the case of its accented letters is the same userName
    Given a unique marker remembered as "tag"
    And the client has created a user "jose" with:
      """json
      {"userName": "{tag}-josé.garcía@example.com"}
      """
    When the client sends POST "/Users" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "{tag}-JOSÉ.GARCÍA@example.com"}
      """
    And the created resource is deleted after the scenario
    Then the response is a SCIM error with status "409" and scimType "uniqueness"

  @rfc7643-2.2 @req-RFC7643-2.2-mutability-readonly @req-RFC7643-3.1-id @must
  Scenario: The readOnly id and meta.created do not change across updates
    Given the client has created a user "alice"
    When the client sends GET "/Users/{alice.id}"
    And I remember the response JSON "meta.created" as "created"
    And the client sends PUT "/Users/{alice.id}" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "{alice.userName}", "displayName": "Changed"}
      """
    Then the response status is 200
    When the client sends GET "/Users/{alice.id}"
    Then the response JSON "id" equals "{alice.id}"
    And the response JSON "meta.created" equals "{created}"
    And the response JSON "displayName" equals "Changed"

  @rfc7643-2.2 @req-RFC7643-2.2-mutability-writeonly @req-RFC7643-2.2-returned-never @req-RFC7643-4.1-password-not-returnable @must
  Scenario: A password set by PUT is never returned
    Given a unique marker remembered as "tag"
    And the client has created a user "alice"
    When the client sends PUT "/Users/{alice.id}" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "{alice.userName}", "password": "Pw-{tag}-secret-9"}
      """
    Then the response status is 200
    And the response JSON "password" does not exist
    And the response body does not contain "Pw-{tag}-secret-9"
    When the client sends GET "/Users/{alice.id}?attributes=password,userName"
    Then the response status is 200
    And the response JSON "password" does not exist
    And the response body does not contain "Pw-{tag}-secret-9"
