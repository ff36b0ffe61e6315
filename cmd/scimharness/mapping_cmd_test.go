package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scimharness/scimharness/reports"
)

func fixture(name string) string { return filepath.Join("..", "..", "mapping", "testdata", name) }

func mappingCheck(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut strings.Builder
	code := dispatch(context.Background(), append([]string{"mapping", "check", "--users-count", "6", "--seed", "5"}, args...), &out, &errOut, envMap(nil))
	return code, out.String(), errOut.String()
}

func TestMappingCheckExitStatus(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := mappingCheck(t, "--out", dir, fixture("entra-cantara-default.json"))
	assert.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "READY: every required attribute reaches every sample user's Cantara account")
	var res struct {
		Verdict  string
		Findings []any
		DryRun   struct{ Users, Removed int }
	}
	data, err := os.ReadFile(filepath.Join(dir, "mapping.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &res))
	assert.Equal(t, "ready", res.Verdict)
	assert.Empty(t, res.Findings)
	assert.Equal(t, 6, res.DryRun.Users)
	assert.Equal(t, 6, res.DryRun.Removed)

	code, out, _ = mappingCheck(t, "--out", t.TempDir(), fixture("entra-preferredlanguage.json"))
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "Change the target of row 6 from preferredLanguage to locale")
	assert.Contains(t, out, "NOT READY")

	code, out, _ = mappingCheck(t, "--out", t.TempDir(), "--faults", "drop-locale", fixture("okta-cantara.json"))
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "[cantara-lost, Cantara's fault]")
	assert.Contains(t, out, "CANTARA'S FAULT")
}

func TestMappingCheckBadInputExits2(t *testing.T) {
	data, err := os.ReadFile(fixture("entra-cantara-default.json"))
	require.NoError(t, err)
	truncated := filepath.Join(t.TempDir(), "schema.json")
	require.NoError(t, os.WriteFile(truncated, data[:len(data)/3], 0o644))
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"truncated export", []string{truncated}, truncated + ":"},
		{"wrong object", []string{fixture("entra-job-not-schema.json")}, "got an Entra synchronization job"},
		{"CSV without a column", []string{fixture("table-missing-column.csv")}, "table-missing-column.csv:1:1: expected a header row"},
		{"users without a column", []string{"--users", fixture("table-onelogin.csv"), fixture("entra-cantara-default.json")}, "expected a column for every IdP attribute"},
		{"no file", nil, "expected one mapping file, got 0"},
		{"two files", []string{"a.json", "b.json"}, "expected one mapping file, got 2"},
		{"bad fault", []string{"--faults", "nope", fixture("okta-cantara.json")}, "--faults"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _, errOut := mappingCheck(t, append([]string{"--out", t.TempDir()}, c.args...)...)
			assert.Equal(t, 2, code)
			assert.Contains(t, errOut, c.want)
		})
	}
	var out, errOut strings.Builder
	assert.Equal(t, 2, dispatch(context.Background(), []string{"mapping", "lint"}, &out, &errOut, envMap(nil)))
	assert.Contains(t, errOut.String(), "expected the subcommand check")
	errOut.Reset()
	assert.Equal(t, 2, dispatch(context.Background(), []string{"run", "--mapping", fixture("table-missing-column.csv")}, &out, &errOut, envMap(nil)))
	assert.Contains(t, errOut.String(), "--mapping: bad input")
}

// runWithMapping runs the quick required-attributes scenarios with a
// mapping check and returns the exit status, the console and the report
// directory.
func runWithMapping(t *testing.T, args ...string) (int, string, string, string) {
	t.Helper()
	dir := t.TempDir()
	var out, errOut strings.Builder
	code := dispatch(context.Background(), append([]string{"run", "--format", "none,results,html", "--out", dir, "--seed", "5",
		"--tags", "@contract-required-attributes"}, args...), &out, &errOut, envMap(nil))
	return code, out.String(), errOut.String(), dir
}

func readRunResults(t *testing.T, dir string) reports.ResultsDoc {
	t.Helper()
	doc, err := reports.ReadResultsFile(filepath.Join(dir, reports.ResultsFile))
	require.NoError(t, err)
	return doc
}

// `run --mapping` puts the check into the run's reports: summary.txt (and
// the console, once), results.json and report.html, from one record.
func TestRunWithMappingReportsIt(t *testing.T) {
	code, out, errOut, dir := runWithMapping(t, "--mapping", fixture("entra-no-locale.json"))
	assert.Equal(t, 1, code, "the scenarios pass; the mapping blocks go-live\n%s", errOut)

	summary, err := os.ReadFile(filepath.Join(dir, "summary.txt"))
	require.NoError(t, err)
	assert.Contains(t, string(summary), "== Mapping check: "+fixture("entra-no-locale.json")+" (mapping.json, mapping.txt) ==")
	assert.Contains(t, string(summary), "[required-not-mapped, your mapping] no row fills locale")
	assert.Contains(t, string(summary), "\nResult: SUCCESS: ")
	assert.True(t, strings.HasSuffix(string(summary), "): NOT READY: 1 finding(s) in your mapping block go-live\n"), "the last line is the mapping's verdict")
	assert.Equal(t, 1, strings.Count(out, "no row fills locale"), "the console shows the check once, in the summary")
	assert.Contains(t, out, "== mapping check: "+fixture("entra-no-locale.json")+" ==\nseed: 5")

	doc := readRunResults(t, dir)
	assert.Equal(t, reports.VerdictSuccess, doc.Run.Verdict, "the scenarios' verdict stays theirs")
	require.NotNil(t, doc.Mapping)
	assert.Equal(t, "not-ready", doc.Mapping.Verdict)
	assert.Equal(t, "entra", doc.Mapping.Format)
	assert.Equal(t, 1, doc.Mapping.ExitCode)
	assert.Equal(t, reports.MappingBlameCounts{Mapping: 1}, doc.Mapping.FindingsByBlame)
	require.Len(t, doc.Mapping.Findings, 1)
	assert.Equal(t, "required-not-mapped", doc.Mapping.Findings[0].Code)
	require.NotNil(t, doc.Mapping.DryRun)
	last := doc.Mapping.DryRun.Attributes[len(doc.Mapping.DryRun.Attributes)-1]
	assert.Equal(t, "locale", last.Attribute)
	assert.Equal(t, []reports.MappingVerdict{{Verdict: "not-mapped", Count: 20, Blame: "mapping"}}, last.Verdicts)
	assert.Equal(t, []string{"mapping.json", "mapping.txt"}, doc.Mapping.Files)

	page, err := os.ReadFile(filepath.Join(dir, reports.HTMLFile))
	require.NoError(t, err)
	assert.Contains(t, string(page), `id="mapping-verdict" data-verdict="not-ready">NOT READY: 1 finding(s) in your mapping block go-live</div>`)
	assert.Contains(t, string(page), `<td>20 not-mapped (your mapping)</td>`)
	assert.FileExists(t, filepath.Join(dir, "mapping.json"))
}

// A mapping ready in one run and not in the next is a regression to
// `scimharness diff`, whatever the scenarios did.
func TestDiffSeesTheMappingRegress(t *testing.T) {
	code, _, errOut, ready := runWithMapping(t, "--mapping", fixture("entra-cantara-default.json"))
	require.Equal(t, 0, code, errOut)
	assert.True(t, readRunResults(t, ready).Mapping.Passed())
	_, _, _, notReady := runWithMapping(t, "--mapping", fixture("entra-no-locale.json"))

	code, out, _ := runCLI(t, nil, "diff", filepath.Join(ready, reports.ResultsFile), filepath.Join(notReady, reports.ResultsFile))
	assert.Equal(t, 1, code, out)
	assert.Contains(t, out, "IdP mapping check: regressed:")
	assert.Contains(t, out, "REGRESSED: the IdP mapping was ready and is not-ready now")

	code, out, _ = runCLI(t, nil, "diff", filepath.Join(notReady, reports.ResultsFile), filepath.Join(ready, reports.ResultsFile))
	assert.Equal(t, 0, code, out)
	assert.Contains(t, out, "IdP mapping not-ready → ready")
}

// A check that cannot run (a users file without the mapping's columns) is
// in the reports too, saying why, and the run exits 2 as the check would.
func TestRunWithMappingThatCannotRun(t *testing.T) {
	code, _, errOut, dir := runWithMapping(t, "--mapping", fixture("entra-cantara-default.json"), "--mapping-users", fixture("table-onelogin.csv"))
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "scimharness run: mapping check: bad input:")
	doc := readRunResults(t, dir)
	require.NotNil(t, doc.Mapping)
	assert.Equal(t, "errored", doc.Mapping.Verdict)
	assert.Equal(t, 2, doc.Mapping.ExitCode)
	assert.Contains(t, doc.Mapping.NotRun, "expected a column for every IdP attribute")
	summary, err := os.ReadFile(filepath.Join(dir, "summary.txt"))
	require.NoError(t, err)
	assert.Contains(t, string(summary), "The mapping check could not run: bad input:")
}
