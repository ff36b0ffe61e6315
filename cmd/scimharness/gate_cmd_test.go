package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scimharness/scimharness/reports"
)

// writeResults writes a results.json of the given scenarios.
func writeResults(t *testing.T, scenarios ...reports.Scenario) string {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, reports.WriteResultsJSON(&buf, reports.Run{Target: "embedded sandbox", Seed: 1, Scenarios: scenarios}))
	path := filepath.Join(t.TempDir(), "results.json")
	require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
	return path
}

func TestDiffCommand(t *testing.T) {
	old := writeResults(t, reports.Scenario{ID: "a.feature/x", Name: "x", Status: reports.Passed})
	same := writeResults(t, reports.Scenario{ID: "a.feature/x", Name: "x", Status: reports.Passed})
	worse := writeResults(t, reports.Scenario{ID: "a.feature/x", Name: "x", Status: reports.Failed, Failure: "expected 204, got 500"})

	code, out, errOut := runCLI(t, nil, "diff", old, same)
	assert.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "No change: 1 scenarios")

	code, out, _ = runCLI(t, nil, "diff", old, worse)
	assert.Equal(t, 1, code, "a regression exits 1")
	assert.Contains(t, out, "Newly failing (1):")

	code, out, _ = runCLI(t, nil, "diff", "--json", old, worse)
	assert.Equal(t, 1, code)
	var d reports.Diff
	require.NoError(t, json.Unmarshal([]byte(out), &d))
	assert.True(t, d.Regressed)
	require.Len(t, d.NewlyFailing, 1)

	code, _, errOut = runCLI(t, nil, "diff", old)
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "expected two results.json files")

	bad := filepath.Join(t.TempDir(), "bad.json")
	require.NoError(t, os.WriteFile(bad, []byte(`{"schema":"other"}`), 0o644))
	code, _, errOut = runCLI(t, nil, "diff", old, bad)
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, `expected schema "scimharness-results", got "other"`)
}

func TestExpectInitCommand(t *testing.T) {
	results := writeResults(t,
		reports.Scenario{ID: "a.feature/x", Name: "x", Status: reports.Failed, Failure: "expected 204, got 500 from http://127.0.0.1:4000/x"},
		reports.Scenario{ID: "a.feature/y", Name: "y", Status: reports.Passed})
	code, out, errOut := runCLI(t, nil, "expect", "init", results)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "- id: a.feature/x")
	assert.Contains(t, out, `reason: "failed: expected 204, got 500 from http://<host>/x"`)
	assert.NotContains(t, out, "a.feature/y")

	file := filepath.Join(t.TempDir(), "expect.yaml")
	code, _, errOut = runCLI(t, nil, "expect", "init", "-o", file, results)
	require.Equal(t, 0, code, errOut)
	assert.FileExists(t, file)
	code, _, errOut = runCLI(t, nil, "expect", "init", "-o", file, results)
	assert.Equal(t, 2, code, "never overwrites")
	assert.Contains(t, errOut, "never overwritten")

	code, _, errOut = runCLI(t, nil, "expect", "list")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, `expected the subcommand init, got "list"`)
	code, out, _ = runCLI(t, nil, "help", "expect")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "requirement: RFC7644-3.12-501")
}
