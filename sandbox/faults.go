package sandbox

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
)

// Fault names one deliberate defect. Each breaks exactly one promise so the
// harness's own tests can prove that the scenario for that promise catches it.
// Faults are off unless named in Options.Faults. Every constant has a row in
// faultCatalogue (faults_catalogue.go) naming the promise it breaks.
type Fault string

const (
	// FaultTokenDefaultExpiry90d breaks @contract-token-expiry: default expiry 90 days, not 30.
	FaultTokenDefaultExpiry90d Fault = "token-default-expiry-90d"
	// FaultAcceptExpiredTokens breaks @contract-token-expiry: expired tokens still authenticate.
	FaultAcceptExpiredTokens Fault = "accept-expired-tokens"
	// FaultAcceptDeletedTokens breaks @contract-token-revocation: deleted tokens still authenticate.
	FaultAcceptDeletedTokens Fault = "accept-deleted-tokens"
	// FaultTokenInListing breaks @contract-token-shown-once: the token listing carries the secret.
	FaultTokenInListing Fault = "token-in-listing"
	// FaultAcceptOtherTenantToken breaks @contract-tenant-isolation: tenant A's token works on tenant B.
	FaultAcceptOtherTenantToken Fault = "accept-other-tenant-token"
	// FaultAcceptMissingToken breaks @contract-bearer-auth: requests without Authorization are served.
	FaultAcceptMissingToken Fault = "accept-missing-token"
	// FaultAccountSourceLocal breaks @contract-account-source: SCIM accounts show accountSource "Local".
	FaultAccountSourceLocal Fault = "account-source-local"
	// FaultDropLocale breaks @contract-required-attributes: locale is not stored.
	FaultDropLocale Fault = "drop-locale"
	// FaultAllowAdminEditSCIM breaks @contract-read-only: admin PATCH of a SCIM account succeeds.
	FaultAllowAdminEditSCIM Fault = "allow-admin-edit-scim"
	// FaultLocalAccountReadonly breaks @contract-local-account: admin PATCH of a Local account → 409.
	FaultLocalAccountReadonly Fault = "local-account-readonly"
	// FaultIgnoreUpdates breaks @contract-updates: name, email and phone changes answer 200 but are not kept.
	FaultIgnoreUpdates Fault = "ignore-updates"
	// FaultIgnoreActiveFalse breaks @contract-deactivation: active:false answers 200 but the account stays active.
	FaultIgnoreActiveFalse Fault = "ignore-active-false"
	// FaultEraseOnDelete breaks @contract-removal: DELETE erases the Cantara account instead of deactivating it.
	FaultEraseOnDelete Fault = "erase-on-delete"
	// FaultNoReactivate breaks @contract-reactivation: a POST after DELETE creates a new account.
	FaultNoReactivate Fault = "no-reactivate"
	// FaultGroupsNotSynced breaks @contract-groups: membership changes never reach the admin API.
	FaultGroupsNotSynced Fault = "groups-not-synced"
	// FaultNotFoundOnEmptyFilter breaks @contract-filter-miss: a filter matching nothing answers 404.
	FaultNotFoundOnEmptyFilter Fault = "not-found-on-empty-filter"
	// FaultDuplicateUsernameAllowed breaks @contract-uniqueness: a duplicate userName is created (201).
	FaultDuplicateUsernameAllowed Fault = "duplicate-username-allowed"
	// FaultCaseSensitiveUsername breaks @rfc7643-2.1 (userName caseExact=false): compared case-sensitively.
	FaultCaseSensitiveUsername Fault = "case-sensitive-username"
	// FaultRejectCapitalisedOps breaks @idp-entra: PATCH op "Replace"/"Add" → 400.
	FaultRejectCapitalisedOps Fault = "reject-capitalised-ops"
	// FaultRejectStringBooleans breaks @idp-entra: "False"/"True" as boolean values → 400.
	FaultRejectStringBooleans Fault = "reject-string-booleans"
	// FaultIgnoreNoPathReplace breaks @idp-okta and Entra compliant mode: replace without path is ignored.
	FaultIgnoreNoPathReplace Fault = "ignore-no-path-replace"
	// FaultBareRemoveEmptiesGroup breaks @idp-entra: remove "members" with a value array empties the group.
	FaultBareRemoveEmptiesGroup Fault = "bare-remove-empties-group"
	// FaultDuplicateMemberAdd409 breaks @idp-entra: adding an existing member → 409.
	FaultDuplicateMemberAdd409 Fault = "duplicate-member-add-409"
	// FaultNumericErrorStatus breaks @rfc7644-3.12: error documents carry status as a JSON number.
	FaultNumericErrorStatus Fault = "numeric-error-status"
	// FaultIgnoreStartIndex breaks @rfc7644-3.4.2.4: startIndex is ignored (always from 1).
	FaultIgnoreStartIndex Fault = "ignore-start-index"
	// FaultMissingLocation breaks @rfc7644-3.3: 201 responses carry no Location header.
	FaultMissingLocation Fault = "missing-location"
	// FaultNonAtomicPatch breaks @rfc7644-3.5.2: a failing op leaves earlier ops of the PATCH applied.
	FaultNonAtomicPatch Fault = "non-atomic-patch"
)

// Faults of the contract audit: one per promise of cantara-contract.md that
// the first faults left unproven. Each comment names the sentence it breaks.
const (
	// FaultTokenIgnoreChosenExpiry breaks @contract-token-expiry ("the expiry date is adjustable"): a chosen expiresAt is ignored, the default used.
	FaultTokenIgnoreChosenExpiry Fault = "token-ignore-chosen-expiry"
	// FaultTokenMaxExpiry90d breaks @contract-token-expiry (expiry up to 366 days away is valid): over 90 days → 400 invalid_expiry.
	FaultTokenMaxExpiry90d Fault = "token-max-expiry-90d"
	// FaultAcceptPastExpiry breaks @contract-token-expiry ("expiry in the past ... → 400 invalid_expiry"): a past expiresAt is accepted.
	FaultAcceptPastExpiry Fault = "accept-past-expiry"
	// FaultAcceptLongExpiry breaks @contract-token-expiry ("over 366 days away → 400 invalid_expiry"): any future expiresAt is accepted.
	FaultAcceptLongExpiry Fault = "accept-long-expiry"
	// FaultExpiredTokenListedActive breaks @contract-token-expiry (listing status "active"|"expired"): an expired token is listed "active".
	FaultExpiredTokenListedActive Fault = "expired-token-listed-active"
	// FaultTokenWithoutPrefix breaks @contract-token-format ("a fixed recognisable prefix"): secrets are bare base64url.
	FaultTokenWithoutPrefix Fault = "token-without-prefix"
	// FaultShortTokenSecret breaks @contract-token-format ("at least 32 random bytes"): 20 random bytes, hex-encoded.
	FaultShortTokenSecret Fault = "short-token-secret"
	// FaultTokenHashInListing breaks @contract-token-shown-once ("never the token or its hash"): entries carry the SHA-256 in hex.
	FaultTokenHashInListing Fault = "token-hash-in-listing"
	// FaultTokenHintFirst4 breaks @contract-token-shown-once ("hint is the last 4 characters"): the hint is the first 4.
	FaultTokenHintFirst4 Fault = "token-hint-first-4"
	// FaultNoBearerChallenge breaks @contract-bearer-auth ("a WWW-Authenticate: Bearer header"): 401 without it.
	FaultNoBearerChallenge Fault = "no-bearer-challenge"
	// FaultPlain401Body breaks @contract-bearer-auth ("401 with a SCIM error body"): the 401 body is plain text.
	FaultPlain401Body Fault = "plain-401-body"
	// FaultAcceptUnknownToken breaks @contract-bearer-auth ("unknown ... token gets 401"): any token with the prefix authenticates.
	FaultAcceptUnknownToken Fault = "accept-unknown-token"
	// FaultOtherTenantDistinct401 breaks @contract-tenant-isolation ("the same as for an unknown token"): its 401 says the token belongs elsewhere.
	FaultOtherTenantDistinct401 Fault = "other-tenant-distinct-401"
	// FaultUnknownTenant404 breaks @contract-tenant-isolation ("no hint that the tenant exists"): a tenant URL that does not exist → 404.
	FaultUnknownTenant404 Fault = "unknown-tenant-404"
	// FaultGlobalUsernameUniqueness breaks @contract-uniqueness ("userName is unique per tenant"): a userName of another tenant → 409.
	FaultGlobalUsernameUniqueness Fault = "global-username-uniqueness"
	// FaultRejectPlainJSON breaks @contract-media-type ("plain application/json is accepted on requests"): → 415.
	FaultRejectPlainJSON Fault = "reject-plain-json"
	// FaultAdminAuthOff breaks @contract-admin-api ("wrong or missing admin token → 401"): the admin API checks no token.
	FaultAdminAuthOff Fault = "admin-auth-off"
	// FaultAdminErrorShape breaks @contract-admin-api (errors are {"error","detail"}): errors read {"message"}.
	FaultAdminErrorShape Fault = "admin-error-shape"
	// FaultAdminUnknown200 breaks @contract-admin-api ("Tenant, or 404"; "Account, or 404"): unknown ids → 200 {}.
	FaultAdminUnknown200 Fault = "admin-unknown-200"
	// FaultAdminUsernameCaseSensitive breaks @contract-admin-api ("userName match is case-insensitive"): accounts?userName= is exact.
	FaultAdminUsernameCaseSensitive Fault = "admin-username-case-sensitive"
	// FaultLocalAccountSourceSCIM breaks @contract-local-account ("a console-created account shows Local"): it shows "SCIM".
	FaultLocalAccountSourceSCIM Fault = "local-account-source-scim"
	// FaultReadOnlyPartialWrite breaks @contract-read-only ("409 read_only ..., nothing changed"): the 409 comes after the edit was saved.
	FaultReadOnlyPartialWrite Fault = "read-only-partial-write"
	// FaultSCIMAccountNotReadOnly breaks @contract-account-source ("readOnly is true exactly for SCIM accounts"): false for them.
	FaultSCIMAccountNotReadOnly Fault = "scim-account-not-readonly"
	// FaultAccountFirstEmail breaks @contract-account-fields ("email/phone are the work (or primary) values"): the first listed value is shown.
	FaultAccountFirstEmail Fault = "account-first-email"
	// FaultAccountGroupsIDs breaks @contract-groups (Account "groups":["displayName",...]): group ids are listed.
	FaultAccountGroupsIDs Fault = "account-groups-ids"
	// FaultPutIgnoresActive breaks @contract-deactivation ("PUT ... active:false deactivates"): active in a PUT body is ignored.
	FaultPutIgnoresActive Fault = "put-ignores-active"
	// FaultGroupRenameNotSynced breaks @contract-groups (groups list shows displayName): a rename never reaches the console.
	FaultGroupRenameNotSynced Fault = "group-rename-not-synced"
	// FaultGroupDeleteNotSynced breaks @contract-groups (membership visible in Cantara): a deleted group stays in the console.
	FaultGroupDeleteNotSynced Fault = "group-delete-not-synced"
	// FaultPutIDIgnored breaks @contract-mutability ("writing a readOnly attribute (id, meta) → 400 mutability"): a PUT with another id → 200.
	FaultPutIDIgnored Fault = "put-id-ignored"
)

// Faults that contradict a declaration (issue 5: "a declared capability that
// behaviour contradicts is a failure"): /ServiceProviderConfig keeps saying
// supported while the behaviour is gone.
const (
	// FaultSortDeclaredIgnored breaks @rfc7644-3.4.2.3: sort.supported is true but sortBy is ignored (store order).
	FaultSortDeclaredIgnored Fault = "sort-declared-ignored"
	// FaultETagDeclaredIgnored breaks @rfc7644-3.14: etag.supported is true but If-Match is ignored (no 412).
	FaultETagDeclaredIgnored Fault = "etag-declared-ignored"
	// FaultBulkIgnoresBulkID breaks @rfc7644-3.7.2: "bulkId:<id>" references in /Bulk are passed on literally, not resolved.
	FaultBulkIgnoresBulkID Fault = "bulk-ignores-bulkid"
)

// PromiseConverge is the promise of the lost-write faults. It is no scenario
// tag: one request and its answer look right, only a reconciliation of the
// whole directory after churn shows the loss, so `scimharness converge`
// catches these and converge/faults_test.go proves each.
const PromiseConverge = "@converge"

// Faults that lose writes (issue 11): every answer looks right, yet after
// churn Cantara no longer holds what the IdP holds.
const (
	// FaultLostUserUpdate breaks @converge ("updates made in the IdP are synced"): every 8th user update answers 200 with the new values but is never stored.
	FaultLostUserUpdate Fault = "lost-user-update"
	// FaultRenameDropsMembers breaks @converge (membership visible in Cantara): a group rename drops the group's members.
	FaultRenameDropsMembers Fault = "rename-drops-members"
	// FaultLostReactivation breaks @converge (a re-activated user is active again): active true on a deactivated user answers 200, the account stays deactivated.
	FaultLostReactivation Fault = "lost-reactivation"
	// FaultLostMemberAdd breaks @converge (membership changes flow into Cantara): every 8th member add answers 2xx but the members it adds are not stored.
	FaultLostMemberAdd Fault = "lost-member-add"
)

// lostWriteEvery is how often the counting lost-write faults drop a write:
// often enough that a small converge run meets it, rarely enough that single
// requests mostly look fine.
const lostWriteEvery = 8

// Faults of issue 12: defects a public SCIM compliance suite found in the
// sandbox, brought back on demand.
const (
	// FaultKeepDuplicateValues breaks @rfc7643-2.4 ("SHOULD NOT return the same (type, value) combination more than once"): repeats are kept.
	FaultKeepDuplicateValues Fault = "keep-duplicate-values"
	// FaultNoopPatchBumpsVersion breaks @rfc7644-3.5.2.1 ("this operation SHALL NOT change the modify timestamp"): a PATCH that changes nothing raises lastModified and the version.
	FaultNoopPatchBumpsVersion Fault = "noop-patch-bumps-version"
)

// Issue 12: faults only anchored checks catch (a negative check that
// reasons about a list or a resource must first see that shape).
const (
	// FaultListOmitsEmptyResources breaks @rfc7644-3.4.2.4: an empty page leaves out Resources
	// although totalResults is non-zero (RFC 7644 §3.4.2: REQUIRED then), as Go's omitempty does.
	FaultListOmitsEmptyResources Fault = "list-omits-empty-resources"
	// FaultBulkIgnoresFailOnErrors breaks @rfc7644-3.7.3: failOnErrors is read but every operation runs anyway.
	FaultBulkIgnoresFailOnErrors Fault = "bulk-ignores-fail-on-errors"
	// FaultSchemaNestedComplex breaks @rfc7643-2.3.8: /Schemas describes name with a complex
	// sub-attribute that has sub-attributes of its own.
	FaultSchemaNestedComplex Fault = "schema-nested-complex"
	// FaultWriteIgnoresAttributes breaks @rfc7644-3.9: POST, PUT and PATCH answers ignore
	// ?attributes= and ?excludedAttributes= (only GET honours them).
	FaultWriteIgnoresAttributes Fault = "write-ignores-attributes"
	// FaultFilterScanBudget breaks @rfc7644-3.4.2.4: a filter served by a scan looks only at the
	// first FilterScanBudget users stored in the tenant (index look-ups still work), so matches
	// stored after them are never found: invisible in a tenant holding only the scenario's users.
	FaultFilterScanBudget Fault = "filter-scan-budget"
)

// Issue 12, "each promise from every angle": each breaks one view or one
// way of writing that the first scenarios did not look at
// (docs/promise-angles.md).
const (
	// FaultAccountKeepsLocale breaks @contract-updates: a locale change reaches the SCIM
	// resource but the Cantara account keeps the old locale.
	FaultAccountKeepsLocale Fault = "account-keeps-locale"
	// FaultAccountKeepsClearedPhone breaks @contract-updates: a work phone cleared in the IdP
	// (PATCH remove, or a PUT without it) stays on the Cantara account.
	FaultAccountKeepsClearedPhone Fault = "account-keeps-cleared-phone"
	// FaultListShowsStaleActive breaks @contract-deactivation: lists show every user as
	// active (a search index never told of deactivations); the single read is right.
	FaultListShowsStaleActive Fault = "list-shows-stale-active"
	// FaultValueFilterMatchesNothing breaks @contract-lookup: a filter with a value path
	// (emails[type eq "work"].value eq ...) answers an empty list instead of the match.
	FaultValueFilterMatchesNothing Fault = "value-filter-matches-nothing"
	// FaultAccountKeepsUserName breaks @contract-updates: a userName change reaches the SCIM
	// resource but the Cantara account keeps the old userName.
	FaultAccountKeepsUserName Fault = "account-keeps-username"
	// FaultASCIIUserNameFolding breaks @rfc7643-2.2: userName uniqueness folds only ASCII
	// letters, so "JOSÉ" and "josé" are two userNames.
	FaultASCIIUserNameFolding Fault = "ascii-username-folding"
)

// FaultInfo describes one fault switch: the promise it breaks, named by the
// tag of the scenarios that must catch it, and what goes wrong.
type FaultInfo struct {
	Fault       Fault
	Promise     string // a scenario tag, e.g. "@contract-removal"
	Description string // one line: what the sandbox does wrong
}

// knownFaults is the catalogue's column of names, in catalogue order.
var knownFaults = func() []Fault {
	out := make([]Fault, len(faultCatalogue))
	for i, fi := range faultCatalogue {
		out[i] = fi.Fault
	}
	return out
}()

// FaultCatalogue lists every fault switch with its promise, in the order of
// KnownFaults.
func FaultCatalogue() []FaultInfo {
	out := make([]FaultInfo, len(faultCatalogue))
	copy(out, faultCatalogue)
	return out
}

// Describe returns the catalogue row of f; false for an unknown fault.
func Describe(f Fault) (FaultInfo, bool) {
	for _, fi := range faultCatalogue {
		if fi.Fault == f {
			return fi, true
		}
	}
	return FaultInfo{}, false
}

// WriteFaultList writes one line per fault, sorted by name and aligned:
// name, what goes wrong, and the promise in brackets. It is the listing of
// `scimharness sandbox -h` and of the unknown-fault error.
func WriteFaultList(w io.Writer, indent string) error {
	rows := FaultCatalogue()
	sort.Slice(rows, func(i, j int) bool { return rows[i].Fault < rows[j].Fault })
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, fi := range rows {
		fmt.Fprintf(tw, "%s%s\t%s [%s]\n", indent, fi.Fault, fi.Description, fi.Promise)
	}
	return tw.Flush()
}

// KnownFaults lists every fault switch in a stable order.
func KnownFaults() []Fault {
	out := make([]Fault, len(knownFaults))
	copy(out, knownFaults)
	return out
}

// ParseFaults reads a comma-separated list of fault names; blanks are skipped.
// An unknown name is an error that lists the known ones.
func ParseFaults(csv string) ([]Fault, error) {
	var out []Fault
	seen := map[Fault]bool{}
	for _, part := range strings.Split(csv, ",") {
		name := Fault(strings.TrimSpace(part))
		if name == "" || seen[name] {
			continue
		}
		if !isKnownFault(name) {
			return nil, unknownFaultError(name)
		}
		seen[name] = true
		out = append(out, name)
	}
	return out, nil
}

func isKnownFault(f Fault) bool {
	_, ok := Describe(f)
	return ok
}

// unknownFaultError names the bad fault and lists the known ones with what
// each breaks, so the user can pick one without opening the docs.
func unknownFaultError(f Fault) error {
	var list strings.Builder
	_ = WriteFaultList(&list, "  ") // a strings.Builder never fails
	return fmt.Errorf("unknown fault %q: expected one of:\n%s", f, strings.TrimRight(list.String(), "\n"))
}

// faultSet answers "is this fault on?" without scanning a slice on every request.
type faultSet map[Fault]bool

func newFaultSet(faults []Fault) (faultSet, error) {
	set := faultSet{}
	for _, f := range faults {
		if !isKnownFault(f) {
			return nil, unknownFaultError(f)
		}
		set[f] = true
	}
	return set, nil
}

func (s faultSet) on(f Fault) bool { return s[f] }
