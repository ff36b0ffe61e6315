package harness

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scimharness/scimharness/reports"
	"github.com/scimharness/scimharness/sandbox"
)

// TestEveryFaultPromiseHasScenarios is the quick half of the proof (it runs
// under -short): each fault's promise, taken from sandbox.FaultCatalogue
// (docs/faults.md), selects scenarios, so no fault can be left uncaught for
// want of a feature.
func TestEveryFaultPromiseHasScenarios(t *testing.T) {
	for _, fi := range scenarioFaults() {
		t.Run(string(fi.Fault), func(t *testing.T) {
			selected, err := List(ListOptions{Tags: fi.Promise})
			require.NoError(t, err)
			assert.NotEmpty(t, selected, "expected scenarios tagged %s to catch fault %s, got none", fi.Promise, fi.Fault)
		})
	}
}

// TestHarnessCatchesEachFault runs every feature file holding a scenario of
// each fault's promise (its catalogue tag), untagged scenarios of those
// files included, against a sandbox with that fault on. The run must fail,
// and among its failures must be scenarios carrying the promise tag, each
// worded as an assertion (not an undefined step, which would "catch"
// anything): a fault caught only by scenarios of another promise is a gap
// in the promise's own scenarios, and fails here. Failures of untagged
// scenarios in the same files are knock-on effects and only logged. The
// full clean run in TestRunEmbeddedSandboxPasses is the control. Not
// parallel: godog keeps run state in process environment variables.
func TestHarnessCatchesEachFault(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the features once per fault")
	}
	if raceDetector {
		t.Skip("a fault sweep: make test runs it in its pass without -race (make faults)")
	}
	for _, fi := range scenarioFaults() {
		t.Run(string(fi.Fault), func(t *testing.T) {
			selected, err := List(ListOptions{Tags: fi.Promise})
			require.NoError(t, err)
			require.NotEmpty(t, selected, "expected scenarios tagged %s to catch fault %s, got none", fi.Promise, fi.Fault)
			var files []string
			for _, s := range selected {
				if !slices.Contains(files, s.URI) {
					files = append(files, s.URI)
				}
			}
			// One dialect's rows of the idp/ outlines (the fault's own for an
			// @idp- promise): the other dialects' rows repeat the same checks.
			idp := "generic"
			if d, ok := strings.CutPrefix(fi.Promise, "@idp-"); ok {
				idp = d
			}
			var console strings.Builder
			outcome, err := Run(context.Background(), Config{
				Paths: files, IdP: idp, Faults: []sandbox.Fault{fi.Fault}, Seed: 11,
				OutDir: t.TempDir(), Formats: []string{FormatNone, FormatJUnit}, Stdout: &console,
			})
			require.NoError(t, err)
			failures := outcome.Run.Failures()
			if !assert.Equal(t, ExitFailed, outcome.ExitCode, "fault %s went unnoticed by the %d scenarios of %s", fi.Fault, len(outcome.Run.Scenarios), strings.Join(files, ", ")) {
				t.Log(console.String())
				return
			}
			var promised, knockOn []reports.Scenario
			for _, s := range failures {
				assert.Equal(t, reports.Failed, s.Status, "scenario %q: %s", s.Name, s.FailureLine())
				assert.Contains(t, strings.ToLower(s.FailureLine()), "expected", "scenario %q should say what it expected", s.Name)
				if s.HasTag(fi.Promise) {
					promised = append(promised, s)
				} else {
					knockOn = append(knockOn, s)
				}
			}
			assert.Empty(t, outcome.Run.Errors(), "a fault is a failure of the target, never an error")
			assert.NotEmpty(t, promised, "fault %s made %d scenarios fail (%s), none tagged %s", fi.Fault, len(failures), failedNames(failures), fi.Promise)
			t.Logf("%s → %d failed with %s: %s", fi.Fault, len(promised), fi.Promise, failedNames(promised))
			if len(knockOn) > 0 {
				t.Logf("knock-on failures: %s", failedNames(knockOn))
			}
		})
	}
}

// scenarioFaults are the catalogue rows that scenarios catch; the
// lost-write faults (promise @converge) are caught by `scimharness converge`
// and proven in converge/faults_test.go.
func scenarioFaults() []sandbox.FaultInfo {
	var out []sandbox.FaultInfo
	for _, fi := range sandbox.FaultCatalogue() {
		if fi.Promise != sandbox.PromiseConverge {
			out = append(out, fi)
		}
	}
	return out
}

func failedNames(ss []reports.Scenario) string {
	names := make([]string, len(ss))
	for i, s := range ss {
		names[i] = s.Name
	}
	return strings.Join(names, "; ")
}
