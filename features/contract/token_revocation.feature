@contract-token-revocation
Feature: A deleted provisioning token stops working at once
  Cantara's procedure: "Once expired or deleted, a token no longer works and
  a new one must be generated." Several tokens may be active for a tenant,
  so a new token can be rolled out before the old one is deleted.

  @needs-admin @changes-tokens
  Scenario: A deleted token is refused at once
    Given an administrator generates a provisioning token
    And the SCIM endpoint accepts the token
    When the administrator deletes the token
    Then the SCIM endpoint refuses the token

  @needs-admin @changes-tokens
  Scenario: A second token works alongside the first until one is deleted
    Given an administrator generates a provisioning token "first"
    And an administrator generates another provisioning token "second"
    Then the SCIM endpoint accepts the token "first"
    And the SCIM endpoint accepts the token "second"
    When the administrator deletes the token "first"
    Then the SCIM endpoint refuses the token "first"
    And the SCIM endpoint accepts the token "second"

  @needs-revoked-token
  Scenario: A token that was deleted by an administrator is refused
    Given the deleted token supplied for this run
    Then the SCIM endpoint refuses the token
