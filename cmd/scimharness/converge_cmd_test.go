package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scimharness/scimharness/converge"
)

func TestParseConvergeFlags(t *testing.T) {
	o, err := parseConverge([]string{"--users", "10", "--groups", "2", "--duration", "1m", "--rate", "5", "--mix", "update=1", "--shard", "1/4", "--idp", "okta"},
		&strings.Builder{}, envMap(map[string]string{"SCIM_BASE_URL": "https://env.example/scim/v2/a", "CANTARA_ADMIN_URL": "https://env.example/admin/v1"}))
	require.NoError(t, err)
	assert.Equal(t, 10, o.cfg.Users)
	assert.Zero(t, o.cfg.Events, "--duration replaces the default --events")
	assert.Equal(t, time.Minute, o.cfg.Duration)
	assert.Equal(t, converge.Shard{Index: 1, Count: 4}, o.cfg.Shard)
	assert.Equal(t, "converge-result-1-of-4.json", o.out)
	assert.Equal(t, 1, o.cfg.Mix[converge.UserUpdate])
	assert.Equal(t, "okta", o.cfg.Dialect.Name)
	assert.Equal(t, "https://env.example/admin/v1", o.target.AdminURL)
	assert.Equal(t, 2, o.cfg.Groups)
}

// TestConvergeDefaultGroups: without --groups a directory has 50 groups,
// or one per 100 users when that is more; --groups 0 means none.
func TestConvergeDefaultGroups(t *testing.T) {
	for _, tt := range []struct {
		args   []string
		groups int
	}{
		{nil, 50},
		{[]string{"--users", "4000"}, 50},
		{[]string{"--users", "100000"}, 1000},
		{[]string{"--users", "100000", "--groups", "50"}, 50},
		{[]string{"--users", "100000", "--groups", "0"}, 0},
	} {
		o, err := parseConverge(tt.args, &strings.Builder{}, envMap(nil))
		require.NoError(t, err, "%v", tt.args)
		assert.Equal(t, tt.groups, o.cfg.Groups, "%v", tt.args)
	}
}

func TestConvergeUsageErrors(t *testing.T) {
	tests := []struct {
		args    []string
		wantErr string
	}{
		{[]string{"--users", "0"}, "--users: expected at least 1, got 0"},
		{[]string{"--events", "5", "--duration", "1s"}, "--events, --duration: expected one of them"},
		{[]string{"--shard", "4/4"}, "--shard: expected i/n"},
		{[]string{"--shard", "0/32"}, "--shard: expected at most 16 shards"},
		{[]string{"--mix", "lunch=3"}, "--mix: expected kind=weight"},
		{[]string{"--faults", "nope"}, `--faults: unknown fault "nope"`},
		{[]string{"--idp", "nope"}, "--idp"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var stdout, stderr strings.Builder
			code := dispatch(context.Background(), append([]string{"converge"}, tt.args...), &stdout, &stderr, envMap(nil))
			assert.Equal(t, exitUsage, code)
			assert.Contains(t, stderr.String(), tt.wantErr)
		})
	}
}

// TestConvergeAndMergeCommands: two shards against the embedded sandbox
// (each its own, so each passes alone), their files merged; a fault that
// loses writes makes converge exit 1.
func TestConvergeAndMergeCommands(t *testing.T) {
	dir := t.TempDir()
	var files []string
	for _, shard := range []string{"0/2", "1/2"} {
		out := filepath.Join(dir, strings.ReplaceAll(shard, "/", "-")+".json")
		files = append(files, out)
		var stdout, stderr strings.Builder
		code := dispatch(context.Background(), []string{"converge", "--users", "16", "--groups", "4", "--events", "60", "--seed", "3",
			"--settle", "0", "--shard", shard, "--out", out}, &stdout, &stderr, envMap(nil))
		require.Equal(t, 0, code, stdout.String()+stderr.String())
		assert.Contains(t, stdout.String(), "verdict: pass")
		assert.FileExists(t, out)
	}
	var stdout, stderr strings.Builder
	merged := filepath.Join(dir, "merged.json")
	code := dispatch(context.Background(), append([]string{"merge", "--out", merged}, files...), &stdout, &stderr, envMap(nil))
	require.Equal(t, 0, code, stdout.String()+stderr.String())
	assert.Contains(t, stdout.String(), "merged 2 shards")
	r, err := converge.ReadResult(merged)
	require.NoError(t, err)
	assert.Equal(t, 60, r.Churn.Events)

	code = dispatch(context.Background(), []string{"merge", files[0]}, &stdout, &stderr, envMap(nil))
	assert.Equal(t, exitUsage, code, "one shard of two is not a run")
	bad := filepath.Join(dir, "bad.json")
	require.NoError(t, os.WriteFile(bad, []byte("{\n  \"kind\": \"converge\",\n  oops\n}"), 0o644))
	stderr.Reset()
	code = dispatch(context.Background(), []string{"merge", bad}, &stdout, &stderr, envMap(nil))
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr.String(), "bad.json")

	stdout.Reset()
	code = dispatch(context.Background(), []string{"converge", "--users", "60", "--groups", "8", "--events", "400", "--seed", "7", "--slices", "4",
		"--settle", "0", "--faults", "lost-reactivation", "--out", filepath.Join(dir, "fault.json")}, &stdout, &stderr, envMap(nil))
	assert.Equal(t, 1, code, stdout.String())
	assert.Contains(t, stdout.String(), "account status")
	assert.Contains(t, stdout.String(), "verdict: drift")
}
