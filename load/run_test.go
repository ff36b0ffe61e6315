package load

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scimharness/scimharness/harness"
	"github.com/scimharness/scimharness/simulator"
)

// openSandbox starts the embedded sandbox with a tenant and token, as
// `scimharness load` does without SCIM_BASE_URL.
func openSandbox(t *testing.T) *harness.Endpoint {
	t.Helper()
	ep, err := harness.OpenEndpoint(context.Background(), harness.Target{}, harness.Transport{}, simulator.NewMasker())
	require.NoError(t, err)
	t.Cleanup(func() { ep.Close(context.Background()) })
	return ep
}

// tenantUsers counts the users the tenant's SCIM endpoint lists.
func tenantUsers(t *testing.T, ep *harness.Endpoint) int {
	t.Helper()
	c := simulator.NewClient(simulator.ClientConfig{BaseURL: ep.BaseURL, Token: ep.Token, HTTPClient: ep.Client})
	ex, err := c.Do(context.Background(), simulator.Request{Method: http.MethodGet, Path: "/Users", RawQuery: "count=0"})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, ex.Status)
	var l struct {
		TotalResults int `json:"totalResults"`
	}
	require.NoError(t, json.Unmarshal(ex.ResponseBody, &l))
	return l.TotalResults
}

// TestRunAgainstSandbox checks that the figures add up and the tenant is
// left empty; it asserts no speed: that is what the load command is for.
func TestRunAgainstSandbox(t *testing.T) {
	for _, dialect := range []simulator.Dialect{simulator.Entra(), simulator.Okta()} {
		t.Run(dialect.Name, func(t *testing.T) {
			ep := openSandbox(t)
			profile, err := simulator.DefaultProfile()
			require.NoError(t, err)
			m := simulator.NewMasker()
			var log bytes.Buffer
			cfg := Config{
				BaseURL: ep.BaseURL, Token: ep.Token, HTTPClient: ep.Client, Masker: m,
				Dialect: dialect, Profile: profile,
				Rate: 400, Duration: 150 * time.Millisecond, Users: 4, Concurrency: 8, Seed: 42, Log: &log,
			}
			r, err := Run(context.Background(), cfg)
			require.NoError(t, err)

			s := r.Summary
			assert.Equal(t, 60, r.Pace.Planned)
			assert.Positive(t, s.Requests)
			assert.LessOrEqual(t, s.Requests, r.Pace.Slots, "a job sends at most the requests it was given slots for")
			// The window's tail too short for the next job (weight ≤ 2) stays unused.
			unused := r.Pace.Planned - r.Pace.Slots - r.Pace.Missed
			assert.True(t, unused >= 0 && unused < 2, "unused slots: %d", unused)
			perOp, perStatus := 0, s.NoAnswer
			for _, o := range s.Ops {
				perOp += o.Count
			}
			for _, n := range s.Statuses {
				perStatus += n
			}
			assert.Equal(t, s.Requests, perOp, "requests = sum over operations")
			assert.Equal(t, s.Requests, perStatus, "requests = sum over the status histogram")
			assert.Zero(t, s.Failed, "the sandbox accepts the dialect: %v", s.Samples)
			assert.InDelta(t, float64(s.Requests)/r.Window.Seconds(), r.Achieved, 1e-9)
			assert.Equal(t, r.Window, cfg.Duration)

			// 60 slots over 4 users: every user got through at least a round.
			assert.Equal(t, 4, r.Cleanup.Created)
			assert.Equal(t, 4, r.Cleanup.Removed)
			assert.Empty(t, r.Cleanup.Left)
			assert.Zero(t, tenantUsers(t, ep), "every user the run created is gone")
			assert.Contains(t, log.String(), "test connection:")
			assert.NotContains(t, log.String(), ep.Token)

			// The tool's own waits are reported apart from service time.
			assert.Equal(t, r.Pace.Jobs, r.ScheduleLag.Count, "one schedule lag per started operation")
			assert.Equal(t, r.UserWaits, r.UserQueue.Count, "one queue time per operation that waited for its user")

			var out bytes.Buffer
			Write(&out, r)
			assert.Regexp(t, `verdict: (PASS|FAIL) against Entra's expectations`, out.String())
			assert.Contains(t, out.String(), "the target's service time (request sent → response read)")
			assert.Contains(t, out.String(), "schedule lag (operation start − its slot): ")
			assert.Contains(t, out.String(), "queued behind the same user's previous operation: ")
			assert.Contains(t, out.String(), "cleanup: removed 4 of 4 users")
			assert.NotContains(t, out.String(), ep.Token)
		})
	}
}

func TestRunCleansUpAfterInterrupt(t *testing.T) {
	ep := openSandbox(t)
	profile, err := simulator.DefaultProfile()
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	r, err := Run(ctx, Config{
		BaseURL: ep.BaseURL, Token: ep.Token, HTTPClient: ep.Client,
		Dialect: simulator.Entra(), Profile: profile,
		Rate: 200, Duration: time.Hour, Users: 50, Seed: 7,
	})
	require.NoError(t, err)
	assert.True(t, r.Interrupted)
	assert.Positive(t, r.Cleanup.Created)
	assert.Equal(t, r.Cleanup.Created, r.Cleanup.Removed, r.Cleanup.Problems)
	assert.Zero(t, tenantUsers(t, ep))
	var out bytes.Buffer
	Write(&out, r)
	assert.Contains(t, out.String(), "verdict: NONE — interrupted")
}

func TestRunRejectsBadConfig(t *testing.T) {
	base := Config{BaseURL: "http://127.0.0.1:1/scim/v2/t", Rate: 25, Duration: time.Second, Users: 1}
	tests := []struct {
		name   string
		change func(*Config)
		want   string
	}{
		{"zero rate", func(c *Config) { c.Rate = 0 }, "--rate: expected requests per second greater than 0, got 0"},
		{"negative duration", func(c *Config) { c.Duration = -time.Second }, "--duration: expected a duration greater than 0"},
		{"no users", func(c *Config) { c.Users = 0 }, "--users: expected at least 1, got 0"},
		{"negative concurrency", func(c *Config) { c.Concurrency = -1 }, "--concurrency"},
		{"window too small", func(c *Config) { c.Duration = 50 * time.Millisecond }, "expected a window of at least 2 requests"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := base
			tt.change(&cfg)
			_, err := Run(context.Background(), cfg)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestRunFailsPreflightWithMaskedToken(t *testing.T) {
	ep := openSandbox(t)
	profile, err := simulator.DefaultProfile()
	require.NoError(t, err)
	bad := "cnt_pt_" + "0123456789abcdefghijklmnopqrstuvwxyzABCDEF"
	_, err = Run(context.Background(), Config{
		BaseURL: ep.BaseURL, Token: bad, HTTPClient: ep.Client,
		Dialect: simulator.Entra(), Profile: profile, Rate: 25, Duration: time.Second, Users: 1,
	})
	var pe *PreflightError
	require.ErrorAs(t, err, &pe)
	assert.Contains(t, err.Error(), "401")
	assert.NotContains(t, err.Error(), bad)
}
