@contract-token-format @needs-admin @changes-tokens
Feature: A provisioning token is long, random and recognisable
  Contract section 3: "A token is at least 32 random bytes, encoded, with a
  fixed recognisable prefix so secret scanners can find leaked ones." The
  contract does not name the prefix, so it is found as what every token
  shares; four tokens make a random character shared by chance unlikely
  (1 in 64³). Only lengths are reported, never a token.

  Scenario: Tokens share a fixed prefix and carry at least 32 random bytes
    Given an administrator generates 4 provisioning tokens
    Then the tokens share a recognisable prefix of at least 3 characters
    And each token carries at least 32 random bytes after the prefix
    And no two tokens are the same
