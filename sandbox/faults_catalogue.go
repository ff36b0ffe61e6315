package sandbox

// faultCatalogue is the one description of the fault switches: the order of
// KnownFaults, the promise each breaks (the tag of the scenarios that must
// catch it), and what goes wrong in words. `scimharness sandbox -h`, the
// --faults errors, harness/faults_test.go and docs/faults.md all read it.
var faultCatalogue = []FaultInfo{
	// The first faults: one per promise of the contract, the RFC and the IdP dialects.
	{FaultTokenDefaultExpiry90d, "@contract-token-expiry", "a token created without expiresAt expires after 90 days, not 30"},
	{FaultAcceptExpiredTokens, "@contract-token-expiry", "expired tokens still authenticate"},
	{FaultAcceptDeletedTokens, "@contract-token-revocation", "deleted tokens still authenticate"},
	{FaultTokenInListing, "@contract-token-shown-once", `GET provisioning-tokens includes the full secret ("token" field)`},
	{FaultAcceptOtherTenantToken, "@contract-tenant-isolation", "a token of tenant A works on tenant B"},
	{FaultAcceptMissingToken, "@contract-bearer-auth", "a request without Authorization is served"},
	{FaultAccountSourceLocal, "@contract-account-source", `SCIM-provisioned accounts show accountSource "Local"`},
	{FaultDropLocale, "@contract-required-attributes", "the SCIM locale attribute is not stored on the account (a required profile attribute lost)"},
	{FaultAllowAdminEditSCIM, "@contract-read-only", "admin PATCH of a SCIM account succeeds (200, changed)"},
	{FaultLocalAccountReadonly, "@contract-local-account", "admin PATCH of a Local account → 409 read_only"},
	{FaultIgnoreUpdates, "@contract-updates", "PATCH/PUT of name, email, phone answer 200 but the account keeps old values"},
	{FaultIgnoreActiveFalse, "@contract-deactivation", "active:false (PATCH or PUT) answers 200 but the account stays active"},
	{FaultEraseOnDelete, "@contract-removal", "DELETE erases the Cantara account instead of deactivating it"},
	{FaultNoReactivate, "@contract-reactivation", "a POST after DELETE creates a new account; the old one stays deactivated"},
	{FaultGroupsNotSynced, "@contract-groups", "group membership changes are not visible in the admin API"},
	{FaultNotFoundOnEmptyFilter, "@contract-filter-miss", "a filter that matches nothing answers 404"},
	{FaultDuplicateUsernameAllowed, "@contract-uniqueness", "a second POST with the same userName creates another user (201)"},
	{FaultCaseSensitiveUsername, "@rfc7643-2.1", "userName compared case-sensitively in filters and uniqueness (RFC 7643 §2.1: caseExact is false)"},
	{FaultRejectCapitalisedOps, "@idp-entra", `PATCH op "Replace"/"Add" → 400`},
	{FaultRejectStringBooleans, "@idp-entra", `"False"/"True" as boolean values → 400`},
	{FaultIgnoreNoPathReplace, "@idp-okta", "replace without path ignored (200, nothing changed), as Okta and Entra compliant mode send it"},
	{FaultBareRemoveEmptiesGroup, "@idp-entra", `remove path "members" with a value array empties the whole group`},
	{FaultDuplicateMemberAdd409, "@idp-entra", "adding an existing member → 409"},
	{FaultNumericErrorStatus, "@rfc7644-3.12", "error documents carry status as a JSON number"},
	{FaultIgnoreStartIndex, "@rfc7644-3.4.2.4", "startIndex ignored (always from 1)"},
	{FaultMissingLocation, "@rfc7644-3.3", "201 responses without a Location header"},
	{FaultNonAtomicPatch, "@rfc7644-3.5.2", "multi-op PATCH with a failing op leaves earlier ops applied"},

	// The contract audit: one per sentence of cantara-contract.md the first faults left unproven.
	{FaultTokenIgnoreChosenExpiry, "@contract-token-expiry", "a chosen expiresAt is ignored; the token gets the 30-day default"},
	{FaultTokenMaxExpiry90d, "@contract-token-expiry", "an expiresAt over 90 days away → 400 invalid_expiry (366 days must be accepted)"},
	{FaultAcceptPastExpiry, "@contract-token-expiry", "an expiresAt in the past is accepted (201)"},
	{FaultAcceptLongExpiry, "@contract-token-expiry", "an expiresAt over 366 days away is accepted (201)"},
	{FaultExpiredTokenListedActive, "@contract-token-expiry", `the token listing shows an expired token as "active"`},
	{FaultTokenWithoutPrefix, "@contract-token-format", "token secrets carry no fixed prefix (bare base64url)"},
	{FaultShortTokenSecret, "@contract-token-format", "prefix + 20 random bytes in hex (40 chars: long, but 160 bits < 256)"},
	{FaultTokenHashInListing, "@contract-token-shown-once", `listing entries carry the SHA-256 of the secret in hex ("hash")`},
	{FaultTokenHintFirst4, "@contract-token-shown-once", "the listing hint is the first 4 characters, not the last 4"},
	{FaultNoBearerChallenge, "@contract-bearer-auth", "SCIM 401s carry no WWW-Authenticate header"},
	{FaultPlain401Body, "@contract-bearer-auth", "SCIM 401 bodies are text/plain, not a SCIM error"},
	{FaultAcceptUnknownToken, "@contract-bearer-auth", "any never-issued token with the prefix authenticates"},
	{FaultOtherTenantDistinct401, "@contract-tenant-isolation", "another tenant's token gets a 401 saying it belongs to another tenant (≠ unknown-token 401)"},
	{FaultUnknownTenant404, "@contract-tenant-isolation", "a SCIM request to a tenant that does not exist → 404 (reveals which tenants exist)"},
	{FaultGlobalUsernameUniqueness, "@contract-uniqueness", "a userName used in another tenant → 409 (uniqueness must be per tenant)"},
	{FaultRejectPlainJSON, "@contract-media-type", "request bodies declared application/json → 415"},
	{FaultAdminAuthOff, "@contract-admin-api", "the admin API is served without (or with a wrong) admin token"},
	{FaultAdminErrorShape, "@contract-admin-api", `admin errors read {"message"} instead of {"error","detail"}`},
	{FaultAdminUnknown200, "@contract-admin-api", "GET of an unknown tenant or account → 200 {} instead of 404"},
	{FaultAdminUsernameCaseSensitive, "@contract-admin-api", "accounts?userName= matches case-sensitively"},
	{FaultLocalAccountSourceSCIM, "@contract-local-account", `console-created accounts show accountSource "SCIM"`},
	{FaultReadOnlyPartialWrite, "@contract-read-only", "admin PATCH of a SCIM account answers 409 read_only but saves the edit"},
	{FaultSCIMAccountNotReadOnly, "@contract-account-source", "SCIM accounts show readOnly false"},
	{FaultAccountFirstEmail, "@contract-account-fields", "the account's email/phone are the first listed values, not the work ones"},
	{FaultAccountGroupsIDs, "@contract-groups", "Account.groups lists console group ids instead of displayNames"},
	{FaultPutIgnoresActive, "@contract-deactivation", "active in a PUT body is ignored (the old value kept)"},
	{FaultGroupRenameNotSynced, "@contract-groups", "a group rename never reaches the console's groups list"},
	{FaultGroupDeleteNotSynced, "@contract-groups", "a deleted SCIM group stays in the console with its members"},
	{FaultPutIDIgnored, "@contract-mutability", "a PUT whose body carries a different id answers 200 (contract: 400 mutability)"},

	// Issue 5: /ServiceProviderConfig declares a capability the behaviour contradicts.
	{FaultSortDeclaredIgnored, "@rfc7644-3.4.2.3", "/ServiceProviderConfig says sort.supported true, but sortBy/sortOrder are ignored (store order)"},
	{FaultETagDeclaredIgnored, "@rfc7644-3.14", "/ServiceProviderConfig says etag.supported true and ETags are sent, but If-Match is ignored (no 412)"},
	{FaultBulkIgnoresBulkID, "@rfc7644-3.7.2", `/Bulk passes "bulkId:<id>" references on literally instead of resolving them (a group member bulkId → 400)`},

	// Issue 12: defects a public SCIM compliance suite found in the sandbox.
	{FaultKeepDuplicateValues, "@rfc7643-2.4", "a multi-valued attribute keeps a repeated (type, value) pair, e.g. the same work email listed twice, instead of storing it once"},
	{FaultNoopPatchBumpsVersion, "@rfc7644-3.5.2.1", "a PATCH add that changes nothing (the same displayName, a member already present) raises meta.lastModified and the version"},
	// Issue 12: defects only an anchored negative check catches.
	{FaultListOmitsEmptyResources, "@rfc7644-3.4.2.4", "an empty page (count=0, startIndex past the end) has no Resources key although totalResults is non-zero"},
	// Issue 12: RFC requirements the catalogue audit added.
	{FaultBulkIgnoresFailOnErrors, "@rfc7644-3.7.3", "/Bulk ignores failOnErrors: the operations after the allowed number of errors still run"},
	{FaultSchemaNestedComplex, "@rfc7643-2.3.8", `/Schemas gives the User "name" a complex sub-attribute with sub-attributes of its own`},
	{FaultWriteIgnoresAttributes, "@rfc7644-3.9", "POST, PUT and PATCH answers ignore attributes/excludedAttributes (only GET honours them)"},
	// Issue 12: defects only a populated tenant shows.
	{FaultFilterScanBudget, "@rfc7644-3.4.2.4", "a filter served by a scan looks only at the first 100 users stored in the tenant: later matches are never found (unseen in a near-empty tenant)"},
	// Issue 12: each promise from every angle (docs/promise-angles.md).
	{FaultAccountKeepsLocale, "@contract-updates", "a locale change reaches the SCIM resource but the Cantara account keeps the old locale"},
	{FaultAccountKeepsClearedPhone, "@contract-updates", "a work phone cleared in the IdP (PATCH remove, or a PUT without it) stays on the Cantara account"},
	{FaultListShowsStaleActive, "@contract-deactivation", "lists show a deactivated user as active (only the single read shows the change)"},
	{FaultValueFilterMatchesNothing, "@contract-lookup", `a look-up by emails[type eq "work"].value answers an empty list, so an IdP matching on the work email creates a duplicate`},
	{FaultAccountKeepsUserName, "@contract-updates", "a userName change (Entra's UPN rename) reaches the SCIM resource but the Cantara account keeps the old userName"},
	{FaultASCIIUserNameFolding, "@rfc7643-2.2", `userName uniqueness folds only ASCII letters: "JOSÉ" and "josé" count as two userNames`},

	// Issue 11: writes lost without an error; only `scimharness converge`'s reconciliation shows them.
	{FaultLostUserUpdate, PromiseConverge, "every 8th user update (PATCH or PUT) answers 200 with the new values but is never stored, as a write lost between concurrent writers"},
	{FaultRenameDropsMembers, PromiseConverge, "a group rename answers 200 but drops the group's members, as if it replaced the whole group"},
	{FaultLostReactivation, PromiseConverge, "active true on a deactivated user answers 200 and SCIM shows it, but the account stays deactivated"},
	{FaultLostMemberAdd, PromiseConverge, "every 8th PATCH that adds group members answers 2xx but the members it adds are not stored"},
}
