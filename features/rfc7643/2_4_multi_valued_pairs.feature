Feature: RFC 7643 §2.4 A multi-valued attribute lists each (type, value) pair once
  A provider may list one value under two types (the same address as work
  and home email) but "SHOULD NOT return the same (type, value) combination
  more than once per attribute". A request that repeats a pair may be
  refused with 400 or stored with the pair once; keeping the repeat is the
  defect.

  @rfc7643-2.4 @req-RFC7643-2.4-no-duplicate-pairs @should
  Scenario: A user created with the same work email twice lists it once, or is refused with 400
    Given a unique marker remembered as "tag"
    When the client sends POST "/Users" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "pairs-{tag}@example.com",
       "externalId": "pairs-{tag}", "displayName": "Pairs {tag}", "name": {"givenName": "Pairs", "familyName": "{tag}"},
       "active": true,
       "emails": [{"type": "work", "value": "pairs-{tag}@example.com"}, {"type": "work", "value": "pairs-{tag}@example.com"}]}
      """
    And the created resource is deleted after the scenario
    Then the response is a 400 SCIM error, or a 2xx whose "emails" lists the (type, value) pair ("work", "pairs-{tag}@example.com") exactly once

  @rfc7643-2.4 @req-RFC7643-2.4-no-duplicate-pairs @should
  Scenario: A PUT that repeats the work email leaves the user with it listed once
    Given the client has created a user "alice"
    When the client sends PUT "/Users/{alice.id}" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "{alice.userName}",
       "externalId": "{alice.externalId}", "displayName": "{alice.displayName}", "active": true,
       "emails": [{"type": "work", "value": "{alice.email}"}, {"type": "work", "value": "{alice.email}"}]}
      """
    Then the response is a 400 SCIM error, or a 2xx whose "emails" lists the (type, value) pair ("work", "{alice.email}") exactly once
    When the client sends GET "/Users/{alice.id}"
    Then the response status is 200
    And the response JSON "emails" lists the (type, value) pair ("work", "{alice.email}") exactly once

  @rfc7643-2.4 @req-RFC7643-2.4-no-duplicate-pairs @needs-patch @should
  Scenario: A PATCH that replaces the emails with a repeated pair leaves it listed once
    Given the client has created a user "alice"
    When the client sends PATCH "/Users/{alice.id}" with body:
      """json
      {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [
        {"op": "replace", "path": "emails", "value": [{"type": "work", "value": "{alice.email}"}, {"type": "work", "value": "{alice.email}"}]}]}
      """
    Then the response status is one of 200, 204, 400
    When the client sends GET "/Users/{alice.id}"
    Then the response status is 200
    And the response JSON "emails" lists the (type, value) pair ("work", "{alice.email}") exactly once
