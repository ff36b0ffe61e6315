Feature: RFC 7643 §2.3.8 Complex attributes
  A complex attribute is a composition of simple attributes: none of its
  sub-attributes has sub-attributes of its own.

  @rfc7643-2.3.8 @req-RFC7643-2.3.8-complex-no-nesting @must
  Scenario: No complex attribute the target declares nests another complex one
    Then no attribute in /Schemas has a sub-attribute with sub-attributes of its own
