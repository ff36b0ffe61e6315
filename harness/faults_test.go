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

// TestHarnessCatchesEachFault runs the scenarios of each fault's promise (its
// catalogue tag) against a sandbox with that fault on and expects them to
// fail (the full clean run in TestRunEmbeddedSandboxPasses is the control),
// each failure attributed to the promise and worded as an assertion (not an
// undefined step, which would "catch" anything). A fault that no scenario
// catches fails here, never skips. Not parallel: godog keeps run state in
// process environment variables.
func TestHarnessCatchesEachFault(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the features once per fault")
	}
	for _, fi := range scenarioFaults() {
		t.Run(string(fi.Fault), func(t *testing.T) {
			selected, err := List(ListOptions{Tags: fi.Promise})
			require.NoError(t, err)
			require.NotEmpty(t, selected, "expected scenarios tagged %s to catch fault %s, got none", fi.Promise, fi.Fault)
			var console strings.Builder
			outcome, err := Run(context.Background(), Config{
				Tags: fi.Promise, Faults: []sandbox.Fault{fi.Fault}, Seed: 11,
				OutDir: t.TempDir(), Formats: []string{FormatNone, FormatJUnit}, Stdout: &console,
			})
			require.NoError(t, err)
			failures := outcome.Run.Failures()
			if !assert.Equal(t, ExitFailed, outcome.ExitCode, "fault %s went unnoticed by %d scenarios tagged %s", fi.Fault, len(selected), fi.Promise) {
				t.Log(console.String())
				return
			}
			require.NotEmpty(t, failures, "expected failing scenarios tagged %s with fault %s on, got exit %d and none", fi.Promise, fi.Fault, outcome.ExitCode)
			for _, s := range failures {
				assert.True(t, s.HasTag(fi.Promise), "failing scenario %q lacks %s", s.Name, fi.Promise)
				assert.Equal(t, reports.Failed, s.Status, "scenario %q: %s", s.Name, s.FailureLine())
				assert.Contains(t, strings.ToLower(s.FailureLine()), "expected", "scenario %q should say what it expected", s.Name)
			}
			t.Logf("%s → %d failed: %s", fi.Fault, len(failures), failedNames(failures))
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
