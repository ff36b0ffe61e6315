package sandbox

import (
	"fmt"
	"sort"
	"strings"
)

// Fault names one deliberate defect. Each breaks exactly one promise so the
// harness's own tests can prove that the scenario for that promise catches it.
// Faults are off unless named in Options.Faults.
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

var knownFaults = []Fault{
	FaultTokenDefaultExpiry90d, FaultAcceptExpiredTokens, FaultAcceptDeletedTokens, FaultTokenInListing,
	FaultAcceptOtherTenantToken, FaultAcceptMissingToken, FaultAccountSourceLocal, FaultDropLocale,
	FaultAllowAdminEditSCIM, FaultLocalAccountReadonly, FaultIgnoreUpdates, FaultIgnoreActiveFalse,
	FaultEraseOnDelete, FaultNoReactivate, FaultGroupsNotSynced, FaultNotFoundOnEmptyFilter,
	FaultDuplicateUsernameAllowed, FaultCaseSensitiveUsername, FaultRejectCapitalisedOps,
	FaultRejectStringBooleans, FaultIgnoreNoPathReplace, FaultBareRemoveEmptiesGroup,
	FaultDuplicateMemberAdd409, FaultNumericErrorStatus, FaultIgnoreStartIndex, FaultMissingLocation,
	FaultNonAtomicPatch,
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
			return nil, fmt.Errorf("unknown fault %q: expected one of %s", name, knownFaultNames())
		}
		seen[name] = true
		out = append(out, name)
	}
	return out, nil
}

func isKnownFault(f Fault) bool {
	for _, k := range knownFaults {
		if k == f {
			return true
		}
	}
	return false
}

func knownFaultNames() string {
	names := make([]string, len(knownFaults))
	for i, f := range knownFaults {
		names[i] = string(f)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// faultSet answers "is this fault on?" without scanning a slice on every request.
type faultSet map[Fault]bool

func newFaultSet(faults []Fault) (faultSet, error) {
	set := faultSet{}
	for _, f := range faults {
		if !isKnownFault(f) {
			return nil, fmt.Errorf("unknown fault %q: expected one of %s", f, knownFaultNames())
		}
		set[f] = true
	}
	return set, nil
}

func (s faultSet) on(f Fault) bool { return s[f] }
