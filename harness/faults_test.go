package harness

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scimharness/scimharness/reports"
	"github.com/scimharness/scimharness/sandbox"
)

// faultPromises is /work/notes/faults.md: each sandbox fault breaks one
// promise, named by its tag. The harness catches a fault when the scenarios
// of that promise fail against a sandbox with the fault on (the full clean
// run in TestRunEmbeddedSandboxPasses is the control).
var faultPromises = []struct {
	fault sandbox.Fault
	tag   string
}{
	{sandbox.FaultTokenDefaultExpiry90d, "@contract-token-expiry"},
	{sandbox.FaultAcceptExpiredTokens, "@contract-token-expiry"},
	{sandbox.FaultAcceptDeletedTokens, "@contract-token-revocation"},
	{sandbox.FaultTokenInListing, "@contract-token-shown-once"},
	{sandbox.FaultAcceptOtherTenantToken, "@contract-tenant-isolation"},
	{sandbox.FaultAcceptMissingToken, "@contract-bearer-auth"},
	{sandbox.FaultAccountSourceLocal, "@contract-account-source"},
	{sandbox.FaultDropLocale, "@contract-required-attributes"},
	{sandbox.FaultAllowAdminEditSCIM, "@contract-read-only"},
	{sandbox.FaultLocalAccountReadonly, "@contract-local-account"},
	{sandbox.FaultIgnoreUpdates, "@contract-updates"},
	{sandbox.FaultIgnoreActiveFalse, "@contract-deactivation"},
	{sandbox.FaultEraseOnDelete, "@contract-removal"},
	{sandbox.FaultNoReactivate, "@contract-reactivation"},
	{sandbox.FaultGroupsNotSynced, "@contract-groups"},
	{sandbox.FaultNotFoundOnEmptyFilter, "@contract-filter-miss"},
	{sandbox.FaultDuplicateUsernameAllowed, "@contract-uniqueness"},
	{sandbox.FaultCaseSensitiveUsername, "@rfc7643-2.1"},
	{sandbox.FaultRejectCapitalisedOps, "@idp-entra"},
	{sandbox.FaultRejectStringBooleans, "@idp-entra"},
	{sandbox.FaultIgnoreNoPathReplace, "@idp-okta"},
	{sandbox.FaultBareRemoveEmptiesGroup, "@idp-entra"},
	{sandbox.FaultDuplicateMemberAdd409, "@idp-entra"},
	{sandbox.FaultNumericErrorStatus, "@rfc7644-3.12"},
	{sandbox.FaultIgnoreStartIndex, "@rfc7644-3.4.2.4"},
	{sandbox.FaultMissingLocation, "@rfc7644-3.3"},
	{sandbox.FaultNonAtomicPatch, "@rfc7644-3.5.2"},
	{sandbox.FaultSortDeclaredIgnored, "@rfc7644-3.4.2.3"},
	{sandbox.FaultETagDeclaredIgnored, "@rfc7644-3.14"},
	{sandbox.FaultBulkIgnoresBulkID, "@rfc7644-3.7.2"},
	{sandbox.FaultTokenIgnoreChosenExpiry, "@contract-token-expiry"},
	{sandbox.FaultTokenMaxExpiry90d, "@contract-token-expiry"},
	{sandbox.FaultAcceptPastExpiry, "@contract-token-expiry"},
	{sandbox.FaultAcceptLongExpiry, "@contract-token-expiry"},
	{sandbox.FaultExpiredTokenListedActive, "@contract-token-expiry"},
	{sandbox.FaultTokenWithoutPrefix, "@contract-token-format"},
	{sandbox.FaultShortTokenSecret, "@contract-token-format"},
	{sandbox.FaultTokenHashInListing, "@contract-token-shown-once"},
	{sandbox.FaultTokenHintFirst4, "@contract-token-shown-once"},
	{sandbox.FaultNoBearerChallenge, "@contract-bearer-auth"},
	{sandbox.FaultPlain401Body, "@contract-bearer-auth"},
	{sandbox.FaultAcceptUnknownToken, "@contract-bearer-auth"},
	{sandbox.FaultOtherTenantDistinct401, "@contract-tenant-isolation"},
	{sandbox.FaultUnknownTenant404, "@contract-tenant-isolation"},
	{sandbox.FaultGlobalUsernameUniqueness, "@contract-uniqueness"},
	{sandbox.FaultRejectPlainJSON, "@contract-media-type"},
	{sandbox.FaultAdminAuthOff, "@contract-admin-api"},
	{sandbox.FaultAdminErrorShape, "@contract-admin-api"},
	{sandbox.FaultAdminUnknown200, "@contract-admin-api"},
	{sandbox.FaultAdminUsernameCaseSensitive, "@contract-admin-api"},
	{sandbox.FaultLocalAccountSourceSCIM, "@contract-local-account"},
	{sandbox.FaultReadOnlyPartialWrite, "@contract-read-only"},
	{sandbox.FaultSCIMAccountNotReadOnly, "@contract-account-source"},
	{sandbox.FaultAccountFirstEmail, "@contract-account-fields"},
	{sandbox.FaultAccountGroupsIDs, "@contract-groups"},
	{sandbox.FaultPutIgnoresActive, "@contract-deactivation"},
	{sandbox.FaultGroupRenameNotSynced, "@contract-groups"},
	{sandbox.FaultGroupDeleteNotSynced, "@contract-groups"},
	{sandbox.FaultKeepDeletedMembers, "@contract-removal"},
	{sandbox.FaultPutIDIgnored, "@contract-mutability"},
}

func TestEveryFaultHasAPromise(t *testing.T) {
	listed := map[sandbox.Fault]bool{}
	for _, fp := range faultPromises {
		listed[fp.fault] = true
	}
	for _, f := range sandbox.KnownFaults() {
		assert.True(t, listed[f], "fault %q has no row in faultPromises (see /work/notes/faults.md)", f)
	}
}

// TestHarnessCatchesEachFault runs the scenarios of each fault's promise
// against a sandbox with that fault on and expects them to fail, with the
// failure attributed to the promise and worded as an assertion (not an
// undefined step, which would "catch" anything). Not parallel: godog keeps
// run state in process environment variables.
func TestHarnessCatchesEachFault(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the features once per fault")
	}
	for _, fp := range faultPromises {
		t.Run(string(fp.fault), func(t *testing.T) {
			selected, err := List(ListOptions{Tags: fp.tag})
			require.NoError(t, err)
			if len(selected) == 0 {
				t.Skipf("no scenario tagged %s yet: the features for fault %s are still to be written", fp.tag, fp.fault)
			}
			var console strings.Builder
			outcome, err := Run(context.Background(), Config{
				Tags: fp.tag, Faults: []sandbox.Fault{fp.fault}, Seed: 11,
				OutDir: t.TempDir(), Formats: []string{FormatNone, FormatJUnit}, Stdout: &console,
			})
			require.NoError(t, err)
			failures := outcome.Run.Failures()
			if !assert.Equal(t, ExitFailed, outcome.ExitCode, "fault %s went unnoticed by %d scenarios tagged %s", fp.fault, len(selected), fp.tag) {
				t.Log(console.String())
				return
			}
			for _, s := range failures {
				assert.True(t, s.HasTag(fp.tag), "failing scenario %q lacks %s", s.Name, fp.tag)
				assert.Equal(t, reports.Failed, s.Status, "scenario %q: %s", s.Name, s.FailureLine())
				assert.Contains(t, strings.ToLower(s.FailureLine()), "expected", "scenario %q should say what it expected", s.Name)
			}
			t.Logf("%s → %d failed: %s", fp.fault, len(failures), failedNames(failures))
		})
	}
}

func failedNames(ss []reports.Scenario) string {
	names := make([]string, len(ss))
	for i, s := range ss {
		names[i] = s.Name
	}
	return strings.Join(names, "; ")
}
