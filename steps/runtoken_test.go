package steps_test

import (
	"context"
	"io"
	"net/http"
	"testing"
	"testing/fstest"
	"time"

	"github.com/cucumber/godog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scimharness/scimharness/admin"
	"github.com/scimharness/scimharness/reports"
	"github.com/scimharness/scimharness/sandbox"
	"github.com/scimharness/scimharness/simulator"
	"github.com/scimharness/scimharness/steps"
)

// tokenWorks asks the sandbox whether a provisioning token is accepted.
func tokenWorks(t *testing.T, base, token string) bool {
	t.Helper()
	c := simulator.NewClient(simulator.ClientConfig{BaseURL: base, Token: token, Masker: simulator.NewMasker(token)})
	ex, err := c.Do(context.Background(), simulator.Request{Method: http.MethodGet, Path: "/Users", RawQuery: "count=1"})
	require.NoError(t, err)
	return ex.Status == http.StatusOK
}

// TestRunTokenOutlivesClockAdvances: the run's own token is renewed once a
// clock advance leaves it under 31 days, the renewed one works, and Close
// deletes every token the run generated.
func TestRunTokenOutlivesClockAdvances(t *testing.T) {
	srv, err := sandbox.Start(sandbox.Options{}, "")
	require.NoError(t, err)
	t.Cleanup(func() { _ = srv.Close() })
	sb := srv.Sandbox()
	tenant, err := sb.CreateTenant("run token test", "")
	require.NoError(t, err)
	masker := simulator.NewMasker(sb.AdminToken())
	ac := admin.New(srv.AdminURL(), sb.AdminToken(), nil, masker)
	ctx := context.Background()
	base := srv.TenantURL(tenant.ID)

	rt, err := steps.MintRunToken(ctx, ac, tenant.ID)
	require.NoError(t, err)
	first := rt.Secret()
	require.True(t, rt.Minted())
	assert.True(t, tokenWorks(t, base, first))
	assert.NotContains(t, masker.Mask("token "+first), first, "the secret is masked from the moment it exists")

	advances := []struct {
		advance time.Duration
		renewed bool
	}{
		{30*24*time.Hour + time.Minute, false}, // a year less 30 days is plenty left
		{310 * 24 * time.Hour, true},           // 25 days left: renewed, a 31-day advance would expire it
		{31 * 24 * time.Hour, false},           // the renewed token has a year again
	}
	for i, st := range advances {
		sb.Clock().Advance(st.advance)
		renewed, err := rt.Refresh(ctx)
		require.NoError(t, err, "step %d", i)
		assert.Equal(t, st.renewed, renewed, "step %d", i)
		assert.True(t, tokenWorks(t, base, rt.Secret()), "step %d: the current run token is accepted", i)
	}
	assert.NotEqual(t, first, rt.Secret())

	require.NoError(t, rt.Close(ctx))
	assert.False(t, tokenWorks(t, base, rt.Secret()), "Close deletes the run's tokens")
	tokens, err := ac.ListTokens(ctx, tenant.ID)
	require.NoError(t, err)
	assert.Empty(t, tokens, "expected no token of the run left, got %v", tokens)
}

// TestStaticRunTokenNeverRenews: without the admin API the user's token is
// used as given and Refresh does nothing.
func TestStaticRunTokenNeverRenews(t *testing.T) {
	rt := steps.StaticRunToken("cnt_pt_user")
	renewed, err := rt.Refresh(context.Background())
	require.NoError(t, err)
	assert.False(t, renewed)
	assert.False(t, rt.Minted())
	assert.Equal(t, "cnt_pt_user", rt.Secret())
	assert.NoError(t, rt.Close(context.Background()))
}

// clockFeature advances the clock by more than the run token has left, then
// uses the run token in the same scenario and in the next one.
const clockFeature = `Feature: run token
  @needs-admin @needs-clock @moves-clock
  Scenario: the clock moves past the run token's expiry
    When 30 days and 1 minute pass on the sandbox clock
    And the client sends GET "/Users?count=1"
    Then the response status is 200

  Scenario: the next scenario still has a working token
    When the client sends GET "/Users?count=1"
    Then the response status is 200
`

// TestClockAdvanceStepRenewsRunToken: a step that moves the clock past the
// run token's expiry leaves the scenario, and every later one, with a
// working token.
func TestClockAdvanceStepRenewsRunToken(t *testing.T) {
	srv, err := sandbox.Start(sandbox.Options{}, "")
	require.NoError(t, err)
	t.Cleanup(func() { _ = srv.Close() })
	sb := srv.Sandbox()
	tenant, err := sb.CreateTenant("run token hook test", "")
	require.NoError(t, err)
	userToken, _, err := sb.IssueToken(tenant.ID, time.Time{})
	require.NoError(t, err)
	target := steps.Target{BaseURL: srv.TenantURL(tenant.ID), Token: userToken, TenantID: tenant.ID,
		AdminURL: srv.AdminURL(), AdminToken: sb.AdminToken()}
	masker := simulator.NewMasker(target.Secrets()...)
	ctx := context.Background()
	caps, err := steps.Discover(ctx, target, masker)
	require.NoError(t, err)
	require.True(t, caps.Admin && caps.Clock)

	rt, err := steps.MintRunToken(ctx, admin.New(target.AdminURL, target.AdminToken, nil, masker), tenant.ID)
	require.NoError(t, err)
	sb.Clock().Advance(340 * 24 * time.Hour) // 25 days left: the scenario's advance outlives it
	first := rt.Secret()

	env := &steps.Env{Target: target, Caps: caps, Seed: 1, Masker: masker, Results: steps.NewResults(),
		RunToken: rt, Log: io.Discard}
	suite := godog.TestSuite{
		ScenarioInitializer: steps.InitializeScenario(env),
		Options: &godog.Options{Format: "progress", Output: io.Discard, Strict: true, NoColors: true,
			FS: fstest.MapFS{"clock.feature": {Data: []byte(clockFeature)}}, Paths: []string{"clock.feature"}},
	}
	defer env.Results.Attach(&suite)()
	assert.Equal(t, 0, suite.Run())
	for _, r := range env.Results.Scenarios() {
		assert.Equal(t, reports.Passed, r.Status, "%s: %s", r.Name, r.Failure)
	}
	assert.NotEqual(t, first, rt.Secret(), "the run token was renewed")
	// The scenario moved the clock back when it was done, so the old token
	// works again; the new one worked while the clock was ahead.
	assert.Zero(t, env.Clock.Net(), "the scenario left the clock where it found it")
	assert.True(t, tokenWorks(t, target.BaseURL, first), "the old run token is valid again on the restored clock")
	assert.True(t, tokenWorks(t, target.BaseURL, rt.Secret()), "the renewed run token works")
	require.NoError(t, rt.Close(ctx))
}
