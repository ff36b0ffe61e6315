Feature: RFC 7644 §3.2 SCIM endpoints and HTTP methods
  Errors travel in the HTTP status code and again in the response body.

  @rfc7644-3.2 @req-RFC7644-3.2-error-status-in-body @should
  Scenario: An unknown user id is reported in the status line and in the body
    Given the client has created a user "alice"
    When the client sends GET "/Users/{alice.id}-does-not-exist"
    Then the response is a SCIM error with status "404"
