package harness

import (
	"bytes"
	"context"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
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

// tlsTarget serves a fresh sandbox over HTTPS with httptest's self-signed
// certificate, as a Cantara test environment with a private CA looks to
// the harness, behind wrap (nil → none). It returns the external target
// (with the admin API), the PEM file of the certificate and the server.
func tlsTarget(t *testing.T, wrap func(http.Handler) http.Handler) (Target, string, *httptest.Server) {
	t.Helper()
	sb, err := sandbox.New(sandbox.Options{})
	require.NoError(t, err)
	tenant, err := sb.CreateTenant("tls test", "")
	require.NoError(t, err)
	token, _, err := sb.IssueToken(tenant.ID, time.Time{})
	require.NoError(t, err)
	h := sb.Handler()
	if wrap != nil {
		h = wrap(h)
	}
	ts := httptest.NewUnstartedServer(h)
	ts.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshakes are expected
	ts.StartTLS()
	t.Cleanup(ts.Close)
	target := Target{
		BaseURL: ts.URL + "/scim/v2/" + tenant.ID, Token: token,
		AdminURL: ts.URL + "/admin/v1", AdminToken: sb.AdminToken(),
	}
	return target, writeCertPEM(t, ts), ts
}

// runTLS runs tags against target with tr and returns the outcome, the
// error and the console.
func runTLS(t *testing.T, target Target, tr Transport, tags string) (Outcome, error, string) {
	t.Helper()
	var console strings.Builder
	outcome, err := Run(context.Background(), Config{
		Target: target, Transport: tr, Tags: tags, OutDir: t.TempDir(), Seed: 20261127,
		Stdout: &console, Formats: []string{FormatNone},
	})
	return outcome, err, console.String()
}

// TestRunOverTLS: a target with a self-signed certificate is a
// configuration problem until the harness is told to trust it; then every
// path (discovery, scenarios' SCIM and admin calls, the run token minted
// and deleted through the admin API) goes through the trusted client.
func TestRunOverTLS(t *testing.T) {
	const tags = "@contract-removal"
	tests := []struct {
		name       string
		tr         func(ca string) Transport
		wantConfig bool
		wantOut    string
	}{
		{"system roots only", func(string) Transport { return Transport{} }, true, ""},
		{"CA file", func(ca string) Transport { return Transport{CAFile: ca} }, false, "trusted CAs: the system roots and "},
		{"verification off", func(string) Transport { return Transport{InsecureSkipVerify: true} }, false, insecureWarning},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target, ca, ts := tlsTarget(t, nil)
			outcome, err, console := runTLS(t, target, tt.tr(ca), tags)
			assert.NotContains(t, console, target.Token)
			if tt.wantConfig {
				var ce *ConfigError
				require.ErrorAs(t, err, &ce, console)
				assert.Equal(t, settingCAFile, ce.Setting)
				assert.Contains(t, ce.Problem, "expected a TLS certificate the harness trusts")
				assert.NotContains(t, err.Error(), target.Token)
				assert.Equal(t, ExitUsage, ExitCode(outcome, err))
				return
			}
			require.NoError(t, err, console)
			assert.Equal(t, ExitPassed, outcome.ExitCode, failures(outcome))
			assert.Contains(t, console, tt.wantOut)
			assert.Contains(t, console, "run token: generated through the admin API")
			ranAdmin := false
			for _, s := range outcome.Run.Scenarios {
				ranAdmin = ranAdmin || slices.Contains(s.Tags, "@needs-admin") && s.Status == reports.Passed
			}
			assert.True(t, ranAdmin, "expected an @needs-admin scenario to pass over TLS")
			if tt.tr(ca).InsecureSkipVerify {
				assert.Contains(t, outcome.Run.Target, insecureWarning, "the summary header carries the warning")
			}

			// The run deleted the token it minted: only the user's is left.
			ac := admin.NewWithClient(simulator.NewClient(simulator.ClientConfig{
				BaseURL: target.AdminURL, Token: target.AdminToken, HTTPClient: ts.Client(),
			}))
			tokens, err := ac.ListTokens(context.Background(), steps.TenantFromBaseURL(target.BaseURL))
			require.NoError(t, err)
			active := 0
			for _, tok := range tokens {
				if tok.Status == admin.TokenActive {
					active++
				}
			}
			assert.Equal(t, 1, active, "expected only the user's token active after the run, got %d", active)
		})
	}
}

// slowUsers delays every user creation (POST /Users) until the client
// gives up, or at most a minute; discovery and look-ups answer at once.
func slowUsers(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/Users") && r.Method == http.MethodPost {
			// net/http notices a client hanging up only once the body is read.
			body, err := io.ReadAll(r.Body)
			if err != nil {
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
			select {
			case <-r.Context().Done():
				// The harness gave up: nothing is created. Abort rather than
				// return, which would send an empty 200 that a client whose
				// deadline has not quite fired (a loaded machine) could read.
				panic(http.ErrAbortHandler)
			case <-time.After(time.Minute):
			}
		}
		next.ServeHTTP(w, r)
	})
}

// slowAll delays every request until the client gives up.
func slowAll(http.Handler) http.Handler {
	return http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(time.Minute):
		}
	})
}

// TestRunTimeout: a target slower than --timeout is a harness fault (no
// HTTP answer), reported as a transport error, never as "expected 201,
// got ..." as if the target had answered wrongly.
func TestRunTimeout(t *testing.T) {
	const timeout = time.Second
	t.Run("scenario request", func(t *testing.T) {
		target, ca, _ := tlsTarget(t, slowUsers)
		target.AdminURL, target.AdminToken = "", "" // the scenarios only, no admin
		outcome, err, console := runTLS(t, target, Transport{CAFile: ca, Timeout: timeout}, "@contract-removal")
		require.NoError(t, err, console)
		assert.Contains(t, console, "request timeout: 1s")
		assert.Equal(t, ExitFailed, outcome.ExitCode, "errored is not success")
		assert.Empty(t, outcome.Run.Failures(), "a timeout is not Cantara's failure")
		assert.Equal(t, reports.VerdictError, outcome.Run.Verdict())
		assert.Contains(t, console, "The target could not be reached")
		fails := outcome.Run.Errors()
		require.NotEmpty(t, fails, console)
		for _, s := range fails {
			assert.Contains(t, s.FailureLine(), "expected an HTTP answer, got none (harness or network fault)", s.Name)
			assert.Contains(t, s.Failure, simulator.ErrTransport.Error(), s.Name)
			assert.Contains(t, s.Failure, "POST", s.Name)
			assert.NotContains(t, s.FailureLine(), "expected 201", s.Name)
		}
	})
	t.Run("discovery", func(t *testing.T) {
		target, ca, _ := tlsTarget(t, slowAll)
		started := time.Now()
		outcome, err, console := runTLS(t, target, Transport{CAFile: ca, Timeout: timeout}, "@contract-removal")
		assert.Less(t, time.Since(started), 20*time.Second, "the timeout bounds each request")
		var ce *ConfigError
		require.ErrorAs(t, err, &ce, console)
		assert.Contains(t, ce.Problem, "expected the target to answer capability discovery, got: ")
		assert.Contains(t, ce.Problem, simulator.ErrTransport.Error())
		assert.Equal(t, ExitUsage, ExitCode(outcome, err))
	})
}
