package harness

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"

	"github.com/scimharness/scimharness/sandbox"
	"github.com/scimharness/scimharness/simulator"
)

// TestPopulationCreatedOnceAndRemoved: a run whose selection needs the
// background population creates it before the scenarios and leaves the
// tenant's SCIM lists as it found them; a run that needs none creates none.
func TestPopulationCreatedOnceAndRemoved(t *testing.T) {
	srv, err := sandbox.Start(sandbox.Options{}, "")
	require.NoError(t, err)
	defer srv.Close()
	sb := srv.Sandbox()
	tenant, err := sb.CreateTenant("population test", "")
	require.NoError(t, err)
	token, _, err := sb.IssueToken(tenant.ID, time.Time{})
	require.NoError(t, err)
	target := Target{BaseURL: srv.TenantURL(tenant.ID), Token: token}
	count := func(kind string) int64 {
		c := simulator.NewClient(simulator.ClientConfig{BaseURL: target.BaseURL, Token: token, Masker: simulator.NewMasker(token)})
		ex, err := c.Do(context.Background(), simulator.Request{Path: kind})
		require.NoError(t, err)
		return gjson.GetBytes(ex.ResponseBody, "totalResults").Int()
	}

	var console strings.Builder
	outcome, err := Run(context.Background(), Config{Target: target, Tags: "@needs-population && ~@needs-admin", OutDir: t.TempDir(), Seed: 5, Stdout: &console, Formats: []string{FormatNone}})
	require.NoError(t, err)
	if !assert.Equal(t, ExitPassed, outcome.ExitCode) {
		t.Log(console.String())
	}
	assert.Contains(t, console.String(), "background population: 120 users and 4 groups under ")
	assert.NotContains(t, console.String(), "not fully removed")
	assert.Zero(t, count("/Users"), "population users left behind")
	assert.Zero(t, count("/Groups"), "population groups left behind")

	console.Reset()
	_, err = Run(context.Background(), Config{Target: target, Tags: "@rfc7644-3.6", OutDir: t.TempDir(), Seed: 5, Stdout: &console, Formats: []string{FormatNone}})
	require.NoError(t, err)
	assert.NotContains(t, console.String(), "background population")
}

// TestScanBudgetShowsOnlyInAPopulatedTenant is why the population exists:
// a target whose filters scan only the first 100 stored users passes every
// pagination scenario in a near-empty tenant, and fails them once the
// tenant holds a directory's worth of users.
func TestScanBudgetShowsOnlyInAPopulatedTenant(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the pagination features twice")
	}
	run := func(tags string) Outcome {
		var console strings.Builder
		outcome, err := Run(context.Background(), Config{
			Tags: tags, Faults: []sandbox.Fault{sandbox.FaultFilterScanBudget}, Seed: 9,
			OutDir: t.TempDir(), Formats: []string{FormatNone}, Stdout: &console,
		})
		require.NoError(t, err)
		return outcome
	}
	alone := run("@rfc7644-3.4.2.4 && ~@needs-population")
	assert.Equal(t, ExitPassed, alone.ExitCode, "without the population the fault goes unseen (the gap this closes)")
	populated := run("@rfc7644-3.4.2.4")
	assert.Equal(t, ExitFailed, populated.ExitCode)
	var names []string
	for _, s := range populated.Run.Failures() {
		names = append(names, s.Name)
	}
	assert.Contains(t, names, "One past a page: the first page is full and totalResults counts all eleven")
}
