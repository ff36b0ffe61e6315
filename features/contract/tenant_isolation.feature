@contract-tenant-isolation @needs-admin
Feature: A tenant's token works only for that tenant
  The tenant URL names the tenant; a token of another tenant gets the same
  401 as a token that was never issued, so nobody learns that the other
  tenant exists.

  Scenario: Another tenant's token is refused like an unknown token
    Given another tenant with its own provisioning token "other tenant"
    Then the SCIM endpoint refuses the token "other tenant"
    And the refusal is the same as for a token that was never issued
