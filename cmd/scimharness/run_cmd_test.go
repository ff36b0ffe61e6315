package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// profileFiles writes a good profile (the embedded one without locale) and
// a bad one (a typo in an attribute name) into a temp directory.
func profileFiles(t *testing.T) (good, bad string) {
	t.Helper()
	code, out, _ := runCLI(t, nil, "profile")
	require.Equal(t, 0, code)
	var doc map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &doc), "`scimharness profile` prints a file a customer can start from")
	var attrs []any
	for _, a := range doc["attributes"].([]any) {
		if a.(map[string]any)["scim"] != "locale" {
			attrs = append(attrs, a)
		}
	}
	doc["attributes"] = attrs
	data, err := json.Marshal(doc)
	require.NoError(t, err)
	dir := t.TempDir()
	good, bad = filepath.Join(dir, "good.json"), filepath.Join(dir, "bad.json")
	require.NoError(t, os.WriteFile(good, data, 0o600))
	require.NoError(t, os.WriteFile(bad, []byte(`{"attributes":[{"scim":"userName","account":"userName"},{"scim":"lcale"}]}`), 0o600))
	return good, bad
}

func TestProfileCommands(t *testing.T) {
	good, bad := profileFiles(t)
	run := func(extra ...string) []string {
		return append([]string{"run", "--tags", "@contract-required-attributes", "--format", "none", "--out", t.TempDir()}, extra...)
	}
	tests := []struct {
		name       string
		env        map[string]string
		args       []string
		code       int
		wantOut    string
		wantErrOut string
	}{
		{"print the embedded profile", nil, []string{"profile"}, 0, `"scim": "userName"`, ""},
		{"help profile", nil, []string{"help", "profile"}, 0, "scimharness profile > my-profile.json", ""},
		{"check a good profile", nil, []string{"profile", "--check", good}, 0, good + ": 8 attributes, 7 required", ""},
		{"check a bad profile", nil, []string{"profile", "--check", bad}, 2, "", `profile attribute 2 ("lcale", line 1, column 57)`},
		{"profile with an argument", nil, []string{"profile", good}, 2, "", "expected no arguments"},
		{"run with a good profile", nil, run("--profile", good), 0, "attribute profile: " + good + ": 8 attributes, 7 required", ""},
		{"run with a bad profile", nil, run("--profile", bad), 2, "", "SCIM_PROFILE (--profile): " + bad + `: profile attribute 2 ("lcale"`},
		{"run with a missing profile", nil, run("--profile", bad+".missing"), 2, "", bad + ".missing"},
		{"bad profile from env", map[string]string{"SCIM_PROFILE": bad}, run(), 2, "", bad + ": profile attribute 2"},
		{"good profile from env", map[string]string{"SCIM_PROFILE": good}, run(), 0, "attribute profile: " + good, ""},
		{"flag overrides a bad env", map[string]string{"SCIM_PROFILE": bad}, run("--profile", good), 0, "attribute profile: " + good, ""},
		{"flag overrides a good env", map[string]string{"SCIM_PROFILE": good}, run("--profile", bad), 2, "", bad},
		{"no profile: embedded default", nil, run(), 0, "attribute profile: embedded default (contract section 4): 9 attributes, 8 required", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, tt.env, tt.args...)
			assert.Equal(t, tt.code, code, "stdout:\n%s\nstderr:\n%s", out, errOut)
			assert.Contains(t, out, tt.wantOut)
			assert.Contains(t, errOut, tt.wantErrOut)
		})
	}
}

func TestParseRunProfile(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"neither", nil, nil, ""},
		{"env", map[string]string{"SCIM_PROFILE": "env.json"}, nil, "env.json"},
		{"flag", nil, []string{"--profile", "flag.json"}, "flag.json"},
		{"flag over env", map[string]string{"SCIM_PROFILE": "env.json"}, []string{"--profile", "flag.json"}, "flag.json"},
		{"empty flag over env means embedded", map[string]string{"SCIM_PROFILE": "env.json"}, []string{"--profile="}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := parseRun(tt.args, os.Stderr, envMap(tt.env))
			require.NoError(t, err)
			assert.Equal(t, tt.want, o.cfg.Profile)
		})
	}
}
