@needs-population @needs-filter
Feature: A populated tenant
  A Cantara tenant holds a directory, not three fresh users. Before the
  scenarios the harness creates a background population once per run: 120
  users whose profiles range from complete to a bare userName, some
  inactive, with names in many scripts and the same family name in three
  cases, in sets of 9, 10 and 11 around a page of 10, and groups of 0, 1, 10
  and 11 members. These scenarios filter, sort, page and PATCH across it;
  they only read it, and never assume they are alone in the tenant.

  Background:
    Given the run's background population

  @rfc7644-3.4.2.4 @req-RFC7644-3.4.2.4-start-index @req-RFC7644-3.4.2.4-count-maximum @must
  Scenario Outline: Paging set <set> of <size> users 10 at a time visits each exactly once
    Then paging through "/Users?filter=userName sw \"{pop}-<set>\"" 10 at a time yields exactly the population's "<set>"

    Examples:
      | set | size |
      | a   | 9    |
      | b   | 10   |
      | c   | 11   |

  @rfc7644-3.4.2.4 @req-RFC7644-3.4.2.4-total-results @req-RFC7644-3.4.2.4-items-per-page @must
  Scenario: One past a page: the first page is full and totalResults counts all eleven
    When the client sends GET "/Users?filter=userName sw \"{pop}-c\"&startIndex=1&count=10"
    Then the response status is 200
    And the response JSON "totalResults" is 11
    And the number of Resources is 10
    And itemsPerPage equals the number of Resources

  @rfc7644-3.4.2.2 @req-RFC7644-3.4.2.2-filter-operators @must
  Scenario: pr finds the users that have a phone among sparse profiles
    When the client sends GET "/Users?filter=userName sw \"{pop}-x\" and phoneNumbers pr&count=100"
    Then the response status is 200
    And the Resources are exactly the population's "x users with a phone"

  @rfc7644-3.4.2.2 @req-RFC7644-3.4.2.2-logical-operators @must
  Scenario: not (emails pr) finds the users without an email
    When the client sends GET "/Users?filter=userName sw \"{pop}-x\" and not (emails pr)&count=100"
    Then the response status is 200
    And the Resources are exactly the population's "x users without an email"

  @rfc7644-3.4.2.2 @req-RFC7644-3.4.2.2-filter-match @must
  Scenario: active eq false finds exactly the inactive users
    When the client sends GET "/Users?filter=userName sw \"{pop}-x\" and active eq false&count=100"
    Then the response status is 200
    And the Resources are exactly the population's "x inactive users"

  @rfc7644-3.4.2.2 @req-RFC7644-3.4.2.2-case-exact @req-RFC7643-2.2-case-exact-filter @must
  Scenario: A caseExact:false filter folds the case of accented letters too
    When the client sends GET "/Users?filter=userName sw \"{pop}-x\" and name.familyName eq \"MÜLLER\"&count=100"
    Then the response status is 200
    And the Resources are exactly the population's "x users named Müller in any case"
    When the client sends GET "/Users?filter=userName sw \"{pop}-x\" and name.givenName eq \"josé\"&count=100"
    Then the response status is 200
    And the Resources are exactly the population's "x users whose given name is José, any case"

  @rfc7644-3.4.2.3 @req-RFC7644-3.4.2.3-sort-order @req-RFC7644-3.4.2.3-missing-values @needs-sort @must
  Scenario: Sparse names in many scripts sort by family name, the nameless at the end
    When the client sends GET "/Users?filter=userName sw \"{pop}-x\"&sortBy=name.familyName&count=100"
    Then the response status is 200
    And the number of Resources is 90
    And the Resources are in ascending order of "name.familyName", those without one last
    When the client sends GET "/Users?filter=userName sw \"{pop}-x\"&sortBy=name.familyName&sortOrder=descending&count=100"
    Then the response status is 200
    And the number of Resources is 90
    And the Resources are in descending order of "name.familyName", those without one first

  @rfc7644-3.5.2.1 @req-RFC7644-3.5.2.1-add-multi-valued @req-RFC7644-3.5.2.3-replace-multi-all @needs-patch @must
  Scenario: One PATCH adds a page of members, and one replace swaps them for eleven others
    Given the client has created a group "team"
    When the client adds the population's "b" to the members of the group "team" in one PATCH
    Then the response status is one of 200, 204
    And the group "team" has exactly the population's "b" as members
    When the client replaces the population's "c" as the members of the group "team" in one PATCH
    Then the response status is one of 200, 204
    And the group "team" has exactly the population's "c" as members

  @rfc7644-3.4.1 @req-RFC7644-3.4.1-get-known @req-RFC7644-3.4.2-resources @must
  Scenario Outline: The population's group of <size> shows its members on read and in a filtered list
    Then the population's group "<group>" shows exactly its members on read
    And the population's group "<group>" shows exactly its members in a filtered list

    Examples:
      | group  | size |
      | empty  | 0    |
      | one    | 1    |
      | ten    | 10   |
      | eleven | 11   |

  @contract-groups @needs-admin
  Scenario Outline: Cantara shows the population's group of <size> with its members
    Then Cantara shows the population's group "<group>" with exactly its members

    Examples:
      | group  | size |
      | empty  | 0    |
      | ten    | 10   |
      | eleven | 11   |
