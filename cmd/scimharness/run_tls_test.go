package main

import (
	"encoding/pem"
	"fmt"
	"io"
	"log"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scimharness/scimharness/harness"
	"github.com/scimharness/scimharness/sandbox"
)

func TestParseRunTransport(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		args    []string
		want    harness.Transport
		wantErr string
	}{
		{"defaults", nil, nil, harness.Transport{}, ""},
		{"flags", nil, []string{"--ca-file", "ca.pem", "--insecure-skip-verify", "--timeout", "45s"},
			harness.Transport{CAFile: "ca.pem", InsecureSkipVerify: true, Timeout: 45 * time.Second}, ""},
		{"env", map[string]string{"SCIM_CA_FILE": "env.pem", "SCIM_INSECURE_SKIP_VERIFY": "1", "SCIM_TIMEOUT": "1m"}, nil,
			harness.Transport{CAFile: "env.pem", InsecureSkipVerify: true, Timeout: time.Minute}, ""},
		{"flags over env", map[string]string{"SCIM_CA_FILE": "env.pem", "SCIM_INSECURE_SKIP_VERIFY": "1", "SCIM_TIMEOUT": "bad"},
			[]string{"--ca-file", "flag.pem", "--insecure-skip-verify=false", "--timeout", "10s"},
			harness.Transport{CAFile: "flag.pem", Timeout: 10 * time.Second}, ""},
		{"empty timeout variable is the default", map[string]string{"SCIM_TIMEOUT": " "}, nil, harness.Transport{}, ""},
		{"bad timeout flag", nil, []string{"--timeout", "30"}, harness.Transport{}, `SCIM_TIMEOUT (--timeout): expected a duration such as 30s or 1m, got "30"`},
		{"zero timeout flag", nil, []string{"--timeout", "0s"}, harness.Transport{}, `SCIM_TIMEOUT (--timeout): expected a duration greater than zero, got "0s"`},
		{"empty timeout flag", map[string]string{"SCIM_TIMEOUT": "10s"}, []string{"--timeout="}, harness.Transport{}, `SCIM_TIMEOUT (--timeout): expected a duration such as 30s or 1m, got ""`},
		{"negative timeout variable", map[string]string{"SCIM_TIMEOUT": "-1s"}, nil, harness.Transport{}, `SCIM_TIMEOUT (--timeout): expected a duration greater than zero, got "-1s"`},
		{"bad insecure variable", map[string]string{"SCIM_INSECURE_SKIP_VERIFY": "please"}, nil, harness.Transport{},
			`SCIM_INSECURE_SKIP_VERIFY (--insecure-skip-verify): expected 1 or 0 (true or false), got "please"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := parseRun(tt.args, io.Discard, envMap(tt.env))
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.True(t, harness.IsConfigError(err))
				assert.Contains(t, err.Error(), tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, o.cfg.Transport)
		})
	}
}

// tlsSandbox serves a sandbox over HTTPS with httptest's self-signed
// certificate, as a Cantara test environment with a private CA looks to a
// QA team: the variables of an external run with the admin API, and the
// certificate written as a PEM file.
func tlsSandbox(t *testing.T) (env map[string]string, caFile string) {
	t.Helper()
	sb, err := sandbox.New(sandbox.Options{})
	require.NoError(t, err)
	tenant, err := sb.CreateTenant("tls cli test", "")
	require.NoError(t, err)
	token, _, err := sb.IssueToken(tenant.ID, time.Time{})
	require.NoError(t, err)
	ts := httptest.NewUnstartedServer(sb.Handler())
	ts.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshakes are expected
	ts.StartTLS()
	t.Cleanup(ts.Close)
	caFile = filepath.Join(t.TempDir(), "cantara-test-ca.pem")
	require.NoError(t, os.WriteFile(caFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ts.Certificate().Raw}), 0o600))
	return map[string]string{
		"SCIM_BASE_URL": ts.URL + "/scim/v2/" + tenant.ID, "SCIM_TOKEN": token,
		"CANTARA_ADMIN_URL": ts.URL + "/admin/v1", "CANTARA_ADMIN_TOKEN": sb.AdminToken(),
	}, caFile
}

// TestRunTLSTarget: `scimharness run` against an HTTPS target with a
// self-signed certificate, including @needs-admin scenarios so the admin
// path and the run token go through the same trusted client.
func TestRunTLSTarget(t *testing.T) {
	const warning = "WARNING: TLS certificate verification is OFF"
	noCerts := filepath.Join(t.TempDir(), "no-certs.pem")
	require.NoError(t, os.WriteFile(noCerts, []byte("# nothing here\n"), 0o600))
	const tags = "@contract-removal,@contract-updates"
	selected, err := harness.List(harness.ListOptions{Tags: tags})
	require.NoError(t, err)
	// counted, not written down: the features change, every one must pass
	allPassed := fmt.Sprintf("Result: SUCCESS: %d scenarios: %d passed", len(selected), len(selected))
	tests := []struct {
		name       string
		env        map[string]string // added to the target's variables
		args       func(ca string) []string
		code       int
		wantOut    []string
		wantErrOut []string
	}{
		{"untrusted certificate", nil, func(string) []string { return nil }, 2, nil,
			[]string{"usage: configuration: SCIM_CA_FILE (--ca-file): expected a TLS certificate the harness trusts", "certificate signed by unknown authority"}},
		{"CA file flag", nil, func(ca string) []string { return []string{"--ca-file", ca} }, 0,
			[]string{"trusted CAs: the system roots and ", "run token: generated through the admin API", allPassed}, nil},
		{"CA file variable", map[string]string{"SCIM_CA_FILE": "set below"}, func(string) []string { return nil }, 0,
			[]string{"trusted CAs: the system roots and "}, nil},
		{"insecure flag", nil, func(string) []string { return []string{"--insecure-skip-verify"} }, 0,
			[]string{warning, "target: external https://127.0.0.1:"}, nil},
		{"insecure variable", map[string]string{"SCIM_INSECURE_SKIP_VERIFY": "1"}, func(string) []string { return nil }, 0,
			[]string{warning}, nil},
		{"insecure variable overridden by the flag", map[string]string{"SCIM_INSECURE_SKIP_VERIFY": "1"},
			func(string) []string { return []string{"--insecure-skip-verify=false"} }, 2, nil,
			[]string{"SCIM_CA_FILE (--ca-file): expected a TLS certificate the harness trusts"}},
		{"CA file missing", nil, func(ca string) []string { return []string{"--ca-file", ca + ".missing"} }, 2, nil,
			[]string{"SCIM_CA_FILE (--ca-file): expected a readable PEM file"}},
		{"CA file without certificates", nil, func(string) []string { return []string{"--ca-file", noCerts} }, 2, nil,
			[]string{"SCIM_CA_FILE (--ca-file): expected PEM-encoded certificates"}},
		{"bad timeout", nil, func(string) []string { return []string{"--timeout", "fast"} }, 2, nil,
			[]string{`SCIM_TIMEOUT (--timeout): expected a duration such as 30s or 1m, got "fast"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env, ca := tlsSandbox(t)
			for k, v := range tt.env {
				env[k] = v
			}
			if _, ok := tt.env["SCIM_CA_FILE"]; ok {
				env["SCIM_CA_FILE"] = ca
			}
			out := t.TempDir()
			args := append([]string{"run", "--tags", tags, "--format", "none", "--out", out}, tt.args(ca)...)
			code, stdout, stderr := runCLI(t, env, args...)
			assert.Equal(t, tt.code, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
			for _, w := range tt.wantOut {
				assert.Contains(t, stdout, w)
			}
			for _, w := range tt.wantErrOut {
				assert.Contains(t, stderr, w)
			}
			for _, secret := range []string{env["SCIM_TOKEN"], env["CANTARA_ADMIN_TOKEN"]} {
				assert.NotContains(t, stdout+stderr, secret)
			}
			if tt.code != 0 {
				assert.NotContains(t, stdout, "running ", "a configuration error stops the run before any scenario")
				return
			}
			assert.Contains(t, stdout, "Result: SUCCESS")
			summary, err := os.ReadFile(filepath.Join(out, "summary.txt"))
			require.NoError(t, err)
			if strings.Contains(stdout, warning) {
				assert.Contains(t, string(summary), "target: external https://", "summary.txt")
				assert.Contains(t, string(summary), warning, "summary.txt carries the warning in its header")
			}
		})
	}
}
