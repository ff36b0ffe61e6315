@contract-token-shown-once @needs-admin @changes-tokens
Feature: A provisioning token is shown once and cannot be retrieved later
  Cantara's procedure: "The token is shown once and cannot be retrieved
  later." The token list identifies a token only by its last 4 characters.

  Scenario: The token list never shows the token itself
    Given an administrator generates a provisioning token
    Then the token was shown when it was generated
    And the token list shows the token by its last 4 characters only
    And the token itself appears nowhere in the token list
