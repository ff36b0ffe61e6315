Feature: RFC 7643 §2.3.5 DateTime values
  DateTime attributes are valid xsd:dateTime values with a date and a time.

  @rfc7643-2.3.5 @req-RFC7643-2.3.5-datetime @must
  Scenario: meta.created and meta.lastModified are xsd:dateTime values
    Given the client has created a user "alice"
    When the client sends GET "/Users/{alice.id}"
    Then the response JSON "meta.created" is a valid xsd:dateTime
    And the response JSON "meta.lastModified" is a valid xsd:dateTime
