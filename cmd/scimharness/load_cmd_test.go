package main

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scimharness/scimharness/load"
)

func TestParseLoadDefaultsAndEnv(t *testing.T) {
	o, err := parseLoad(nil, &strings.Builder{}, envMap(map[string]string{
		"SCIM_BASE_URL": "https://env.example/scim/v2/a", "SCIM_TOKEN": testSecret, "SCIM_TIMEOUT": "45s",
	}))
	require.NoError(t, err)
	assert.Equal(t, load.EntraRate, o.cfg.Rate)
	assert.Equal(t, 20*time.Second, o.cfg.Duration)
	assert.Equal(t, 100, o.cfg.Users)
	assert.Zero(t, o.cfg.Concurrency)
	assert.Equal(t, "entra", o.dialect.Name)
	assert.Equal(t, "https://env.example/scim/v2/a", o.target.BaseURL)
	assert.Equal(t, testSecret, o.target.Token)
	assert.Equal(t, 45*time.Second, o.transport.Timeout)

	o, err = parseLoad([]string{"--rate", "40", "--duration", "1m", "--users", "7", "--idp", "okta", "--concurrency", "3", "--token", "flag-token"},
		&strings.Builder{}, envMap(map[string]string{"SCIM_TOKEN": testSecret}))
	require.NoError(t, err)
	assert.Equal(t, 40.0, o.cfg.Rate)
	assert.Equal(t, time.Minute, o.cfg.Duration)
	assert.Equal(t, 7, o.cfg.Users)
	assert.Equal(t, 3, o.cfg.Concurrency)
	assert.Equal(t, "okta", o.dialect.Name)
	assert.Equal(t, "flag-token", o.target.Token, "a flag wins over its variable")
}

func TestLoadUsageErrors(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		args    []string
		wantErr string
	}{
		{"zero rate", nil, []string{"--rate", "0"}, "--rate: expected requests per second greater than 0, got 0"},
		{"no users", nil, []string{"--users", "0"}, "--users: expected at least 1, got 0"},
		{"negative concurrency", nil, []string{"--concurrency", "-2"}, "--concurrency"},
		{"bad duration", nil, []string{"--duration", "soon"}, "invalid value"},
		{"unknown dialect", nil, []string{"--idp", "azure"}, "--idp"},
		{"stray argument", nil, []string{"users.feature"}, "expected no arguments"},
		{"bad timeout variable", map[string]string{"SCIM_TIMEOUT": "-1s"}, nil, "SCIM_TIMEOUT (--timeout)"},
		{"token without base URL", map[string]string{"SCIM_TOKEN": testSecret}, []string{"--duration", "1s"}, "SCIM_TOKEN (--token)"},
		{"bad base URL", map[string]string{"SCIM_BASE_URL": "cantara.example", "SCIM_TOKEN": testSecret}, nil, "SCIM_BASE_URL (--base-url)"},
		{"base URL without token", map[string]string{"SCIM_BASE_URL": "https://cantara.example/scim/v2/acme"}, nil, "SCIM_TOKEN (--token)"},
		{"unreadable CA file", map[string]string{"SCIM_BASE_URL": "https://cantara.example/scim/v2/acme", "SCIM_TOKEN": testSecret}, []string{"--ca-file", "/nonexistent/ca.pem"}, "SCIM_CA_FILE (--ca-file)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, tt.env, append([]string{"load"}, tt.args...)...)
			assert.Equal(t, exitUsage, code, "stdout:\n%s\nstderr:\n%s", out, errOut)
			assert.Contains(t, errOut, tt.wantErr)
			assert.NotContains(t, out+errOut, testSecret)
		})
	}
}

func TestLoadHelp(t *testing.T) {
	code, _, errOut := runCLI(t, nil, "load", "-h")
	assert.Equal(t, 0, code)
	for _, want := range []string{"-rate", "-duration", "-users", "-idp", "-concurrency", "SCIM_BASE_URL", "exit status"} {
		assert.Contains(t, errOut, want)
	}
	_, out, _ := runCLI(t, nil, "help")
	assert.Contains(t, out, "scimharness load")
}

// TestLoadAgainstEmbeddedSandbox runs the command for a fraction of a
// second: the output must hold every figure and a verdict that matches the
// exit status. Whether it passes depends on the machine; not asserted.
func TestLoadAgainstEmbeddedSandbox(t *testing.T) {
	code, out, errOut := runCLI(t, nil, "load", "--duration", "400ms", "--rate", "50", "--users", "5", "--idp", "entra-compliant")
	require.Contains(t, []int{0, 1}, code, "stderr:\n%s", errOut)
	for _, want := range []string{
		"target: embedded sandbox http://127.0.0.1:",
		"test connection: GET ",
		"requests sent: ",
		"operation", "look-up GET", "create POST",
		"status codes: ",
		"errors: 0 of ",
		"cleanup: removed 5 of 5 users",
	} {
		assert.Contains(t, out, want)
	}
	m := regexp.MustCompile(`(?m)^verdict: (PASS|FAIL) `).FindStringSubmatch(out)
	require.NotNil(t, m, out)
	assert.Equal(t, m[1] == "PASS", code == 0, "exit status follows the verdict:\n%s", out)
	assert.NotRegexp(t, `cnt_(pt|adm)_`, out+errOut, "no token in the output")
}
