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

// `run --mapping` adds the check's section to the run's summary.
func TestRunWithMappingAddsASection(t *testing.T) {
	dir := t.TempDir()
	var out, errOut strings.Builder
	code := dispatch(context.Background(), []string{"run", "--format", "none", "--out", dir, "--tags", "@contract-required-attributes",
		"--mapping", fixture("entra-no-locale.json")}, &out, &errOut, envMap(nil))
	assert.Equal(t, 1, code, "the scenarios pass; the mapping blocks go-live")
	summary, err := os.ReadFile(filepath.Join(dir, "summary.txt"))
	require.NoError(t, err)
	assert.Contains(t, string(summary), "== Mapping check (mapping.json, mapping.txt) ==")
	assert.Contains(t, string(summary), "[required-not-mapped, your mapping] no row fills locale")
	assert.FileExists(t, filepath.Join(dir, "mapping.json"))
}
