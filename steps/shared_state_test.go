package steps_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync/atomic"
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

// classificationFeature has scenarios that change shared state with and
// without the tag saying so.
const classificationFeature = `Feature: shared state
  @needs-admin @needs-clock @changes-tokens @moves-clock
  Scenario: classified expiry
    Given an administrator generates a provisioning token without choosing an expiry date
    When 30 days and 1 minute pass on the sandbox clock
    Then the SCIM endpoint refuses the token

  @needs-admin @needs-clock @changes-tokens
  Scenario: moves the clock without saying so
    Given an administrator generates a provisioning token without choosing an expiry date
    When 30 days and 1 minute pass on the sandbox clock
    Then the SCIM endpoint refuses the token

  @needs-admin
  Scenario: generates a token without saying so
    Given an administrator generates a provisioning token

  @needs-admin @changes-tokens
  Scenario: creates a tenant without saying so
    Given another tenant with its own provisioning token "other"
`

// TestUnclassifiedScenarioFails: the guard fails a scenario whose requests
// change shared state its tags do not declare, naming the tag to add, and
// lets the classified one pass. Every clock move is undone.
func TestUnclassifiedScenarioFails(t *testing.T) {
	srv, env := clockEnv(t)
	before := srv.Sandbox().Clock().Now().Sub(time.Now())
	suite := godog.TestSuite{
		ScenarioInitializer: steps.InitializeScenario(env),
		Options: &godog.Options{Format: "progress", Output: io.Discard, Strict: true, NoColors: true, Concurrency: 4,
			FS: fstest.MapFS{"shared.feature": {Data: []byte(classificationFeature)}}, Paths: []string{"shared.feature"}},
	}
	defer env.Results.Attach(&suite)()
	suite.Run()
	want := map[string]string{
		"classified expiry":                   "",
		"moves the clock without saying so":   `expected scenario "moves the clock without saying so" to be tagged @moves-clock because it moves the sandbox clock (POST ` + srv.AdminURL() + "/clock)",
		"generates a token without saying so": "to be tagged @changes-tokens because it generates or deletes a provisioning token (POST " + srv.AdminURL() + "/tenants/",
		"creates a tenant without saying so":  "to be tagged @creates-tenant because it creates a tenant (POST " + srv.AdminURL() + "/tenants)",
	}
	results := env.Results.Scenarios()
	require.Len(t, results, len(want))
	for _, r := range results {
		msg, ok := want[r.Name]
		require.True(t, ok, r.Name)
		if msg == "" {
			assert.Equal(t, reports.Passed, r.Status, "%s: %s", r.Name, r.Failure)
			continue
		}
		assert.Equal(t, reports.Errored, r.Status, "%s: a fault of the feature file, not of the target", r.Name)
		assert.Contains(t, r.Failure, msg, r.Name)
	}
	assert.Zero(t, env.Clock.Net())
	assert.InDelta(t, before, srv.Sandbox().Clock().Now().Sub(time.Now()), float64(time.Second), "every scenario moved the clock back")
}

// clockEnv is an Env for a fresh sandbox tenant with the admin API and the
// clock, the run's token minted as the harness does.
func clockEnv(t *testing.T) (*sandbox.Server, *steps.Env) {
	t.Helper()
	srv, err := sandbox.Start(sandbox.Options{}, "")
	require.NoError(t, err)
	t.Cleanup(func() { _ = srv.Close() })
	sb := srv.Sandbox()
	tenant, err := sb.CreateTenant("shared state test", "")
	require.NoError(t, err)
	token, _, err := sb.IssueToken(tenant.ID, time.Time{})
	require.NoError(t, err)
	target := steps.Target{BaseURL: srv.TenantURL(tenant.ID), Token: token, TenantID: tenant.ID,
		AdminURL: srv.AdminURL(), AdminToken: sb.AdminToken()}
	masker := simulator.NewMasker(target.Secrets()...)
	ctx := context.Background()
	caps, err := steps.Discover(ctx, target, masker)
	require.NoError(t, err)
	rt, err := steps.MintRunToken(ctx, admin.New(target.AdminURL, target.AdminToken, nil, masker), tenant.ID)
	require.NoError(t, err)
	t.Cleanup(func() { _ = rt.Close(context.Background()) })
	return srv, &steps.Env{Target: target, Caps: caps, Seed: 1, Masker: masker, Results: steps.NewResults(),
		RunToken: rt, Log: io.Discard, Clock: &steps.ClockLedger{}}
}

// TestClockLedger: moves are booked, rewinds unbook them, Restore undoes
// what is left; a move whose answer was lost is booked when the clock
// shows it happened.
func TestClockLedger(t *testing.T) {
	srv, err := sandbox.Start(sandbox.Options{}, "")
	require.NoError(t, err)
	t.Cleanup(func() { _ = srv.Close() })
	clock := srv.Sandbox().Clock()
	offset := func() time.Duration { return clock.Now().Sub(time.Now()) }
	before := offset()

	// The proxy forwards every request but drops the answer of the first
	// advance, as a timeout or a broken connection would.
	backend, err := url.Parse(srv.URL)
	require.NoError(t, err)
	rp := httputil.NewSingleHostReverseProxy(backend)
	var dropped atomic.Bool
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/clock") && dropped.CompareAndSwap(false, true) {
			rp.ServeHTTP(httptest.NewRecorder(), r) // the clock moves; the answer goes nowhere
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				_ = conn.Close()
			}
			return
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(front.Close)
	sb := srv.Sandbox()
	ac := admin.New(front.URL+"/admin/v1", sb.AdminToken(), nil, simulator.NewMasker(sb.AdminToken()))
	ctx := context.Background()
	var l steps.ClockLedger

	moved, err := l.Advance(ctx, ac, 48*time.Hour)
	assert.Error(t, err, "the answer was lost")
	assert.True(t, moved, "the clock shows the move happened")
	assert.Equal(t, 48*time.Hour, l.Net())

	moved, err = l.Advance(ctx, ac, time.Hour)
	require.NoError(t, err)
	assert.True(t, moved)
	moved, err = l.Rewind(ctx, ac, time.Hour)
	require.NoError(t, err)
	assert.True(t, moved)
	assert.Equal(t, 48*time.Hour, l.Net())
	assert.InDelta(t, before+48*time.Hour, offset(), float64(time.Second))

	back, err := l.Restore(ctx, ac)
	require.NoError(t, err)
	assert.Equal(t, 48*time.Hour, back)
	assert.Zero(t, l.Net())
	assert.InDelta(t, before, offset(), float64(time.Second), "the clock is where the ledger found it")

	back, err = l.Restore(ctx, ac)
	assert.NoError(t, err)
	assert.Zero(t, back, "nothing left to undo")
}

// TestClockLedgerRestoreFailureSaysHowToUndo: when the clock cannot be
// moved back, the error says how far it is off and how to fix it by hand.
func TestClockLedgerRestoreFailureSaysHowToUndo(t *testing.T) {
	srv, err := sandbox.Start(sandbox.Options{}, "")
	require.NoError(t, err)
	t.Cleanup(func() { _ = srv.Close() })
	sb := srv.Sandbox()
	ac := admin.New(srv.AdminURL(), sb.AdminToken(), nil, simulator.NewMasker(sb.AdminToken()))
	var l steps.ClockLedger
	_, err = l.Advance(context.Background(), ac, 720*time.Hour)
	require.NoError(t, err)
	_ = srv.Close() // the target is gone
	_, err = l.Restore(context.Background(), ac)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `the sandbox clock is still 720h0m0s ahead of where the run found it; move it back with POST /admin/v1/clock {"advance":"-720h0m0s"}`)
	assert.Equal(t, 720*time.Hour, l.Net())
}
