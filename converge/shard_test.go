package converge

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scimharness/scimharness/simulator"
)

// TestFourShardsMergeToOneRun: four shards run side by side against one
// tenant, each writing its result file; merged, they count exactly what
// one unsharded run of the same settings counts.
func TestFourShardsMergeToOneRun(t *testing.T) {
	whole := func() *Result {
		ep := openSandbox(t)
		r, err := Run(context.Background(), smallConfig(t, ep, simulator.Entra()))
		require.NoError(t, err)
		return r
	}()

	ep := openSandbox(t)
	dir := t.TempDir()
	var names []string
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range 4 {
		names = append(names, filepath.Join(dir, fmt.Sprintf("shard-%d.json", i)))
		wg.Add(1)
		go func() {
			defer wg.Done()
			cfg := smallConfig(t, ep, simulator.Entra())
			cfg.Shard = Shard{Index: i, Count: 4}
			r, err := Run(context.Background(), cfg)
			if err == nil {
				err = WriteResult(names[i], r)
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	var parts []*Result
	for i, name := range names {
		require.NoError(t, errs[i])
		r, err := ReadResult(name)
		require.NoError(t, err)
		parts = append(parts, r)
	}
	merged, err := Merge(names, parts)
	require.NoError(t, err)

	assert.Equal(t, VerdictPass, merged.Verdict)
	assert.Equal(t, []int{0, 1, 2, 3}, merged.Shards)
	for _, ph := range []struct {
		name        string
		whole, part Phase
	}{{"initial", whole.Initial, merged.Initial}, {"churn", whole.Churn, merged.Churn}} {
		assert.Equal(t, ph.whole.Events, ph.part.Events, ph.name)
		assert.Equal(t, ph.whole.Requests, ph.part.Requests, ph.name)
		for _, k := range Kinds {
			w, p := ph.whole.Ops[k], ph.part.Ops[k]
			if assert.Equal(t, w != nil, p != nil, "%s %s", ph.name, k) && w != nil {
				assert.Equal(t, w.Events, p.Events, "%s %s events", ph.name, k)
				assert.Equal(t, w.Requests, p.Requests, "%s %s requests", ph.name, k)
			}
		}
	}
	assert.Equal(t, whole.Reconcile.Users, merged.Reconcile.Users)
	assert.Equal(t, whole.Reconcile.Groups, merged.Reconcile.Groups)
	assert.Equal(t, whole.Reconcile.Accounts, merged.Reconcile.Accounts)
	assert.Equal(t, whole.Cleanup.Users, merged.Cleanup.Users)
	assert.Equal(t, whole.Cleanup.Groups, merged.Cleanup.Groups)
	assert.Zero(t, merged.Drift.Total)
}

func TestMergeRefusesMismatchedShards(t *testing.T) {
	r := func(i, n int, seed int64) *Result {
		return &Result{Kind: ResultKind, Version: resultVersion, Dialect: "entra", Seed: seed, Slices: 4, Shard: Shard{Index: i, Count: n}}
	}
	tests := []struct {
		name string
		rs   []*Result
		want string
	}{
		{"none", nil, "got none"},
		{"missing shard", []*Result{r(0, 3, 1), r(2, 3, 1)}, "got none for [1]"},
		{"twice", []*Result{r(0, 2, 1), r(0, 2, 1)}, "got shard 0/2 again"},
		{"other seed", []*Result{r(0, 2, 1), r(1, 2, 2)}, "seed 2"},
		{"other count", []*Result{r(0, 2, 1), r(1, 3, 1)}, "expected shard i/2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			names := make([]string, len(tt.rs))
			for i := range names {
				names[i] = fmt.Sprintf("f%d.json", i)
			}
			_, err := Merge(names, tt.rs)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestParseShardAndMix(t *testing.T) {
	s, err := ParseShard("2/4")
	require.NoError(t, err)
	assert.Equal(t, Shard{Index: 2, Count: 4}, s)
	for _, bad := range []string{"4/4", "-1/2", "1", "a/b", "0/0"} {
		_, err := ParseShard(bad)
		assert.Error(t, err, bad)
	}
	m, err := ParseMix("update=50, group-delete=0")
	require.NoError(t, err)
	assert.Equal(t, 50, m[UserUpdate])
	assert.Equal(t, 0, m[GroupDelete])
	assert.Equal(t, DefaultMix()[Remove], m[Remove])
	for _, bad := range []string{"nope=1", "update=-1", "update", "create=0,update=0,deactivate=0,reactivate=0,remove=0,reprovision=0,member-add=0,member-remove=0,group-create=0,group-rename=0,group-delete=0"} {
		_, err := ParseMix(bad)
		assert.Error(t, err, bad)
	}
}
