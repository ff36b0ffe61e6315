package main

import (
	"bytes"
	"context"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scimharness/scimharness/sandbox"
)

// lockedBuffer lets the test read output the server goroutine writes.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func startSandboxCmd(t *testing.T, env map[string]string, args ...string) (*sandbox.Server, *lockedBuffer, *lockedBuffer, func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stdout, stderr := &lockedBuffer{}, &lockedBuffer{}
	ready := make(chan *sandbox.Server, 1)
	done := make(chan int, 1)
	getenv := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	go func() {
		done <- serveSandbox(ctx, append([]string{"--addr", "127.0.0.1:0"}, args...), getenv, stdout, stderr, func(s *sandbox.Server) { ready <- s })
	}()
	select {
	case srv := <-ready:
		return srv, stdout, stderr, func() int { cancel(); return <-done }
	case code := <-done:
		cancel()
		t.Fatalf("expected the sandbox to start, got exit %d: %s", code, stderr.String())
		return nil, nil, nil, nil
	}
}

func get(t *testing.T, url, token string) int {
	req, err := http.NewRequest("GET", url, nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	res.Body.Close()
	return res.StatusCode
}

func TestSandboxFixedCredentials(t *testing.T) {
	env := map[string]string{"SCIM_TOKEN": "env-scim-token", "CANTARA_ADMIN_TOKEN": "env-admin-token", "SANDBOX_FAULTS": "drop-locale"}
	srv, stdout, stderr, stop := startSandboxCmd(t, env, "--tenant", "acme", "--admin-token", "flag-admin-token")
	assert.Equal(t, http.StatusOK, get(t, srv.TenantURL("acme")+"/Users", "env-scim-token"))
	assert.Equal(t, http.StatusOK, get(t, srv.AdminURL()+"/tenants", "flag-admin-token"), "expected the flag to win over the env")
	assert.Equal(t, http.StatusUnauthorized, get(t, srv.AdminURL()+"/tenants", "env-admin-token"))
	assert.Equal(t, []sandbox.Fault{sandbox.FaultDropLocale}, srv.Sandbox().Faults())
	require.Equal(t, 0, stop())

	out := stdout.String() + stderr.String()
	assert.Contains(t, out, "SCIM_BASE_URL="+srv.TenantURL("acme"))
	for _, secret := range []string{"env-scim-token", "flag-admin-token"} {
		assert.NotContains(t, out, secret, "expected given tokens never echoed")
	}
	assert.Contains(t, stderr.String(), "path=/scim/v2/acme/Users")
	assert.Contains(t, stderr.String(), "status=401")
}

func TestSandboxGeneratedCredentialsPrintedOnce(t *testing.T) {
	srv, stdout, stderr, stop := startSandboxCmd(t, nil)
	out := stdout.String()
	var token, admin, base string
	for _, line := range strings.Split(out, "\n") {
		line = strings.TrimSpace(line)
		if v, ok := strings.CutPrefix(line, "SCIM_TOKEN="); ok {
			token = v
		}
		if v, ok := strings.CutPrefix(line, "CANTARA_ADMIN_TOKEN="); ok {
			admin = v
		}
		if v, ok := strings.CutPrefix(line, "SCIM_BASE_URL="); ok {
			base = v
		}
	}
	require.True(t, strings.HasPrefix(token, sandbox.TokenPrefix), out)
	require.NotEmpty(t, admin)
	assert.Equal(t, http.StatusOK, get(t, base+"/Users", token))
	assert.Equal(t, http.StatusOK, get(t, srv.AdminURL()+"/tenants", admin))
	require.Equal(t, 0, stop())
	assert.Equal(t, 1, strings.Count(stdout.String()+stderr.String(), token), "expected the token printed exactly once")
	assert.Equal(t, 1, strings.Count(stdout.String()+stderr.String(), admin))
}

func TestSandboxUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		args []string
		code int
	}{
		{"unknown fault flag", nil, []string{"--faults", "nope"}, 2},
		{"unknown fault env", map[string]string{"SANDBOX_FAULTS": "nope"}, nil, 2},
		{"bad tenant id", nil, []string{"--tenant", "a/b"}, 2},
		{"stray argument", nil, []string{"extra"}, 2},
		{"unknown flag", nil, []string{"--bogus"}, 2},
		{"help", nil, []string{"-h"}, 0},
		{"address in use or invalid", nil, []string{"--addr", "256.1.1.1:1"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			getenv := func(k string) (string, bool) { v, ok := tt.env[k]; return v, ok }
			code := serveSandbox(context.Background(), tt.args, getenv, &stdout, &stderr, nil)
			assert.Equal(t, tt.code, code, stderr.String())
		})
	}
}

func TestSandboxHelpNeverShowsEnvSecrets(t *testing.T) {
	var out bytes.Buffer
	getenv := func(k string) (string, bool) { return "env-secret-" + k, true }
	code := serveSandbox(context.Background(), []string{"-h"}, getenv, &out, &out, nil)
	assert.Equal(t, 0, code)
	assert.NotContains(t, out.String(), "env-secret")
	assert.Contains(t, out.String(), "accept-expired-tokens")
}

// TestSandboxHelpAndErrorsDescribeFaults: -h and an unknown --faults name
// both list every fault with what goes wrong and the promise it breaks.
func TestSandboxHelpAndErrorsDescribeFaults(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
	}{
		{"help", []string{"-h"}, 0},
		{"unknown fault", []string{"--faults", "nope"}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			getenv := func(string) (string, bool) { return "", false }
			code := serveSandbox(context.Background(), tt.args, getenv, &stdout, &stderr, nil)
			require.Equal(t, tt.code, code, stderr.String())
			for _, fi := range sandbox.FaultCatalogue() {
				assert.Regexp(t, `(?m)^  `+regexp.QuoteMeta(string(fi.Fault))+` +`+regexp.QuoteMeta(fi.Description+" ["+fi.Promise+"]")+`$`,
					stderr.String(), "expected %s listed with its description and promise", fi.Fault)
			}
		})
	}
}
