package harness

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scimharness/scimharness/reports"
	"github.com/scimharness/scimharness/sandbox"
)

// erasedRun runs contract/removal.feature against a sandbox that erases
// accounts on DELETE, with the given formats.
func erasedRun(t *testing.T, formats ...string) (Outcome, string) {
	t.Helper()
	var console strings.Builder
	outcome, err := Run(context.Background(), Config{
		Paths: []string{"contract/removal.feature"}, Faults: []sandbox.Fault{sandbox.FaultEraseOnDelete}, Seed: 5,
		OutDir: t.TempDir(), Formats: formats, Stdout: &console,
	})
	require.NoError(t, err, console.String())
	require.Equal(t, ExitFailed, outcome.ExitCode, console.String())
	return outcome, console.String()
}

// --format pretty prints steps as written, no Go step bindings, and each
// failure's exchange once; the summary groups failures and the console
// ends with the report's path.
func TestPrettyConsole(t *testing.T) {
	outcome, console := erasedRun(t, FormatPretty, FormatHTML)

	assert.Contains(t, console, "  Scenario: Cantara keeps the removed user's account, deactivated  (contract/removal.feature:19)")
	assert.Contains(t, console, "    ✓ When the IdP removes \"alice\"\n")
	assert.Contains(t, console, "    ✗ Then Cantara's account for \"alice\" is the same account as before\n")
	assert.Contains(t, console, "    - And Cantara's account for \"alice\" is deactivated  (skipped)\n")
	assert.NotRegexp(t, `\.go:\d+|github\.com/scimharness/scimharness/steps\.`, console, "no Go step bindings")
	assert.NotContains(t, console, "--- Failed steps", "godog's repeat of every failure")

	// the failing step's exchange (the admin read that found the account gone) shows once
	reads := regexp.MustCompile(`> GET http://127\.0\.0\.1:\d+/admin/v1/tenants/[^/]+/accounts/[0-9a-f-]+\n`).FindAllString(console, -1)
	assert.Len(t, reads, 1)

	assert.Contains(t, console, "Failures by cause (1 scenario, 1 cause):")
	lines := strings.Split(strings.TrimRight(console, "\n"), "\n")
	assert.Equal(t, "open the report: "+filepath.Join(outcome.OutDir, reports.HTMLFile), lines[len(lines)-1])
}

// The HAR of a real run: the HAR 1.2 shape, every recorded exchange once,
// each entry naming its scenario, tokens masked.
func TestRunHARShape(t *testing.T) {
	outcome, _ := erasedRun(t, FormatNone, FormatHAR)
	data, err := os.ReadFile(filepath.Join(outcome.OutDir, reports.HARFile))
	require.NoError(t, err)
	require.NoError(t, reports.CheckHAR(data))

	var doc struct {
		Log struct {
			Entries []struct {
				Comment string
				Request struct {
					Method  string
					Headers []struct{ Name, Value string }
				}
			}
		}
	}
	require.NoError(t, json.Unmarshal(data, &doc))
	want := 0
	ids := map[string]bool{}
	for _, s := range outcome.Run.Scenarios {
		want += len(s.Exchanges)
		ids[s.ID] = true
	}
	require.Positive(t, want)
	assert.Len(t, doc.Log.Entries, want)
	deletes := 0
	for _, e := range doc.Log.Entries {
		id, _, _ := strings.Cut(strings.TrimPrefix(e.Comment, "scenario "), " — ")
		assert.True(t, ids[id], "entry comment %q names a scenario of the run", e.Comment)
		if e.Request.Method == "DELETE" {
			deletes++
		}
		for _, h := range e.Request.Headers {
			if strings.EqualFold(h.Name, "Authorization") {
				assert.Equal(t, "Bearer [masked]", h.Value)
			}
		}
	}
	assert.Positive(t, deletes, "the DELETEs that caused the failure are there")
}
