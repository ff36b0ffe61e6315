Feature: Each identity provider's user lifecycle works against Cantara
  The contract's promises, made in each IdP's own dialect (see
  shared/idp-dialects.md): the look-up before a create and how a miss must
  be answered, the update shape (capitalised ops, string booleans, a
  no-path replace, a GET then a full PUT), and how the IdP deactivates and
  removes users. Each check reads the user straight after the operation it
  checks, so a target that answers 200 but ignores the change is caught.
  One Examples block per IdP, tagged @idp-<name>: `scimharness run --idp okta`
  (or `--tags @idp-okta`) runs Okta's rows only.

  @contract-idp-basics
  Scenario Outline: <idp>: provisioning looks the user up, then creates it
    Given the identity provider is "<idp>"
    And the target's User schema declares every attribute of the profile
    When the IdP provisions a new user "alice"
    Then the IdP's look-up of "alice" got an answer it takes as "no such user"
    And the IdP created "alice" rather than linking to an existing user
    And the SCIM endpoint returns "alice" with every attribute the IdP sent

    @idp-generic
    Examples: Generic RFC 7644
      | idp             |
      | generic         |

    @idp-entra
    Examples: Microsoft Entra ID
      | idp             |
      | entra           |

    @idp-entra-compliant
    Examples: Microsoft Entra ID (aadOptscim062020)
      | idp             |
      | entra-compliant |

    @idp-okta
    Examples: Okta
      | idp             |
      | okta            |

    @idp-onelogin
    Examples: OneLogin
      | idp             |
      | onelogin        |

    @idp-jumpcloud
    Examples: JumpCloud
      | idp             |
      | jumpcloud       |

    @idp-ping
    Examples: Ping Identity
      | idp             |
      | ping            |

  @needs-admin @contract-required-attributes
  Scenario Outline: <idp>: a provisioned user gets a Cantara account with every required attribute
    Given the identity provider is "<idp>"
    When the IdP provisions a new user "alice"
    Then Cantara has an account for "alice"
    And Cantara's account for "alice" shows every required attribute as sent

    @idp-generic
    Examples: Generic RFC 7644
      | idp             |
      | generic         |

    @idp-entra
    Examples: Microsoft Entra ID
      | idp             |
      | entra           |

    @idp-entra-compliant
    Examples: Microsoft Entra ID (aadOptscim062020)
      | idp             |
      | entra-compliant |

    @idp-okta
    Examples: Okta
      | idp             |
      | okta            |

    @idp-onelogin
    Examples: OneLogin
      | idp             |
      | onelogin        |

    @idp-jumpcloud
    Examples: JumpCloud
      | idp             |
      | jumpcloud       |

    @idp-ping
    Examples: Ping Identity
      | idp             |
      | ping            |

  @contract-updates
  Scenario Outline: <idp>: a change of the user's <attribute> arrives at the SCIM endpoint
    Given the identity provider is "<idp>"
    And the profile and the target's User schema cover the user's <attribute>
    And the IdP has provisioned a user "alice"
    When the IdP changes the <attribute> of "alice"
    Then the SCIM endpoint returns the new <attribute> for "alice"

    @idp-generic
    Examples: Generic RFC 7644
      | idp             | attribute |
      | generic         | name      |
      | generic         | email     |
      | generic         | phone     |

    @idp-entra
    Examples: Microsoft Entra ID
      | idp             | attribute |
      | entra           | name      |
      | entra           | email     |
      | entra           | phone     |

    @idp-entra-compliant
    Examples: Microsoft Entra ID (aadOptscim062020)
      | idp             | attribute |
      | entra-compliant | name      |
      | entra-compliant | email     |
      | entra-compliant | phone     |

    @idp-okta
    Examples: Okta
      | idp             | attribute |
      | okta            | name      |
      | okta            | email     |
      | okta            | phone     |

    @idp-onelogin
    Examples: OneLogin
      | idp             | attribute |
      | onelogin        | name      |
      | onelogin        | email     |
      | onelogin        | phone     |

    @idp-jumpcloud
    Examples: JumpCloud
      | idp             | attribute |
      | jumpcloud       | name      |
      | jumpcloud       | email     |
      | jumpcloud       | phone     |

    @idp-ping
    Examples: Ping Identity
      | idp             | attribute |
      | ping            | name      |
      | ping            | email     |
      | ping            | phone     |

  @needs-admin @contract-updates
  Scenario Outline: <idp>: a change of the user's <attribute> shows in Cantara's account
    Given the identity provider is "<idp>"
    And the profile and the target's User schema cover the user's <attribute>
    And the IdP has provisioned a user "alice"
    When the IdP changes the <attribute> of "alice"
    Then Cantara's account for "alice" shows the new <attribute>

    @idp-generic
    Examples: Generic RFC 7644
      | idp             | attribute |
      | generic         | name      |
      | generic         | email     |
      | generic         | phone     |

    @idp-entra
    Examples: Microsoft Entra ID
      | idp             | attribute |
      | entra           | name      |
      | entra           | email     |
      | entra           | phone     |

    @idp-entra-compliant
    Examples: Microsoft Entra ID (aadOptscim062020)
      | idp             | attribute |
      | entra-compliant | name      |
      | entra-compliant | email     |
      | entra-compliant | phone     |

    @idp-okta
    Examples: Okta
      | idp             | attribute |
      | okta            | name      |
      | okta            | email     |
      | okta            | phone     |

    @idp-onelogin
    Examples: OneLogin
      | idp             | attribute |
      | onelogin        | name      |
      | onelogin        | email     |
      | onelogin        | phone     |

    @idp-jumpcloud
    Examples: JumpCloud
      | idp             | attribute |
      | jumpcloud       | name      |
      | jumpcloud       | email     |
      | jumpcloud       | phone     |

    @idp-ping
    Examples: Ping Identity
      | idp             | attribute |
      | ping            | name      |
      | ping            | email     |
      | ping            | phone     |

  @contract-deactivation
  Scenario Outline: <idp>: a deactivated user shows as inactive straight away
    Given the identity provider is "<idp>"
    And the IdP has provisioned a user "alice"
    When the IdP deactivates "alice"
    Then the SCIM endpoint shows "alice" as inactive

    @idp-generic
    Examples: Generic RFC 7644
      | idp             |
      | generic         |

    @idp-entra
    Examples: Microsoft Entra ID
      | idp             |
      | entra           |

    @idp-entra-compliant
    Examples: Microsoft Entra ID (aadOptscim062020)
      | idp             |
      | entra-compliant |

    @idp-okta
    Examples: Okta
      | idp             |
      | okta            |

    @idp-onelogin
    Examples: OneLogin
      | idp             |
      | onelogin        |

    @idp-jumpcloud
    Examples: JumpCloud
      | idp             |
      | jumpcloud       |

    @idp-ping
    Examples: Ping Identity
      | idp             |
      | ping            |

  @needs-admin @contract-deactivation
  Scenario Outline: <idp>: a deactivated user's Cantara account is deactivated
    Given the identity provider is "<idp>"
    And the IdP has provisioned a user "alice"
    And Cantara has an account for "alice"
    When the IdP deactivates "alice"
    Then Cantara's account for "alice" is deactivated

    @idp-generic
    Examples: Generic RFC 7644
      | idp             |
      | generic         |

    @idp-entra
    Examples: Microsoft Entra ID
      | idp             |
      | entra           |

    @idp-entra-compliant
    Examples: Microsoft Entra ID (aadOptscim062020)
      | idp             |
      | entra-compliant |

    @idp-okta
    Examples: Okta
      | idp             |
      | okta            |

    @idp-onelogin
    Examples: OneLogin
      | idp             |
      | onelogin        |

    @idp-jumpcloud
    Examples: JumpCloud
      | idp             |
      | jumpcloud       |

    @idp-ping
    Examples: Ping Identity
      | idp             |
      | ping            |

  @contract-removal
  Scenario Outline: <idp>: removing a user deletes it from the SCIM endpoint
    Given the identity provider is "<idp>"
    And the IdP removes users by deleting them
    And the IdP has provisioned a user "alice"
    When the IdP removes "alice" from the app
    Then the SCIM endpoint no longer finds "alice" by id
    And a look-up of "alice" by user name finds nobody

    @idp-generic
    Examples: Generic RFC 7644
      | idp             |
      | generic         |

    @idp-entra
    Examples: Microsoft Entra ID
      | idp             |
      | entra           |

    @idp-entra-compliant
    Examples: Microsoft Entra ID (aadOptscim062020)
      | idp             |
      | entra-compliant |

    @idp-onelogin
    Examples: OneLogin
      | idp             |
      | onelogin        |

    @idp-jumpcloud
    Examples: JumpCloud
      | idp             |
      | jumpcloud       |

    @idp-ping
    Examples: Ping Identity
      | idp             |
      | ping            |

  # Okta never deletes a user: unassigning one deactivates it (a PATCH of
  # active without a path), so for Okta "remove" is a deactivation.
  @contract-removal
  Scenario Outline: <idp>: removing a user deactivates it, because <idp> never deletes users
    Given the identity provider is "<idp>"
    And the IdP removes users by deactivating them
    And the IdP has provisioned a user "alice"
    When the IdP removes "alice" from the app
    Then the SCIM endpoint shows "alice" as inactive

    @idp-okta
    Examples: Okta
      | idp             |
      | okta            |

  @needs-admin @contract-removal
  Scenario Outline: <idp>: a removed user's Cantara account stays, deactivated
    Given the identity provider is "<idp>"
    And the IdP has provisioned a user "alice"
    And Cantara has an account for "alice"
    When the IdP removes "alice" from the app
    Then Cantara's account for "alice" is the same account as before
    And Cantara's account for "alice" is deactivated

    @idp-generic
    Examples: Generic RFC 7644
      | idp             |
      | generic         |

    @idp-entra
    Examples: Microsoft Entra ID
      | idp             |
      | entra           |

    @idp-entra-compliant
    Examples: Microsoft Entra ID (aadOptscim062020)
      | idp             |
      | entra-compliant |

    @idp-okta
    Examples: Okta
      | idp             |
      | okta            |

    @idp-onelogin
    Examples: OneLogin
      | idp             |
      | onelogin        |

    @idp-jumpcloud
    Examples: JumpCloud
      | idp             |
      | jumpcloud       |

    @idp-ping
    Examples: Ping Identity
      | idp             |
      | ping            |

  @contract-reactivation
  Scenario Outline: <idp>: a removed user can be brought back
    Given the identity provider is "<idp>"
    And the IdP has provisioned a user "alice"
    And the IdP has removed "alice" from the app
    When the IdP reactivates "alice"
    Then the SCIM endpoint shows "alice" as active

    @idp-generic
    Examples: Generic RFC 7644
      | idp             |
      | generic         |

    @idp-entra
    Examples: Microsoft Entra ID
      | idp             |
      | entra           |

    @idp-entra-compliant
    Examples: Microsoft Entra ID (aadOptscim062020)
      | idp             |
      | entra-compliant |

    @idp-okta
    Examples: Okta
      | idp             |
      | okta            |

    @idp-onelogin
    Examples: OneLogin
      | idp             |
      | onelogin        |

    @idp-jumpcloud
    Examples: JumpCloud
      | idp             |
      | jumpcloud       |

    @idp-ping
    Examples: Ping Identity
      | idp             |
      | ping            |

  @needs-admin @contract-reactivation
  Scenario Outline: <idp>: bringing a removed user back reactivates the same Cantara account
    Given the identity provider is "<idp>"
    And the IdP has provisioned a user "alice"
    And Cantara has an account for "alice"
    And the IdP has removed "alice" from the app
    When the IdP reactivates "alice"
    Then Cantara's account for "alice" is the same account as before
    And Cantara's account for "alice" is active

    @idp-generic
    Examples: Generic RFC 7644
      | idp             |
      | generic         |

    @idp-entra
    Examples: Microsoft Entra ID
      | idp             |
      | entra           |

    @idp-entra-compliant
    Examples: Microsoft Entra ID (aadOptscim062020)
      | idp             |
      | entra-compliant |

    @idp-okta
    Examples: Okta
      | idp             |
      | okta            |

    @idp-onelogin
    Examples: OneLogin
      | idp             |
      | onelogin        |

    @idp-jumpcloud
    Examples: JumpCloud
      | idp             |
      | jumpcloud       |

    @idp-ping
    Examples: Ping Identity
      | idp             |
      | ping            |
