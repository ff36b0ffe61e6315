@contract-required-attributes
Feature: Provisioning carries every recommended user attribute into Cantara
  Cantara's procedure recommends eight required user attributes and one
  optional one (the attribute profile, fixtures/profile.json). Every value
  the IdP sends must arrive unchanged.

  Scenario: The SCIM endpoint keeps every attribute the IdP sent
    When the IdP provisions a new user "alice" with every attribute of the profile
    Then the SCIM endpoint returns "alice" with every attribute the IdP sent

  @needs-admin
  Scenario: Cantara's account shows every required attribute as sent
    When the IdP provisions a new user "alice" with every attribute of the profile
    Then Cantara has an account for "alice"
    And Cantara's account for "alice" shows every required attribute as sent
