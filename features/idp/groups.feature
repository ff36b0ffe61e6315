Feature: Each identity provider's groups and memberships work against Cantara
  Groups as each IdP pushes them: how it finds a group before creating it
  (a filter, or a listing matched locally), how it renames one (a path, or
  a no-path replace), and the two shapes of a member removal. A removal of
  one member must leave the others (a bare `remove` of `members` with a
  value array removes only those members), and Entra ID re-sends adds for
  members already in the group, so a repeated add must succeed (Entra
  accepts 200 or 204).

  @contract-groups
  Scenario Outline: <idp>: a group is created, then renamed
    Given the identity provider is "<idp>"
    When the IdP creates a group "engineering"
    Then the SCIM endpoint shows the group "engineering" under its name
    When the IdP renames the group "engineering"
    Then the SCIM endpoint shows the group "engineering" under its new name

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

  @contract-groups
  Scenario Outline: <idp>: two members are added, and removing one leaves the other
    Given the identity provider is "<idp>"
    And the IdP has provisioned the users "alice" and "bob"
    And the IdP creates a group "engineering"
    When the IdP adds "alice" and "bob" to "engineering"
    Then the SCIM endpoint shows the group "engineering" with the members "alice" and "bob"
    When the IdP removes "bob" from "engineering"
    Then the SCIM endpoint shows the group "engineering" with the member "alice"

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

  @needs-admin @contract-groups
  Scenario Outline: <idp>: Cantara shows the group's members as the IdP pushed them
    Given the identity provider is "<idp>"
    And the IdP has provisioned the users "alice" and "bob"
    And the IdP creates a group "engineering"
    When the IdP adds "alice" and "bob" to "engineering"
    Then Cantara shows the group "engineering" with the members "alice" and "bob"
    When the IdP removes "bob" from "engineering"
    Then Cantara shows the group "engineering" with the member "alice"
    And Cantara's account for "bob" does not list the group "engineering"

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

  # Only the IdPs that re-send adds for existing members (Entra ID in both
  # modes) have rows here.
  @contract-groups
  Scenario Outline: <idp>: adding a member who is already in the group succeeds
    Given the identity provider is "<idp>"
    And the IdP re-sends adds for members already in a group
    And the IdP has provisioned the users "alice" and "bob"
    And the IdP creates a group "engineering"
    And the IdP adds "alice" and "bob" to "engineering"
    When the IdP adds "alice" to "engineering" again
    Then the SCIM endpoint shows the group "engineering" with the members "alice" and "bob"

    @idp-entra
    Examples: Microsoft Entra ID
      | idp             |
      | entra           |

    @idp-entra-compliant
    Examples: Microsoft Entra ID (aadOptscim062020)
      | idp             |
      | entra-compliant |
