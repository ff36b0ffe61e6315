@contract-tenant-isolation
Feature: A tenant's token works only for that tenant
  The tenant URL names the tenant; a token of another tenant gets the same
  401 as a token that was never issued, so nobody learns that the other
  tenant exists.

  @needs-admin @creates-tenant @changes-tokens
  Scenario: Another tenant's token is refused like an unknown token
    Given another tenant with its own provisioning token "other tenant"
    Then the SCIM endpoint refuses the token "other tenant"
    And the refusal is the same as for a token that was never issued

  # The run's token is "a token of another tenant" at a tenant URL that does
  # not exist: a 404 there would tell which tenants exist.
  @needs-tenant-url
  Scenario: A tenant URL that does not exist is refused like an unknown token
    When the client calls a tenant URL that does not exist with the run's token
    Then the request is refused as unauthorised
    And the refusal is the same as for a token that was never issued

  # "userName is unique per tenant": another tenant may use the same one.
  @needs-admin @needs-tenant-url @contract-uniqueness @creates-tenant @changes-tokens
  Scenario: The same user name can be provisioned in two tenants
    Given another tenant with its own provisioning token "other tenant"
    And the IdP has provisioned a user "alice"
    When the other tenant's IdP provisions a user with the same user name as "alice"
    Then the other tenant created that user
