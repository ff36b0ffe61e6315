@contract-account-fields @needs-admin
Feature: An account shows the user's work email and work phone
  Contract section 3: the Account's "email"/"phone" are the work (or
  primary) values. An IdP may send a home address as well, and may list it
  first.

  Scenario: The work values win over home values listed before them
    When the IdP provisions a new user "alice" whose work email and phone are listed after home ones
    Then Cantara's account for "alice" shows the work email and the work phone

  Scenario: Without a work value, the primary one shows
    When the IdP provisions a new user "bob" whose primary email and phone are listed after home ones
    Then Cantara's account for "bob" shows the primary email and the primary phone
