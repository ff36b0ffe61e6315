package harness

import (
	"context"
	"encoding/xml"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scimharness/scimharness/reports"
)

// TestUnreachableTargetStillWritesReports: a target nobody answers at
// stops the run before any scenario, and CI still gets a junit.xml with one
// <error> and a results.json with one errored entry saying why; the
// summary says the target could not be reached, and the exit status is 2
// (configuration: the address is wrong), never a Cantara failure.
func TestUnreachableTargetStillWritesReports(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close()) // nobody listens there now

	out := t.TempDir()
	var console strings.Builder
	outcome, err := Run(context.Background(), Config{
		Target: Target{BaseURL: "http://" + addr + "/scim/v2/acme", Token: secretToken},
		OutDir: out, Seed: 3, Stdout: &console, Tags: "@contract-removal",
		// the default formats: cucumber.json included, which godog never
		// got to write; the others must still be there
	})
	require.Error(t, err)
	assert.True(t, IsConfigError(err), "%v", err)
	assert.Equal(t, ExitUsage, ExitCode(outcome, err))
	assert.Contains(t, console.String(), "Result: ERROR")
	assert.Contains(t, console.String(), "The target could not be reached")
	assert.NotContains(t, console.String(), secretToken)

	doc, err := reports.ReadResultsFile(filepath.Join(out, reports.ResultsFile))
	require.NoError(t, err)
	require.Len(t, doc.Scenarios, 1)
	s := doc.Scenarios[0]
	assert.Equal(t, reports.Errored, s.Status)
	require.NotNil(t, s.Failure)
	assert.Contains(t, s.Failure.Message, "the run could not start")
	assert.Contains(t, s.Failure.Message, "connection refused")
	assert.Contains(t, doc.Run.NotStarted, "capability discovery")
	assert.Equal(t, reports.VerdictError, doc.Run.Verdict)
	assert.Equal(t, 0, doc.Run.Counts.Failed)

	junit, err := os.ReadFile(filepath.Join(out, reports.JUnitFile))
	require.NoError(t, err)
	var suites struct {
		Failures int `xml:"failures,attr"`
		Errors   int `xml:"errors,attr"`
	}
	require.NoError(t, xml.Unmarshal(junit, &suites))
	assert.Equal(t, 0, suites.Failures)
	assert.Equal(t, 1, suites.Errors)
	assert.FileExists(t, filepath.Join(out, reports.HTMLFile))
	assert.FileExists(t, filepath.Join(out, reports.SummaryFile))
}
