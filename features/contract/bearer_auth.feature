@contract-bearer-auth
Feature: The SCIM endpoint answers only requests with a valid bearer token
  The IdP is configured with the tenant URL and Bearer token
  authentication. A missing, malformed or unknown token gets 401 with a SCIM
  error body and a "WWW-Authenticate: Bearer" header.

  Scenario: The run's token is accepted
    When the client sends GET "/Users?count=1"
    Then the response status is 200
    And the response header "Content-Type" contains "application/scim+json"

  Scenario: A request without a token is refused
    When the client sends GET "/Users" without a token
    Then the request is refused as unauthorised

  Scenario: A token that was never issued is refused
    When the client sends GET "/Users" with the token "unknown"
    Then the request is refused as unauthorised

  Scenario: A malformed token is refused
    When the client sends GET "/Users" with the token "malformed"
    Then the request is refused as unauthorised
