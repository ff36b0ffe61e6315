// Package simulator is the identity provider the harness plays: an HTTP
// SCIM client that records and masks every exchange, a deterministic fake
// directory of users and groups, the recommended-attribute profile, the
// request dialects of real IdPs (Entra ID, Okta, OneLogin, JumpCloud, Ping,
// generic RFC 7644) and the lifecycle operations an IdP performs.
//
// It knows SCIM and HTTP only: it never imports godog or the sandbox, so it
// can drive any SCIM target the same way.
package simulator
