package steps_test

import (
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/cucumber/godog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scimharness/scimharness/features"
	"github.com/scimharness/scimharness/reports"
	"github.com/scimharness/scimharness/sandbox"
	"github.com/scimharness/scimharness/simulator"
	"github.com/scimharness/scimharness/steps"
)

// idpRun is one run of features/idp against a fresh embedded sandbox.
type idpRun struct {
	env     *steps.Env
	results []reports.Scenario
	status  int // godog's exit status
}

// runIdPFeatures starts a sandbox with faults, creates a tenant and a token
// through the sandbox API, and runs features/idp (every dialect's rows, or
// those selected by tags) with the admin API available.
func runIdPFeatures(t *testing.T, faults []sandbox.Fault, tags string, out io.Writer) idpRun {
	t.Helper()
	return runIdPFeaturesFrom(t, features.FS, "idp", faults, tags, out)
}

// runIdPFeaturesFrom runs the features under dir of fsys.
func runIdPFeaturesFrom(t *testing.T, fsys fs.FS, dir string, faults []sandbox.Fault, tags string, out io.Writer) idpRun {
	t.Helper()
	env := sandboxEnv(t, faults)
	env.Seed, env.Log = 4004, io.Discard
	suite := godog.TestSuite{
		ScenarioInitializer: steps.InitializeScenario(env),
		Options: &godog.Options{
			Format: "progress", Output: out, Strict: true, NoColors: true,
			FS: fsys, Paths: []string{dir}, Tags: tags,
		},
	}
	defer env.Results.Attach(&suite)()
	status := suite.Run()
	return idpRun{env: env, results: env.Results.Scenarios(), status: status}
}

// dialectOf is the dialect an outline row belongs to: its @idp-<name> tag.
func dialectOf(r reports.Scenario) string {
	for _, tag := range r.Tags {
		if name, ok := strings.CutPrefix(tag, "@idp-"); ok {
			return name
		}
	}
	return ""
}

// TestIdPFeatures runs every dialect's lifecycle against a fault-free
// sandbox: every row of every outline runs and passes (none skipped), each
// dialect has the same scenarios except the removal split, and nothing is
// left behind. The dialect × scenario table goes to the test log.
func TestIdPFeatures(t *testing.T) {
	if testing.Short() {
		t.Skip("runs features/idp against the sandbox")
	}
	run := runIdPFeatures(t, nil, "", io.Discard)
	assert.Equal(t, 0, run.status, "features/idp pass against a fault-free sandbox")
	require.NotEmpty(t, run.results)
	perDialect := map[string]int{}
	for _, r := range run.results {
		d := dialectOf(r)
		assert.Contains(t, simulator.DialectNames(), d, "scenario %q has no @idp-<dialect> tag", r.Name)
		assert.True(t, strings.HasPrefix(r.Name, d+": "), "scenario %q names its dialect", r.Name)
		assert.Equal(t, reports.Passed, r.Status, "%s: %s%s", r.Name, r.SkipReason, r.Failure)
		assert.Empty(t, r.CleanupErrors, r.Name)
		perDialect[d]++
	}
	for _, d := range simulator.DialectNames() {
		assert.GreaterOrEqual(t, perDialect[d], 19, "dialect %s runs the whole lifecycle", d)
	}
	t.Logf("dialect × scenario, fault-free sandbox:\n%s", dialectTable(run.results))
	assertNothingLeft(t, run.env)
}

// TestIdPFeaturesTagSelectsOneDialect: `--tags @idp-okta` (and so
// `--idp okta`) runs Okta's rows and nothing else.
func TestIdPFeaturesTagSelectsOneDialect(t *testing.T) {
	if testing.Short() {
		t.Skip("runs features/idp against the sandbox")
	}
	run := runIdPFeatures(t, nil, "@idp-okta", io.Discard)
	assert.Equal(t, 0, run.status)
	require.NotEmpty(t, run.results)
	for _, r := range run.results {
		assert.Equal(t, "okta", dialectOf(r), r.Name)
	}
}

// TestIdPRowInTheWrongOutlineFails: a dialect row under a condition its
// data contradicts (Okta under "removes users by deleting them", Okta under
// "re-sends adds") fails as a feature error instead of testing the wrong
// thing.
func TestIdPRowInTheWrongOutlineFails(t *testing.T) {
	const feature = `Feature: stale rows
  Scenario Outline: <idp> deletes
    Given the identity provider is "<idp>"
    And the IdP removes users by deleting them

    @idp-okta
    Examples:
      | idp  |
      | okta |

  Scenario Outline: <idp> re-sends adds
    Given the identity provider is "<idp>"
    And the IdP re-sends adds for members already in a group

    @idp-generic
    Examples:
      | idp     |
      | generic |
`
	fsys := fstest.MapFS{"stale/stale.feature": {Data: []byte(feature)}}
	run := runIdPFeaturesFrom(t, fsys, "stale", nil, "", io.Discard)
	assert.Equal(t, 1, run.status)
	require.Len(t, run.results, 2)
	for _, r := range run.results {
		assert.Equal(t, reports.Failed, r.Status, r.Name)
		assert.Contains(t, r.Failure, "feature error: expected", r.Name)
	}
}

// idpFaults are the sandbox faults an IdP's dialect trips, with the
// dialects whose rows must fail (and only those): each follows from one
// option of the dialect in simulator/dialect_*.go, named in the comment.
var idpFaults = []struct {
	fault    sandbox.Fault
	dialects []string
}{
	// OpCase OpCapitalized: "Replace"/"Add"/"Remove".
	{sandbox.FaultRejectCapitalisedOps, []string{"entra"}},
	// PatchBools BoolStringTitle ("False"), ActiveOnCreate BoolStringLower ("true").
	{sandbox.FaultRejectStringBooleans, []string{"entra", "onelogin"}},
	// Update UpdatePatchNoPath; Deactivate DeactivatePatchNoPath and GroupRename RenamePatchNoPath.
	{sandbox.FaultIgnoreNoPathReplace, []string{"entra-compliant", "okta"}},
	// MemberRemove MemberRemoveByValueArray.
	{sandbox.FaultBareRemoveEmptiesGroup, []string{"entra", "jumpcloud"}},
	// ResendsMemberAdds.
	{sandbox.FaultDuplicateMemberAdd409, []string{"entra", "entra-compliant"}},
	// LookupMissStatuses without 404: every IdP but Okta stops on a 404 look-up.
	{sandbox.FaultNotFoundOnEmptyFilter, []string{"entra", "entra-compliant", "generic", "jumpcloud", "onelogin", "ping"}},
}

// TestIdPFeaturesCatchFaults switches on each fault an IdP dialect trips
// and requires the suite to fail, with failures in exactly the expected
// dialects' rows, each worded as an assertion ("expected ..."), and no
// token in any message.
func TestIdPFeaturesCatchFaults(t *testing.T) {
	if testing.Short() {
		t.Skip("runs features/idp against the sandbox once per fault")
	}
	if raceDetector {
		t.Skip("a fault sweep: make test runs it in its pass without -race (make faults)")
	}
	for _, tc := range idpFaults {
		t.Run(string(tc.fault), func(t *testing.T) {
			run := runIdPFeatures(t, []sandbox.Fault{tc.fault}, "", io.Discard)
			assert.Equal(t, 1, run.status, "the suite fails with %s on", tc.fault)
			failed := map[string][]string{}
			for _, r := range run.results {
				if r.Status != reports.Failed {
					assert.Equal(t, reports.Passed, r.Status, "%s: %s", r.Name, r.SkipReason)
					continue
				}
				d := dialectOf(r)
				failed[d] = append(failed[d], r.Name)
				assert.Contains(t, strings.ToLower(r.Failure), "expected", r.Name)
				assert.NotContains(t, r.Failure, "feature error", r.Name)
				assert.NotContains(t, r.Failure, run.env.Target.Token, r.Name)
			}
			var got []string
			for d, names := range failed {
				got = append(got, d)
				t.Logf("%s: %d failed, e.g. %q: %s", d, len(names), names[0], firstFailure(run.results, names[0]))
			}
			sort.Strings(got)
			assert.Equal(t, tc.dialects, got, "dialects whose rows fail with %s on", tc.fault)
		})
	}
}

func firstFailure(results []reports.Scenario, name string) string {
	for _, r := range results {
		if r.Name == name && r.Status == reports.Failed {
			return firstLine(r.Failure)
		}
	}
	return ""
}

// dialectTable renders results as one line per scenario (the outline's
// name without its dialect) and one column per dialect.
func dialectTable(results []reports.Scenario) string {
	dialects := simulator.DialectNames()
	var order []string
	cells := map[string]map[string]string{}
	for _, r := range results {
		d := dialectOf(r)
		name := strings.TrimPrefix(r.Name, d+": ")
		name = strings.ReplaceAll(name, d, "<idp>")
		if _, seen := cells[name]; !seen {
			order = append(order, name)
			cells[name] = map[string]string{}
		}
		mark := map[reports.Status]string{reports.Passed: "pass", reports.Failed: "FAIL", reports.Skipped: "skip"}[r.Status]
		if prev := cells[name][d]; prev != "" && prev != "pass" {
			mark = prev // outline rows sharing a name (attributes): any failure shows
		}
		cells[name][d] = mark
	}
	var b strings.Builder
	fmt.Fprintf(&b, "| scenario | %s |\n|---|%s\n", strings.Join(dialects, " | "), strings.Repeat("---|", len(dialects)))
	for _, name := range order {
		row := make([]string, len(dialects))
		for i, d := range dialects {
			row[i] = cells[name][d]
			if row[i] == "" {
				row[i] = "—"
			}
		}
		fmt.Fprintf(&b, "| %s | %s |\n", name, strings.Join(row, " | "))
	}
	return b.String()
}
