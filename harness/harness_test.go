package harness

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scimharness/scimharness/reports"
	"github.com/scimharness/scimharness/sandbox"
)

// TestRunEmbeddedSandboxPasses is `make run` under go test: every feature
// against a fresh embedded sandbox, each scenario a subtest, exit status 0.
func TestRunEmbeddedSandboxPasses(t *testing.T) {
	out := t.TempDir()
	var console strings.Builder
	outcome, err := Run(context.Background(), Config{OutDir: out, Seed: 20260101, Stdout: &console, TestingT: t})
	if !assert.NoError(t, err) || !assert.Equal(t, ExitPassed, outcome.ExitCode) {
		t.Log(console.String())
	}
	all, err := List(ListOptions{})
	require.NoError(t, err)
	// The sandbox offers every capability but changePassword, which no
	// scenario needs; the only checks that do not apply are the two for
	// targets that declare PATCH or bulk unsupported.
	notApplicable := []string{
		"rfc7644/3_12_errors.feature/a-target-that-declares-patch-unsupported-answers-patch-with-501",
		"rfc7644/3_12_errors.feature/a-target-that-declares-bulk-unsupported-answers-post-bulk-with-501",
	}
	c := outcome.Run.Counts()
	assert.Equal(t, reports.Counts{Total: len(all), Passed: len(all) - len(notApplicable), NotApplicable: len(notApplicable)}, c)
	var na []string
	for _, s := range outcome.Run.NotApplicables() {
		na = append(na, s.ID)
		assert.Contains(t, s.SkipReason, "supported; this check is for targets that do not")
	}
	assert.ElementsMatch(t, notApplicable, na)
	assert.Equal(t, reports.VerdictSuccess, outcome.Run.Verdict())
	assert.Contains(t, console.String(), "seed: 20260101 — replay with --seed 20260101")
	assert.Contains(t, console.String(), fmt.Sprintf("running %d scenarios", len(all)))
	assert.Contains(t, console.String(), fmt.Sprintf(" %d/%d\n", len(all), len(all)), "progress counts scenarios")
	assert.Contains(t, console.String(), fmt.Sprintf("Result: SUCCESS: %d scenarios: %d passed, 0 failed, 0 skipped, 2 not applicable", len(all), len(all)-2))
	assert.NotRegexp(t, `\d+ steps \(`, console.String(), "godog's own step counts stay off the console")
	for _, name := range []string{reports.SummaryFile, reports.JUnitFile, reports.CucumberFile} {
		assert.FileExists(t, filepath.Join(out, name))
	}
	t.Logf("%d scenarios: %d passed, %d skipped in %s", c.Total, c.Passed, c.Skipped, outcome.Run.Duration.Round(time.Millisecond))
}

// TestReportsHoldNoSecret points the harness at a sandbox this test started
// itself, so the test knows every secret, and switches on the fault that
// puts token secrets into admin API answers: failures then carry
// transcripts full of tokens. None may reach the reports or the console.
func TestReportsHoldNoSecret(t *testing.T) {
	srv, err := sandbox.Start(sandbox.Options{Faults: []sandbox.Fault{sandbox.FaultTokenInListing, sandbox.FaultIgnoreUpdates}}, "")
	require.NoError(t, err)
	defer srv.Close()
	sb := srv.Sandbox()
	tenant, err := sb.CreateTenant("leak test", "")
	require.NoError(t, err)
	token, _, err := sb.IssueToken(tenant.ID, time.Time{})
	require.NoError(t, err)
	secrets := []string{token, sb.AdminToken()}

	out := t.TempDir()
	var console strings.Builder
	outcome, err := Run(context.Background(), Config{
		Target: Target{BaseURL: srv.TenantURL(tenant.ID), Token: token, AdminURL: srv.AdminURL(), AdminToken: sb.AdminToken()},
		Tags:   "@contract-token-shown-once, @contract-updates, @contract-token-expiry",
		OutDir: out, Seed: 7, Stdout: &console,
	})
	require.NoError(t, err, "the harness's own scan found a leak")
	assert.Equal(t, ExitFailed, outcome.ExitCode, "the faults must fail the run, so failure transcripts are in the reports")

	tokenLike := regexp.MustCompile(`cnt_(pt|adm)_[A-Za-z0-9_\-]{16,}`)
	check := func(where, text string) {
		for _, s := range secrets {
			assert.NotContains(t, text, s, "a secret in %s", where)
		}
		assert.False(t, tokenLike.MatchString(text), "a token in %s: %s", where, tokenLike.FindString(text))
	}
	check("the console", console.String())
	entries, err := os.ReadDir(out)
	require.NoError(t, err)
	require.NotEmpty(t, entries)
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(out, e.Name()))
		require.NoError(t, err)
		check(e.Name(), string(data))
		if e.Name() == reports.CucumberFile {
			for _, att := range decodedAttachments(t, data) {
				check(e.Name()+" (attachment)", att)
			}
		}
	}
}

// decodedAttachments returns every base64 "data" of a cucumber report.
func decodedAttachments(t *testing.T, data []byte) []string {
	var features []struct {
		Elements []struct {
			Steps []struct {
				Embeddings []struct {
					Data string `json:"data"`
				} `json:"embeddings"`
			} `json:"steps"`
		} `json:"elements"`
	}
	require.NoError(t, json.Unmarshal(data, &features))
	var out []string
	for _, f := range features {
		for _, el := range f.Elements {
			for _, st := range el.Steps {
				for _, em := range st.Embeddings {
					dec, err := base64.StdEncoding.DecodeString(em.Data)
					require.NoError(t, err)
					out = append(out, string(dec))
				}
			}
		}
	}
	return out
}

// TestRunSelectsFeatureFiles: a feature file named as on disk
// (features/...) runs exactly that file's scenarios.
func TestRunSelectsFeatureFiles(t *testing.T) {
	const file = "contract/groups.feature"
	want, err := List(ListOptions{Paths: []string{file}})
	require.NoError(t, err)
	require.NotEmpty(t, want)

	outcome, err := Run(context.Background(), Config{Paths: []string{"features/" + file}, OutDir: t.TempDir(), Formats: []string{FormatNone}, Seed: 3})
	require.NoError(t, err)
	require.Len(t, outcome.Run.Scenarios, len(want))
	for _, s := range outcome.Run.Scenarios {
		assert.Equal(t, file, s.URI)
	}
}

// TestRunLeavesTheUsersFilesAlone: --out may name a directory holding the
// user's own files. The leak scan judges only the reports this run wrote; a
// token-shaped string in someone else's file is neither a harness bug nor
// ours to delete.
func TestRunLeavesTheUsersFilesAlone(t *testing.T) {
	out := t.TempDir()
	foreign := map[string]string{
		filepath.Join(out, "notes.txt"):          "Authorization: Basic dXNlcjpwYXNz\n",
		filepath.Join(out, "fixtures", "tok.go"): `const tok = "cnt_pt_AAAAbbbbCCCCddddEEEEffff"` + "\n",
	}
	for path, content := range foreign {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
	}

	outcome, err := Run(context.Background(), Config{Paths: []string{"contract/groups.feature"}, OutDir: out, Seed: 5})
	require.NoError(t, err, "a user's file in --out is not a leak of this run")
	assert.Equal(t, ExitPassed, outcome.ExitCode)
	for path, content := range foreign {
		data, err := os.ReadFile(path)
		require.NoError(t, err, "the user's %s must survive the run", path)
		assert.Equal(t, content, string(data))
	}
}
