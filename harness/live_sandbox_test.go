package harness

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scimharness/scimharness/admin"
	"github.com/scimharness/scimharness/sandbox"
	"github.com/scimharness/scimharness/simulator"
	"github.com/scimharness/scimharness/steps"
)

// liveSandbox is what `scimharness sandbox` serves: a sandbox on a port with
// one tenant and the user's token (the default 30-day expiry), reached as
// an external target, possibly through a proxy, and outliving every run.
type liveSandbox struct {
	srv    *sandbox.Server
	tenant string
	token  string // the user's SCIM_TOKEN
	target Target
}

func startLiveSandbox(t testing.TB) *liveSandbox {
	t.Helper()
	srv, err := sandbox.Start(sandbox.Options{}, "")
	require.NoError(t, err)
	t.Cleanup(func() { _ = srv.Close() })
	sb := srv.Sandbox()
	tenant, err := sb.CreateTenant("Sandbox", "")
	require.NoError(t, err)
	token, _, err := sb.IssueToken(tenant.ID, time.Time{})
	require.NoError(t, err)
	l := &liveSandbox{srv: srv, tenant: tenant.ID, token: token}
	l.target = l.targetAt(srv.URL)
	return l
}

// targetAt is the target as seen through base (the sandbox or a proxy).
func (l *liveSandbox) targetAt(base string) Target {
	return Target{BaseURL: base + "/scim/v2/" + l.tenant, Token: l.token,
		AdminURL: base + "/admin/v1", AdminToken: l.srv.Sandbox().AdminToken()}
}

// clockOffset is how far the sandbox clock is from real time.
func (l *liveSandbox) clockOffset() time.Duration {
	return l.srv.Sandbox().Clock().Now().Sub(time.Now())
}

// userTokenWorks asks the SCIM endpoint with the user's own token.
func (l *liveSandbox) userTokenWorks(t testing.TB) bool {
	t.Helper()
	c := simulator.NewClient(simulator.ClientConfig{BaseURL: l.srv.TenantURL(l.tenant), Token: l.token, Masker: simulator.NewMasker(l.token)})
	ex, err := c.Do(context.Background(), simulator.Request{Method: http.MethodGet, Path: "/Users", RawQuery: "count=1"})
	require.NoError(t, err)
	return ex.Status == http.StatusOK
}

// leftovers lists what a run left in the user's tenant: active tokens
// other than the user's, SCIM users and groups.
func (l *liveSandbox) leftovers(t testing.TB) []string {
	t.Helper()
	ctx := context.Background()
	sb := l.srv.Sandbox()
	ac := admin.New(l.srv.AdminURL(), sb.AdminToken(), nil, simulator.NewMasker(sb.AdminToken(), l.token))
	tokens, err := ac.ListTokens(ctx, l.tenant)
	require.NoError(t, err)
	var out []string
	for _, tok := range tokens {
		if tok.Status == admin.TokenActive && tok.Hint != l.token[len(l.token)-4:] {
			out = append(out, "active token …"+tok.Hint)
		}
	}
	c := simulator.NewClient(simulator.ClientConfig{BaseURL: l.srv.TenantURL(l.tenant), Token: l.token, Masker: simulator.NewMasker(l.token)})
	for _, res := range []string{"/Users", "/Groups"} {
		ex, err := c.Do(ctx, simulator.Request{Method: http.MethodGet, Path: res, RawQuery: "count=0"})
		require.NoError(t, err)
		if !strings.Contains(string(ex.ResponseBody), `"totalResults":0`) {
			out = append(out, res+": "+string(ex.ResponseBody))
		}
	}
	return out
}

// proxy is a reverse proxy in front of a target that waits delay before
// forwarding each request (a target that far away). intercept, when set,
// sees each request first and may answer it itself (returning true). It
// counts the requests it forwarded.
type proxy struct {
	*httptest.Server
	mu    sync.Mutex
	count int
}

func startProxy(t testing.TB, backend string, delay time.Duration, intercept func(http.ResponseWriter, *http.Request) bool) *proxy {
	t.Helper()
	u, err := url.Parse(backend)
	require.NoError(t, err)
	rp := &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(u)
			r.Out.Host = r.In.Host // the sandbox writes resource locations for the host the client called
		},
		Transport: &http.Transport{MaxIdleConnsPerHost: 256},
	}
	p := &proxy{}
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if intercept != nil && intercept(w, r) {
			return
		}
		p.mu.Lock()
		p.count++
		p.mu.Unlock()
		if delay > 0 {
			select {
			case <-time.After(delay):
			case <-r.Context().Done():
				return
			}
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(p.Close)
	return p
}

// clockMove is the "advance" a POST to the admin clock carries ("" for any
// other request); the body stays readable for the proxy.
func clockMove(r *http.Request) string {
	if r.Method != http.MethodPost || !strings.HasSuffix(r.URL.Path, "/admin/v1/clock") {
		return ""
	}
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	var doc struct {
		Advance string `json:"advance"`
	}
	_ = json.Unmarshal(body, &doc)
	return doc.Advance
}

// requests is how many requests the proxy has forwarded so far.
func (p *proxy) requests() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.count
}

// runLive runs every feature against l at the default concurrency.
func runLive(t *testing.T, ctx context.Context, target Target, seed int64) (Outcome, string, error) {
	t.Helper()
	var console strings.Builder
	outcome, err := Run(ctx, Config{
		Target: target, OutDir: t.TempDir(), Seed: seed, Stdout: &console,
		Formats: []string{FormatNone, FormatJUnit},
	})
	return outcome, console.String(), err
}

// TestLongLivedSandboxIsLeftAsFound is the release engineer's complaint:
// against a long-lived `scimharness sandbox`, two identical runs (same
// seed) both pass, and after each the sandbox clock is where it was, the
// user's own token works and the run left no token, user or group behind.
func TestLongLivedSandboxIsLeftAsFound(t *testing.T) {
	l := startLiveSandbox(t)
	before := l.clockOffset()
	for i := range 2 {
		outcome, console, err := runLive(t, context.Background(), l.target, 20261203)
		require.NoError(t, err, console)
		require.Equal(t, ExitPassed, outcome.ExitCode, "run %d: %s", i+1, failures(outcome))
		assert.InDelta(t, before, l.clockOffset(), float64(time.Second), "run %d: the sandbox clock moved", i+1)
		assert.True(t, l.userTokenWorks(t), "run %d: the user's token stopped working", i+1)
		assert.Empty(t, l.leftovers(t), "run %d left these behind", i+1)
		assert.NotContains(t, console, l.token)
	}
}

// TestInterruptedRunLeavesTheTargetAsFound: Ctrl-C the moment the expiry
// scenario has moved the clock 30 days ahead. The scenarios in flight
// finish with their cleanups (nothing they made is left), the rest are
// skipped, the clock is back, the user's token works, the next run passes.
func TestInterruptedRunLeavesTheTargetAsFound(t *testing.T) {
	l := startLiveSandbox(t)
	before := l.clockOffset()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p := startProxy(t, l.srv.URL, 0, func(_ http.ResponseWriter, r *http.Request) bool {
		if m := clockMove(r); m != "" && !strings.HasPrefix(m, "-") {
			cancel() // as a user pressing Ctrl-C
		}
		return false
	})
	outcome, console, err := runLive(t, ctx, l.targetAt(p.URL), 20261203)
	require.Error(t, err, "an interrupted run says so")
	assert.Contains(t, err.Error(), "interrupted")
	c := outcome.Run.Counts()
	assert.Positive(t, c.Skipped, "the scenarios not started are skipped")
	assert.Zero(t, c.Failed, "the scenarios in flight finish: %s", failures(outcome))
	assert.InDelta(t, before, l.clockOffset(), float64(time.Second), "the interrupted run left the clock moved:\n%s", console)
	assert.True(t, l.userTokenWorks(t), "the user's token stopped working")
	assert.Empty(t, l.leftovers(t), console)

	outcome, console, err = runLive(t, context.Background(), l.target, 20261203)
	require.NoError(t, err, console)
	assert.Equal(t, ExitPassed, outcome.ExitCode, failures(outcome))
	assert.InDelta(t, before, l.clockOffset(), float64(time.Second))
}

// TestRunMovesBackWhatACleanupCouldNot: the expiry scenario's cleanup
// fails to move the clock back (the target answers 500 once); the run
// moves it back at its end and says so.
func TestRunMovesBackWhatACleanupCouldNot(t *testing.T) {
	l := startLiveSandbox(t)
	before := l.clockOffset()
	var refused sync.Once
	p := startProxy(t, l.srv.URL, 0, func(w http.ResponseWriter, r *http.Request) bool {
		handled := false
		if strings.HasPrefix(clockMove(r), "-") {
			refused.Do(func() {
				handled = true
				http.Error(w, `{"error":"unavailable","detail":"try later"}`, http.StatusInternalServerError)
			})
		}
		return handled
	})
	var console strings.Builder
	outcome, err := Run(context.Background(), Config{
		Target: l.targetAt(p.URL), OutDir: t.TempDir(), Seed: 1, Stdout: &console,
		Formats: []string{FormatNone}, Tags: steps.TagMovesClock,
	})
	require.NoError(t, err, console.String())
	assert.Equal(t, ExitPassed, outcome.ExitCode, failures(outcome))
	assert.Equal(t, 1, outcome.Run.Counts().Passed)
	assert.Contains(t, console.String(), `cleanup "move the sandbox clock back by 720h1m0s"`)
	assert.Contains(t, console.String(), "sandbox clock: moved back 720h1m0s, to where the run found it")
	assert.InDelta(t, before, l.clockOffset(), float64(time.Second))
	assert.True(t, l.userTokenWorks(t))
}
