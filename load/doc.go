// Package load answers "can the tenant take the IdP's pace?": it plays an
// IdP's provisioning cycle (look-up, create, update, deactivate, in the
// dialect's real shapes) against a target at a fixed request rate with an
// open-loop scheduler, measures latency per operation and the status codes,
// judges the figures against Entra ID's documented expectations and removes
// every user it created.
//
// Speed is measured here and by `scimharness load`, never asserted in unit
// tests: the tests of this package check counts and logic only.
package load
