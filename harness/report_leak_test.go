package harness

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scimharness/scimharness/reports"
	"github.com/scimharness/scimharness/simulator"
	"github.com/scimharness/scimharness/steps"
)

// A token that reached an exchange's response body unmasked (a harness
// bug) must be found in report.html and exchanges.har, which are removed.
func TestSecretScanCoversHTMLAndHAR(t *testing.T) {
	target := steps.Target{Token: secretToken}
	masker := simulator.NewMasker(target.Secrets()...)
	run := reports.Run{Scenarios: []reports.Scenario{{
		ID: "contract/token_shown_once.feature/x", Name: "the token is shown once", Status: reports.Failed,
		Exchanges: []reports.Exchange{{
			Method: "GET", URL: "http://127.0.0.1:1/admin/v1/tenants/t/provisioning-tokens", Status: 200,
			ResponseBody: `{"tokens":[{"id":"tok-1","token":"` + secretToken + `"}]}`,
		}},
	}}}
	plan := formatPlan{files: reports.FileSet{HTML: true, HAR: true}}

	dir := t.TempDir()
	files, err := writeReports(dir, run, plan, masker)
	require.NoError(t, err)
	err = scanReports(files, target, masker)

	var leak *LeakError
	require.ErrorAs(t, err, &leak)
	leaked := map[string]bool{}
	for _, l := range leak.Leaks {
		leaked[filepath.Base(l.File)] = true
	}
	assert.True(t, leaked[reports.HTMLFile], "report.html")
	assert.True(t, leaked[reports.HARFile], "exchanges.har")
	assert.NotContains(t, err.Error(), secretToken)
	assert.NoFileExists(t, filepath.Join(dir, reports.HTMLFile))
	assert.NoFileExists(t, filepath.Join(dir, reports.HARFile))
	assert.FileExists(t, filepath.Join(dir, reports.SummaryFile), "summary.txt held no secret")

	// the same run masked, as the pipeline records it, passes the scan
	run.Scenarios[0].Exchanges[0].ResponseBody = masker.Mask(run.Scenarios[0].Exchanges[0].ResponseBody)
	clean := t.TempDir()
	files, err = writeReports(clean, run, plan, masker)
	require.NoError(t, err)
	require.NoError(t, scanReports(files, target, masker))
	assert.FileExists(t, filepath.Join(clean, reports.HTMLFile))
	assert.FileExists(t, filepath.Join(clean, reports.HARFile))
}

// The mapping check's content (findings, the dry run, its text report) is
// scanned like the rest: a token in it is found in every report showing it.
func TestSecretScanCoversTheMappingCheck(t *testing.T) {
	target := steps.Target{Token: secretToken}
	masker := simulator.NewMasker(target.Secrets()...)
	run := reports.Run{
		Scenarios: []reports.Scenario{{ID: "contract/x.feature/x", Name: "x", Status: reports.Passed}},
		Mapping: &reports.MappingCheck{File: "schema.json", Verdict: "cantara-fault", Summary: "CANTARA'S FAULT",
			Findings: []reports.MappingFinding{{Code: "target-refused", Severity: "error", Blame: reports.BlameCantara,
				Message: "Cantara refused to create 1 user: 401 for Bearer " + secretToken}},
			Text: "target-refused: 401 for Bearer " + secretToken + "\n"},
	}
	plan := formatPlan{files: reports.FileSet{JUnit: true, Results: true, HTML: true}}
	dir := t.TempDir()
	files, err := writeReports(dir, run, plan, masker)
	require.NoError(t, err)
	var leak *LeakError
	require.ErrorAs(t, scanReports(files, target, masker), &leak)
	leaked := map[string]bool{}
	for _, l := range leak.Leaks {
		leaked[filepath.Base(l.File)] = true
	}
	assert.True(t, leaked[reports.SummaryFile], "summary.txt")
	assert.True(t, leaked[reports.ResultsFile], "results.json")
	assert.True(t, leaked[reports.HTMLFile], "report.html")
	assert.True(t, leaked[reports.JUnitFile], "junit.xml")

	// a token nobody registered is still found by its shape
	files, err = writeReports(t.TempDir(), run, plan, simulator.NewMasker())
	require.NoError(t, err)
	require.ErrorAs(t, scanReports(files, steps.Target{}, simulator.NewMasker()), &leak)
	assert.Len(t, leak.Removed, 4)
}
