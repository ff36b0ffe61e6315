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
	"github.com/scimharness/scimharness/sandbox"
	"github.com/scimharness/scimharness/simulator"
	"github.com/scimharness/scimharness/steps"
)

// secretToken must never show up in an error, whatever the mistake.
const secretToken = "cnt_pt_ThisIsASecretThatMustNotLeak0123456789abcdef"

// TestRunConfigErrorsExit2 covers bad usage and configuration: the run
// never starts, the exit status is 2, the message names the setting, and no
// token appears in it.
func TestRunConfigErrorsExit2(t *testing.T) {
	external := Target{BaseURL: "https://cantara.example/scim/v2/acme", Token: secretToken}
	tests := []struct {
		name string
		cfg  Config
		want string
	}{
		{"base URL without scheme", Config{Target: Target{BaseURL: "cantara.example/scim/v2/acme", Token: secretToken}}, "SCIM_BASE_URL (--base-url)"},
		{"base URL that does not parse", Config{Target: Target{BaseURL: "http://[::1", Token: secretToken}}, "SCIM_BASE_URL (--base-url)"},
		{"token missing", Config{Target: Target{BaseURL: "https://cantara.example/scim/v2/acme"}}, "SCIM_TOKEN (--token)"},
		{"admin URL without admin token", Config{Target: Target{BaseURL: external.BaseURL, Token: secretToken, AdminURL: "https://cantara.example/admin/v1"}}, "CANTARA_ADMIN_TOKEN (--admin-token)"},
		{"admin token without admin URL", Config{Target: Target{BaseURL: external.BaseURL, Token: secretToken, AdminToken: secretToken}}, "CANTARA_ADMIN_URL (--admin-url)"},
		{"bad admin URL", Config{Target: Target{BaseURL: external.BaseURL, Token: secretToken, AdminURL: "ftp://x", AdminToken: secretToken}}, "CANTARA_ADMIN_URL (--admin-url)"},
		{"token without base URL", Config{Target: Target{Token: secretToken}}, "SCIM_TOKEN (--token)"},
		{"faults with an external target", Config{Target: external, Faults: []sandbox.Fault{sandbox.FaultDropLocale}}, "--faults"},
		{"malformed tags", Config{Tags: "@a && "}, "--tags"},
		{"cucumber tag syntax", Config{Tags: "@a and not @b"}, "--tags"},
		{"tags that match nothing", Config{Tags: "@no-such-promise"}, "--tags"},
		{"unknown format", Config{Formats: []string{"pdf"}}, "--format"},
		{"two console formats", Config{Formats: []string{"pretty", "progress"}}, "--format"},
		{"unknown dialect", Config{IdP: "azure-ad-b2c"}, "--idp"},
		{"unknown feature file", Config{Paths: []string{"nope.feature"}}, "feature file argument"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.cfg.OutDir = t.TempDir()
			outcome, err := Run(context.Background(), tt.cfg)
			require.Error(t, err)
			assert.True(t, IsConfigError(err), "expected a *ConfigError, got %T: %v", err, err)
			assert.Equal(t, ExitUsage, ExitCode(outcome, err))
			assert.Contains(t, err.Error(), tt.want)
			assert.NotContains(t, err.Error(), secretToken)
			assert.NotContains(t, err.Error(), "ThisIsASecret")
		})
	}
}

func TestExitCode(t *testing.T) {
	tests := []struct {
		name    string
		outcome Outcome
		err     error
		want    int
	}{
		{"passed", Outcome{ExitCode: ExitPassed}, nil, 0},
		{"failed", Outcome{ExitCode: ExitFailed}, nil, 1},
		{"config", Outcome{}, &ConfigError{Problem: "x"}, 2},
		{"leak in a green run", Outcome{ExitCode: ExitPassed}, &LeakError{}, 1},
		{"harness could not run", Outcome{}, os.ErrPermission, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, ExitCode(tt.outcome, tt.err))
		})
	}
}

func TestPlanFormats(t *testing.T) {
	tests := []struct {
		in   []string
		want formatPlan
	}{
		{nil, formatPlan{console: FormatProgress, cucumber: true, files: reports.FileSet{JUnit: true, Results: true, HTML: true, HAR: true}}},
		{[]string{"none", "results"}, formatPlan{files: reports.FileSet{Results: true}}},
		{[]string{"pretty", "junit"}, formatPlan{console: FormatPretty, files: reports.FileSet{JUnit: true}}},
		{[]string{"none", "cucumber"}, formatPlan{cucumber: true}},
		{[]string{" JUnit ", ""}, formatPlan{files: reports.FileSet{JUnit: true}}},
		{[]string{"none", "HTML", "har"}, formatPlan{files: reports.FileSet{HTML: true, HAR: true}}},
	}
	for _, tt := range tests {
		got, err := planFormats(tt.in)
		require.NoError(t, err)
		assert.Equal(t, tt.want, got, "formats %q", tt.in)
	}
}

// TestScanReportsRemovesLeakingFiles plants secrets where a buggy report
// would put them and checks the run is failed loudly and the files are gone.
func TestScanReportsRemovesLeakingFiles(t *testing.T) {
	dir := t.TempDir()
	target := steps.Target{Token: secretToken, AdminToken: "cnt_adm_AdminSecretValue0123456789"}
	files := map[string]string{
		reports.SummaryFile:  "all good\n",
		reports.JUnitFile:    "<failure>Authorization: Bearer " + secretToken + "</failure>\n",
		reports.CucumberFile: `{"x":"cnt_pt_SomeOtherTokenNobodyRegistered1234"}`,
	}
	var paths []string
	for name, content := range files {
		paths = append(paths, filepath.Join(dir, name))
		require.NoError(t, os.WriteFile(paths[len(paths)-1], []byte(content), 0o644))
	}

	err := scanReports(paths, target, simulator.NewMasker(target.Secrets()...))

	var leak *LeakError
	require.ErrorAs(t, err, &leak)
	assert.Contains(t, err.Error(), "HARNESS BUG")
	assert.Contains(t, err.Error(), "SCIM_TOKEN")
	assert.NotContains(t, err.Error(), secretToken)
	assert.Len(t, leak.Removed, 2)
	assert.NoFileExists(t, filepath.Join(dir, reports.JUnitFile))
	assert.NoFileExists(t, filepath.Join(dir, reports.CucumberFile))
	assert.FileExists(t, filepath.Join(dir, reports.SummaryFile))
}

func TestMaskingWriterMasksSecrets(t *testing.T) {
	var buf strings.Builder
	w := maskingWriter{w: &buf, m: simulator.NewMasker("admin-secret-value")}
	n, err := w.Write([]byte("token " + secretToken + " and admin-secret-value\n"))
	require.NoError(t, err)
	assert.Equal(t, len("token "+secretToken+" and admin-secret-value\n"), n)
	assert.NotContains(t, buf.String(), secretToken)
	assert.NotContains(t, buf.String(), "admin-secret-value")
}
