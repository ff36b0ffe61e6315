package harness

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scimharness/scimharness/reports"
)

// Config.Mapping runs after the scenarios and before the report writers:
// its check is in summary.txt, results.json and report.html, written once,
// and its exit status is the run's when worse.
func TestMappingJoinsTheRunBeforeTheReports(t *testing.T) {
	out := t.TempDir()
	var seen int64
	outcome, err := Run(context.Background(), Config{
		Paths: []string{"contract/required_attributes.feature"}, Seed: 11, OutDir: out,
		Formats: []string{FormatNone, FormatResults, FormatHTML},
		Mapping: func(_ context.Context, target Target, describe string, seed int64) *reports.MappingCheck {
			seen = seed
			assert.NotEmpty(t, target.BaseURL, "the check gets the embedded sandbox the scenarios ran against")
			assert.NotEmpty(t, target.AdminURL)
			assert.Contains(t, describe, target.BaseURL)
			// the reports are not written yet: nothing stale to append to
			_, err := os.Stat(filepath.Join(out, reports.SummaryFile))
			assert.True(t, os.IsNotExist(err), "summary.txt is written after the check, got %v", err)
			return &reports.MappingCheck{File: "schema.json", Verdict: "not-ready", ExitCode: 1, Summary: "NOT READY: 1 finding(s) in your mapping block go-live",
				Findings: []reports.MappingFinding{{Code: "required-not-mapped", Severity: "error", Blame: reports.BlameMapping, Message: "no row fills locale"}},
				Text:     "mapping check: schema.json\n\nNOT READY: 1 finding(s) in your mapping block go-live\n"}
		},
	})
	require.NoError(t, err)
	assert.Equal(t, int64(11), seen, "the check gets the run's seed")
	assert.Equal(t, reports.VerdictSuccess, outcome.Run.Verdict())
	assert.Equal(t, ExitFailed, outcome.ExitCode, "a mapping not ready fails the run")

	assert.Equal(t, "not-ready", readResults(t, out).Mapping.Verdict)
	summary, err := os.ReadFile(filepath.Join(out, reports.SummaryFile))
	require.NoError(t, err)
	assert.Equal(t, 1, strings.Count(string(summary), "== Mapping check: schema.json =="), "written once")
	page, err := os.ReadFile(filepath.Join(out, reports.HTMLFile))
	require.NoError(t, err)
	assert.Contains(t, string(page), `data-verdict="not-ready"`)
}

func TestExitForCountsTheMapping(t *testing.T) {
	pass := reports.Run{Scenarios: []reports.Scenario{{Status: reports.Passed}}}
	assert.Equal(t, ExitPassed, exitFor(pass))
	for code, verdict := range map[int]string{0: reports.MappingReady, 1: "cantara-fault", 2: "errored"} {
		r := pass
		r.Mapping = &reports.MappingCheck{Verdict: verdict, ExitCode: code}
		assert.Equal(t, code, exitFor(r), verdict)
	}
	failed := reports.Run{Scenarios: []reports.Scenario{{Status: reports.Failed}}, Mapping: &reports.MappingCheck{Verdict: reports.MappingReady}}
	assert.Equal(t, ExitFailed, exitFor(failed), "a ready mapping does not hide a failed scenario")
}
