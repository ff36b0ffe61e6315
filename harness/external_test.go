package harness

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scimharness/scimharness/admin"
	"github.com/scimharness/scimharness/reports"
	"github.com/scimharness/scimharness/sandbox"
	"github.com/scimharness/scimharness/simulator"
	"github.com/scimharness/scimharness/steps"
)

// externalSandbox starts a sandbox the way a user's Cantara would exist
// before a run: one tenant and one provisioning token with the DEFAULT
// expiry (30 days), the token a user pastes into SCIM_TOKEN.
func externalSandbox(t *testing.T) (srv *sandbox.Server, tenantURL, token string) {
	t.Helper()
	srv, err := sandbox.Start(sandbox.Options{}, "")
	require.NoError(t, err)
	t.Cleanup(func() { _ = srv.Close() })
	tenant, err := srv.Sandbox().CreateTenant("external test", "")
	require.NoError(t, err)
	token, info, err := srv.Sandbox().IssueToken(tenant.ID, time.Time{})
	require.NoError(t, err)
	require.Less(t, time.Until(info.ExpiresAt), 31*24*time.Hour, "the test needs a token with the default 30-day expiry")
	return srv, srv.TenantURL(tenant.ID), token
}

// needsAdmin reports whether a scenario's tags ask for the admin API or
// its clock.
func needsAdmin(s reports.Scenario) bool {
	return slices.Contains(s.Tags, "@needs-admin") || slices.Contains(s.Tags, "@needs-clock")
}

// runExternal runs every feature against target in external mode.
func runExternal(t *testing.T, target Target) (Outcome, string) {
	t.Helper()
	var console strings.Builder
	outcome, err := Run(context.Background(), Config{
		Target: target, OutDir: t.TempDir(), Seed: 20261127, Stdout: &console,
		Formats: []string{FormatNone, FormatJUnit},
	})
	require.NoError(t, err, console.String())
	return outcome, console.String()
}

// failures lists the failed scenarios with their messages, for a readable
// test failure.
func failures(o Outcome) string {
	var b strings.Builder
	for _, s := range o.Run.Failures() {
		b.WriteString(s.URI + ": " + s.Name + "\n  " + s.FailedStep + "\n  " + s.Failure + "\n")
	}
	return b.String()
}

// TestRunExternalWithoutAdmin: a URL and a token only. Everything that
// needs the admin API is skipped with a reason, nothing that needs it
// passes, and the rest passes against a correct target.
func TestRunExternalWithoutAdmin(t *testing.T) {
	_, url, token := externalSandbox(t)
	outcome, console := runExternal(t, Target{BaseURL: url, Token: token})
	assert.Equal(t, ExitPassed, outcome.ExitCode, failures(outcome))
	assert.NotContains(t, console, token)

	c := outcome.Run.Counts()
	assert.Positive(t, c.Passed)
	assert.Positive(t, c.Skipped)
	for _, s := range outcome.Run.Scenarios {
		if needsAdmin(s) || slices.Contains(s.Tags, "@sandbox-only") {
			assert.Equal(t, reports.Skipped, s.Status, "%s: %q needs the admin API or the sandbox, yet was %s", s.URI, s.Name, s.Status)
		}
		if s.Status == reports.Skipped {
			assert.NotEmpty(t, s.SkipReason, "%s: %q skipped without a reason", s.URI, s.Name)
		}
	}
	t.Logf("%d scenarios: %d passed, %d skipped", c.Total, c.Passed, c.Skipped)
}

// TestRunExternalWithAdmin: URL, token and admin API of a target that
// serves the clock, where the user's token has the default 30-day expiry.
// The expiry scenarios move the clock past 30 days; the run must not then
// lose its own token, must move the clock back and must leave no token of
// its own behind.
func TestRunExternalWithAdmin(t *testing.T) {
	srv, url, token := externalSandbox(t)
	sb := srv.Sandbox()
	outcome, console := runExternal(t, Target{BaseURL: url, Token: token, AdminURL: srv.AdminURL(), AdminToken: sb.AdminToken()})
	assert.Equal(t, ExitPassed, outcome.ExitCode, failures(outcome))
	assert.NotContains(t, console, token)
	assert.NotContains(t, console, sb.AdminToken())

	ranClock := false
	for _, s := range outcome.Run.Scenarios {
		if slices.Contains(s.Tags, "@needs-clock") && s.Status == reports.Passed {
			ranClock = true
		}
		if s.Status == reports.Skipped {
			assert.NotEmpty(t, s.SkipReason, "%s: %q skipped without a reason", s.URI, s.Name)
		}
	}
	assert.True(t, ranClock, "expected the clock scenarios to run and pass against a target with a clock")

	// The run deleted the token it generated for itself and moved the clock
	// back, so the user's token is the one token still active.
	ac := admin.New(srv.AdminURL(), sb.AdminToken(), nil, simulator.NewMasker(sb.AdminToken()))
	tokens, err := ac.ListTokens(context.Background(), steps.TenantFromBaseURL(url))
	require.NoError(t, err)
	var active []string
	for _, tok := range tokens {
		if tok.Status == admin.TokenActive {
			active = append(active, tok.Hint)
		}
	}
	assert.Equal(t, []string{token[len(token)-4:]}, active, "expected only the user's token active after the run")
	c := outcome.Run.Counts()
	t.Logf("%d scenarios: %d passed, %d skipped", c.Total, c.Passed, c.Skipped)
}
