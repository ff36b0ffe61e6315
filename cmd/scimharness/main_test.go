package main

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const testSecret = "cnt_pt_FromTheEnvironmentNeverPrinted0123456789"

// envMap is a lookupEnv over fixed values, so tests never read or write the
// process environment.
func envMap(m map[string]string) lookupEnv {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func runCLI(t *testing.T, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut strings.Builder
	code = dispatch(context.Background(), args, &out, &errOut, envMap(env))
	return code, out.String(), errOut.String()
}

func TestDispatchExitCodes(t *testing.T) {
	tests := []struct {
		name       string
		env        map[string]string
		args       []string
		code       int
		wantOut    string
		wantErrOut string
	}{
		{"no command", nil, nil, 2, "", "usage:"},
		{"unknown command", nil, []string{"lint"}, 2, "", `got "lint"`},
		{"version", nil, []string{"version"}, 0, "scimharness ", ""},
		{"help", nil, []string{"help"}, 0, "exit status of run", ""},
		{"help run", nil, []string{"help", "run"}, 0, "-base-url", ""},
		{"run help", nil, []string{"run", "-h"}, 0, "", "SCIM_BASE_URL"},
		{"run help names the profile argument a string", nil, []string{"help", "run"}, 0, "-profile string", ""},
		{"run help names the faults argument a string", nil, []string{"help", "run"}, 0, "-faults string", ""},
		{"unknown flag", nil, []string{"run", "--colour"}, 2, "", "flag provided but not defined"},
		{"unknown fault", nil, []string{"run", "--faults", "make-it-slow"}, 2, "", "unknown fault"},
		{"bad base URL from env", map[string]string{"SCIM_BASE_URL": "cantara.example", "SCIM_TOKEN": testSecret}, []string{"run"}, 2, "", "SCIM_BASE_URL (--base-url)"},
		{"token pasted into the base URL is masked", map[string]string{"SCIM_BASE_URL": "cantara.example/scim/v2/acme?token=" + testSecret, "SCIM_TOKEN": testSecret}, []string{"run"}, 2, "", "SCIM_BASE_URL (--base-url)"},
		{"token missing", map[string]string{"SCIM_BASE_URL": "https://cantara.example/scim/v2/acme"}, []string{"run"}, 2, "", "SCIM_TOKEN (--token)"},
		{"bad tags", nil, []string{"run", "--tags", "@a &&"}, 2, "", "--tags"},
		{"bad format", nil, []string{"run", "--format", "pdf"}, 2, "", "--format"},
		{"list with bad tags", nil, []string{"run", "--list", "--tags", "not @a"}, 2, "", "--tags"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, tt.env, tt.args...)
			assert.Equal(t, tt.code, code, "stdout:\n%s\nstderr:\n%s", out, errOut)
			assert.Contains(t, out, tt.wantOut)
			assert.Contains(t, errOut, tt.wantErrOut)
			assert.NotContains(t, out+errOut, testSecret)
		})
	}
}

func TestParseRunFlagsOverrideEnv(t *testing.T) {
	env := envMap(map[string]string{
		"SCIM_BASE_URL": "https://env.example/scim/v2/a", "SCIM_TOKEN": "env-token",
		"CANTARA_ADMIN_URL": "https://env.example/admin/v1", "CANTARA_ADMIN_TOKEN": "env-admin",
		"SCIM_EXPIRED_TOKEN": "env-expired", "SCIM_REVOKED_TOKEN": "env-revoked",
	})
	o, err := parseRun([]string{"--token", "flag-token", "--revoked-token", "", "--seed", "9", "--tags", "@contract-groups",
		"--format", "pretty,junit", "--idp", "okta", "--out", "x/y", "contract/groups.feature"}, &strings.Builder{}, env)
	require.NoError(t, err)
	tg := o.cfg.Target
	assert.Equal(t, "https://env.example/scim/v2/a", tg.BaseURL)
	assert.Equal(t, "flag-token", tg.Token, "a flag wins over its variable")
	assert.Equal(t, "https://env.example/admin/v1", tg.AdminURL)
	assert.Equal(t, "env-admin", tg.AdminToken)
	assert.Equal(t, "env-expired", tg.ExpiredToken)
	assert.Equal(t, "", tg.RevokedToken, "an explicitly empty flag wins too")
	assert.Equal(t, int64(9), o.cfg.Seed)
	assert.Equal(t, "@contract-groups", o.cfg.Tags)
	assert.Equal(t, []string{"pretty", "junit"}, o.cfg.Formats)
	assert.Equal(t, "okta", o.cfg.IdP)
	assert.Equal(t, "x/y", o.cfg.OutDir)
	assert.Equal(t, []string{"contract/groups.feature"}, o.cfg.Paths)
}

// TestParseRunFlagsAfterPaths: flags may follow the feature paths, and
// "--" ends the flags.
func TestParseRunFlagsAfterPaths(t *testing.T) {
	o, err := parseRun([]string{"contract/", "--seed", "7", "idp", "--out", "x", "--", "--odd.feature"}, &strings.Builder{}, envMap(nil))
	require.NoError(t, err)
	assert.Equal(t, int64(7), o.cfg.Seed)
	assert.Equal(t, "x", o.cfg.OutDir)
	assert.Equal(t, []string{"contract/", "idp", "--odd.feature"}, o.cfg.Paths)

	_, err = parseRun([]string{"contract/", "--no-such-flag"}, &strings.Builder{}, envMap(nil))
	assert.Error(t, err, "an unknown flag after a path is still an error")
}

func TestRunHelpNeverShowsEnvironmentSecrets(t *testing.T) {
	code, out, errOut := runCLI(t, map[string]string{"SCIM_TOKEN": testSecret, "CANTARA_ADMIN_TOKEN": testSecret}, "run", "-h")
	assert.Equal(t, 0, code)
	assert.NotContains(t, out+errOut, testSecret)
}

func TestListPrintsScenariosWithTags(t *testing.T) {
	code, out, errOut := runCLI(t, nil, "run", "--list", "--tags", "@contract-token-expiry")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "@contract-token-expiry")
	assert.Contains(t, out, ".feature)")
	assert.NotContains(t, out, "@contract-groups")
	assert.Regexp(t, `\n[1-9][0-9]* scenarios\n$`, out)
}

func TestCoveragePrintsRequirementsWithScenarios(t *testing.T) {
	code, out, errOut := runCLI(t, nil, "run", "--coverage")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "RFC 7644 §3.12")
	assert.Regexp(t, `RFC7644-3\.6-delete-204  checked by [1-9]`, out)
	assert.Contains(t, out, "rfc7644/3_6_delete.feature:")
	assert.Regexp(t, `\nMUST +[0-9]+ requirements, [0-9]+ checkable, [0-9]+ checked\n`, out)

	code, out, errOut = runCLI(t, nil, "run", "--coverage", "--tags", "@rfc7644-3.6")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "RFC7644-3.3-create-201  NOT CHECKED by any selected scenario")
}

// TestRunExitStatus is the contract's exit status end to end: a clean
// sandbox passes (0), the same scenarios against a fault fail (1).
func TestRunExitStatus(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
	}{
		{"clean sandbox", nil, 0},
		{"fault switched on", []string{"--faults", "not-found-on-empty-filter"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"run", "--tags", "@contract-filter-miss", "--format", "none", "--seed", "5", "--out", t.TempDir()}, tt.args...)
			code, out, errOut := runCLI(t, nil, args...)
			assert.Equal(t, tt.code, code, "stdout:\n%s\nstderr:\n%s", out, errOut)
			assert.Contains(t, out, "seed: 5 — replay with --seed 5")
			if tt.code == 1 {
				assert.Contains(t, out, "@contract-filter-miss")
			}
		})
	}
}
