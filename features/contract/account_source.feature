@contract-account-source @needs-admin
Feature: A provisioned account shows Account Source "SCIM"
  Cantara's procedure: once provisioning runs, the Account Source of
  provisioned users shows "SCIM" (an account created in the console shows
  "Local").

  Scenario: A user provisioned by the IdP shows Account Source SCIM
    When the IdP provisions a new user "alice"
    Then Cantara has an account for "alice"
    And Cantara's account for "alice" shows Account Source "SCIM"
    And Cantara's account for "alice" is read-only
    And Cantara's account for "alice" is active
