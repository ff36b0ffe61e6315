@needs-filter
Feature: RFC 7644 §3.4.2.2 Filtering
  Only the resources that match the filter come back. Every attribute
  operator, the logical operators and their precedence, grouping, value
  filters on multi-valued attributes, sub-attributes and the caseExact rules
  are checked on users this scenario creates; every filter is narrowed to
  them with a unique marker so nothing else on the target can interfere.

  Background:
    Given a unique marker remembered as "tag"
    And the client has created a user "alice" with:
      """json
      {"userName": "{tag}-alice@example.com", "displayName": "Engineer", "externalId": "{tag}-ext-alice",
       "name": {"givenName": "Alice", "familyName": "Archer"},
       "emails": [{"value": "{tag}-alice@work.example.com", "type": "work", "primary": true},
                  {"value": "{tag}-alice@home.example.com", "type": "home"}]}
      """
    And the client has created a user "bob" with:
      """json
      {"userName": "{tag}-bob@example.com", "displayName": "Manager", "externalId": null,
       "name": {"givenName": "Bob", "familyName": "Baker"},
       "emails": [{"value": "{tag}-bob@work.example.com", "type": "work"}]}
      """
    And the client has created a user "carol" with:
      """json
      {"userName": "{tag}-carol@example.com", "displayName": "Engineer", "externalId": null, "active": false,
       "name": {"givenName": "Carol", "familyName": "Carter"},
       "emails": [{"value": "{tag}-carol@other.example.com", "type": "other"}]}
      """

  @rfc7644-3.4.2.2 @req-RFC7644-3.4.2.2-filter-match @req-RFC7644-3.4.2.2-filter-operators @must
  Scenario Outline: Attribute operator <op> returns exactly the matching users
    When the client sends GET "/Users?filter=userName sw \"{tag}\" and <filter>"
    Then the response status is 200
    And the Resources are exactly the users "<users>"

    Examples:
      | op | filter                           | users        |
      | eq | displayName eq \"Manager\"         | bob          |
      | ne | displayName ne \"Engineer\"        | bob          |
      | co | userName co \"-ali\"               | alice        |
      | sw | name.givenName sw \"Ca\"           | carol        |
      | ew | userName ew \"ob@example.com\"     | bob          |
      | pr | externalId pr                    | alice        |
      | gt | name.familyName gt \"Baker\"       | carol        |
      | ge | name.familyName ge \"Baker\"       | bob, carol   |
      | lt | name.familyName lt \"Baker\"       | alice        |
      | le | name.familyName le \"Baker\"       | alice, bob   |

  @rfc7644-3.4.2.2 @req-RFC7644-3.4.2.2-logical-operators @must
  Scenario Outline: Logical operator <op> combines expressions
    When the client sends GET "/Users?filter=userName sw \"{tag}\" and <filter>"
    Then the response status is 200
    And the Resources are exactly the users "<users>"

    Examples:
      | op  | filter                                         | users        |
      | and | (displayName eq \"Engineer\" and active eq true) | alice        |
      | or  | (displayName eq \"Manager\" or externalId pr)    | alice, bob   |
      | not | not (displayName eq \"Engineer\")                | bob          |

  @rfc7644-3.4.2.2 @req-RFC7644-3.4.2.2-precedence @must
  Scenario: "and" binds tighter than "or", and brackets override it
    When the client sends GET "/Users?filter=userName sw \"{tag}\" and (displayName eq \"Manager\" or displayName eq \"Engineer\" and active eq false)"
    Then the Resources are exactly the users "bob, carol"
    When the client sends GET "/Users?filter=userName sw \"{tag}\" and ((displayName eq \"Manager\" or displayName eq \"Engineer\") and active eq false)"
    Then the Resources are exactly the users "carol"

  @rfc7644-3.4.2.2 @req-RFC7644-3.4.2.2-value-filter @req-RFC7644-3.4.2.2-multi-valued-any @may
  Scenario: A value filter selects users by the sub-attributes of one email
    When the client sends GET "/Users?filter=userName sw \"{tag}\" and emails[type eq \"home\" and value co \"alice\"]"
    And the target may decline this optional feature with 400, 501
    Then the Resources are exactly the users "alice"
    When the client sends GET "/Users?filter=userName sw \"{tag}\" and emails[type eq \"home\" and value co \"bob\"]"
    Then the response status is 200
    And no user of this scenario is in the Resources

  @rfc7644-3.4.2.2 @req-RFC7644-3.4.2.2-multi-valued-any @must
  Scenario: A multi-valued attribute matches when any of its values matches
    When the client sends GET "/Users?filter=userName sw \"{tag}\" and emails.value ew \"@home.example.com\""
    Then the Resources are exactly the users "alice"
    When the client sends GET "/Users?filter=userName sw \"{tag}\" and emails.type eq \"work\""
    Then the Resources are exactly the users "alice, bob"

  @rfc7644-3.4.2.2 @req-RFC7644-3.4.2.2-sub-attribute @must
  Scenario: A sub-attribute is filtered with dotted notation
    When the client sends GET "/Users?filter=userName sw \"{tag}\" and name.familyName eq \"Carter\""
    Then the Resources are exactly the users "carol"

  @rfc7644-3.4.2.2 @req-RFC7644-3.4.2.2-case-insensitive-names @must
  Scenario: Attribute names and operators in a filter are case insensitive
    When the client sends GET "/Users?filter=USERNAME SW \"{tag}\" AND DisplayName EQ \"Manager\""
    Then the response status is 200
    And the Resources are exactly the users "bob"

  @rfc7644-3.4.2.2 @req-RFC7644-3.4.2.2-case-exact @req-RFC7643-2.2-case-exact-filter @must
  Scenario: userName (caseExact false) matches in any case
    When the client sends GET "/Users?filter=userName eq \"{alice.userName:upper}\""
    Then the response status is 200
    And the Resources are exactly the users "alice"

  @rfc7644-3.4.2.2 @req-RFC7644-3.4.2.2-case-exact @req-RFC7643-2.2-case-exact-filter @must
  Scenario Outline: A filter on <attribute> follows the caseExact that /Schemas declares
    Then filtering users by "<attribute>" eq user "alice"'s value in upper case matches as the target's schema declares

    Examples:
      | attribute   |
      | userName    |
      | externalId  |
      | displayName |

  @rfc7644-3.4.2.2 @req-RFC7644-3.4.2.2-datetime-ordering @must
  Scenario: DateTime attributes compare chronologically
    When the client sends GET "/Users/{alice.id}"
    And I remember the response JSON "meta.created" as "aliceCreated"
    And the client sends GET "/Users?filter=userName sw \"{tag}\" and meta.created ge \"{aliceCreated}\""
    Then the Resources include the user "alice"
    When the client sends GET "/Users?filter=userName sw \"{tag}\" and meta.created lt \"2000-01-01T00:00:00Z\""
    Then the response status is 200
    And no user of this scenario is in the Resources
    When the client sends GET "/Users?filter=userName sw \"{tag}\" and meta.created gt \"2000-01-01T00:00:00Z\""
    Then the Resources are exactly the users "alice, bob, carol"

  @rfc7644-3.4.2.2 @req-RFC7644-3.4.2.2-invalid-filter @req-RFC7644-3.12-scim-type @must
  Scenario Outline: An invalid filter (<why>) is refused with 400 invalidFilter
    When the client sends GET "/Users?filter=<filter>"
    Then the response is a SCIM error with status "400" and scimType "invalidFilter"

    Examples:
      | why                    | filter                        |
      | unknown operator       | userName regex \"a.*\"          |
      | missing value          | userName eq                   |
      | unbalanced brackets    | (userName eq \"x\"              |
      | dangling logical op    | userName eq \"x\" and           |
      | unterminated string    | userName eq \"x                |

  @rfc7644-3.4.2.2 @req-RFC7644-3.4.2.2-boolean-ordering @must
  Scenario: Ordering a Boolean attribute is refused with 400 invalidFilter
    When the client sends GET "/Users?filter=active gt true"
    Then the response is a SCIM error with status "400" and scimType "invalidFilter"
