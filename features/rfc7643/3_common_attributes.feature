Feature: RFC 7643 §3 Common attributes — schemas, id, meta
  Every resource names its schemas; its id is issued by the provider,
  unique and stable; meta is the provider's: lastModified equals created
  until the first change, and meta.location equals Content-Location when
  the target sends that header (RFC 7643 §3.1: "if returned").

  @rfc7643-3 @req-RFC7643-3-schemas @must
  Scenario: Users and groups name their core schema
    Given the client has created a user "alice"
    And the client has created a group "team"
    When the client sends GET "/Users/{alice.id}"
    Then the response JSON "schemas.#(==\"urn:ietf:params:scim:schemas:core:2.0:User\")" exists
    When the client sends GET "/Groups/{team.id}"
    Then the response JSON "schemas.#(==\"urn:ietf:params:scim:schemas:core:2.0:Group\")" exists

  @rfc7643-3.1 @req-RFC7643-3.1-id @must
  Scenario: Two users get different ids, and an id is stable across reads
    Given the client has created a user "alice"
    And the client has created a user "bob"
    Then user "alice" and user "bob" have different ids
    When the client sends GET "/Users/{alice.id}"
    Then the response JSON "id" equals "{alice.id}"
    When the client sends GET "/Users/{alice.id}"
    Then the response JSON "id" equals "{alice.id}"

  @rfc7643-3.1 @req-RFC7643-3.1-last-modified @must
  Scenario: An unmodified resource has lastModified equal to created
    Given the client has created a user "alice"
    When the client sends GET "/Users/{alice.id}"
    Then the response JSON "meta.lastModified" equals the response JSON "meta.created"

  @rfc7643-3.1 @req-RFC7643-3.1-content-location @must
  Scenario: meta.location equals the Content-Location header
    Given the client has created a user "alice"
    When the client sends GET "/Users/{alice.id}"
    Then the response status is 200
    And the response header "Content-Location", if the target sends it, equals the response JSON "meta.location"
