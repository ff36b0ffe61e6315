package steps_test

import (
	"io"
	"testing"

	"github.com/cucumber/godog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scimharness/scimharness/features"
	"github.com/scimharness/scimharness/reports"
	"github.com/scimharness/scimharness/sandbox"
	"github.com/scimharness/scimharness/steps"
)

// runRFCFeatures runs the feature paths against a fresh embedded sandbox
// with the given faults and returns the results, the run's token and
// godog's exit status.
func runRFCFeatures(t *testing.T, faults []sandbox.Fault, out io.Writer, paths ...string) ([]reports.Scenario, string, int) {
	t.Helper()
	env := sandboxEnv(t, faults)
	env.Seed, env.Log = 7644, io.Discard
	token := env.Target.Token
	suite := godog.TestSuite{
		ScenarioInitializer: steps.InitializeScenario(env),
		Options: &godog.Options{
			Format: "progress", Output: out, Strict: true, NoColors: true,
			FS: features.FS, Paths: paths,
		},
	}
	defer env.Results.Attach(&suite)()
	status := suite.Run()
	return env.Results.Scenarios(), token, status
}

// TestRFCFeatures runs features/rfc7644 and features/rfc7643 against a
// fault-free embedded sandbox: every scenario passes, or is skipped because
// the sandbox declares the capability unsupported (bulk) or the check is
// for targets that lack a capability the sandbox has.
func TestRFCFeatures(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the RFC features against the sandbox")
	}
	results, token, status := runRFCFeatures(t, nil, rfcTestWriter{t}, "rfc7644", "rfc7643")
	assert.Equal(t, 0, status, "the RFC features pass against a fault-free sandbox")
	require.NotEmpty(t, results)
	passed, failed, skipped := 0, 0, 0
	for _, r := range results {
		switch r.Status {
		case reports.Passed:
			passed++
		case reports.Skipped:
			skipped++
			// The sandbox declares everything but bulk.
			assert.Regexp(t, `needs bulk`, r.SkipReason, r.Name)
		case reports.NotApplicable:
			// checks meant for targets that declare a feature unsupported
			assert.Regexp(t, `declares \w+ supported; this check is for targets that do not`, r.SkipReason, r.Name)
		default:
			failed++
			t.Errorf("%s: %s: %s", r.Feature, r.Name, r.Failure)
		}
		assert.Empty(t, r.CleanupErrors, r.Name)
		assert.NotContains(t, r.Failure, token)
	}
	t.Logf("RFC scenarios: %d passed, %d failed, %d skipped", passed, failed, skipped)
}

// TestRFCFeaturesCatchFaults: each RFC fault switch of the sandbox makes the
// scenario written for its promise fail, and the failure says why.
func TestRFCFeaturesCatchFaults(t *testing.T) {
	if testing.Short() {
		t.Skip("runs RFC features against faulty sandboxes")
	}
	tests := []struct {
		fault    sandbox.Fault
		feature  string
		scenario string
		failure  string
	}{
		{sandbox.FaultNumericErrorStatus, "rfc7644/3_12_errors.feature", "A 404 is an Error document with status as a string", `error status: expected the string "404"`},
		{sandbox.FaultIgnoreStartIndex, "rfc7644/3_4_2_4_pagination.feature", "Paging one at a time visits every user exactly once", "users over all pages"},
		{sandbox.FaultIgnoreStartIndex, "rfc7644/3_4_2_4_pagination.feature", "startIndex=2 starts the page at the second result", "Resources.0.id"},
		{sandbox.FaultMissingLocation, "rfc7644/3_3_create.feature", "The Location header of a created user equals its meta.location", "Location"},
		{sandbox.FaultNonAtomicPatch, "rfc7644/3_5_2_patch.feature", "A multi-operation PATCH with one failing operation changes nothing", "displayName"},
		{sandbox.FaultCaseSensitiveUsername, "rfc7644/3_4_2_2_filtering.feature", "userName (caseExact false) matches in any case", "Resources"},
		{sandbox.FaultCaseSensitiveUsername, "rfc7643/2_2_characteristics.feature", "userName differing only in case is the same userName and is refused with 409", "409"},
		{sandbox.FaultKeepDuplicateValues, "rfc7643/2_4_multi_valued_pairs.feature", "A user created with the same work email twice lists it once, or is refused with 400", "2 such elements"},
		{sandbox.FaultKeepDuplicateValues, "rfc7643/2_4_multi_valued_pairs.feature", "A PUT that repeats the work email leaves the user with it listed once", "2 such elements"},
		{sandbox.FaultKeepDuplicateValues, "rfc7643/2_4_multi_valued_pairs.feature", "A PATCH that replaces the emails with a repeated pair leaves it listed once", "2 such elements"},
		{sandbox.FaultNoopPatchBumpsVersion, "rfc7644/3_5_2_1_patch_add_unchanged.feature", "Adding the displayName a user already has keeps its version", "meta.version"},
		{sandbox.FaultNoopPatchBumpsVersion, "rfc7644/3_5_2_1_patch_add_unchanged.feature", "Adding a member already in the group keeps the group's version", "meta.version"},
	}
	for _, tt := range tests {
		t.Run(string(tt.fault)+"/"+tt.scenario, func(t *testing.T) {
			results, token, status := runRFCFeatures(t, []sandbox.Fault{tt.fault}, io.Discard, tt.feature)
			assert.Equal(t, 1, status, "expected the run to fail")
			var found *reports.Scenario
			for i := range results {
				if results[i].Name == tt.scenario {
					found = &results[i]
				}
				assert.NotContains(t, results[i].Failure, token)
			}
			require.NotNil(t, found, "expected scenario %q to run", tt.scenario)
			assert.Equal(t, reports.Failed, found.Status, "expected %q to fail with %s", tt.scenario, tt.fault)
			assert.Contains(t, found.Failure, tt.failure)
		})
	}
}

// rfcTestWriter sends godog's progress output to the test log.
type rfcTestWriter struct{ t *testing.T }

func (w rfcTestWriter) Write(p []byte) (int, error) {
	w.t.Helper()
	w.t.Log(string(p))
	return len(p), nil
}
