Feature: What each identity provider expects of the target
  Each IdP reads certain answers in a fixed way and stops (or quarantines)
  a provisioning job on anything else: Entra ID needs a look-up that
  matches nothing to answer 200 with an empty list (a 404 quarantines the
  job), Okta also tolerates a 404; a create of a taken user name must be
  refused with the status the IdP expects (409) and a SCIM error; the
  IdP's "test connection" must succeed.

  @contract-filter-miss
  Scenario Outline: <idp>: a look-up that matches nobody gets an answer the IdP takes as "no such user"
    Given the identity provider is "<idp>"
    When the IdP looks up a user name that does not exist
    Then the IdP takes the answer as "no such user"

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

  @contract-uniqueness
  Scenario Outline: <idp>: creating a user whose user name is taken is refused the way the IdP expects
    Given the identity provider is "<idp>"
    And the IdP has provisioned a user "alice"
    When the client creates another user with the same user name as "alice"
    Then the answer is the refusal the IdP expects for a taken user name

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

  @contract-idp-basics
  Scenario Outline: <idp>: the IdP's "test connection" succeeds
    Given the identity provider is "<idp>"
    When the IdP tests the connection
    Then the connection test succeeds

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
