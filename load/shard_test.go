package load

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scimharness/scimharness/simulator"
)

// TestFourLoadShardsMergeToOneRun: four shards side by side against one
// tenant plan the same request slots and create the same users as one
// unsharded run, and their files merge into one verdict.
func TestFourLoadShardsMergeToOneRun(t *testing.T) {
	profile, err := simulator.DefaultProfile()
	require.NoError(t, err)
	cfgFor := func(url, token string, s Shard) Config {
		return Config{BaseURL: url, Token: token, Dialect: simulator.Entra(), Profile: profile,
			Rate: 400, Duration: 200 * time.Millisecond, Users: 8, Concurrency: 8, Seed: 9, Shard: s}
	}
	ep := openSandbox(t)
	whole, err := Run(context.Background(), cfgFor(ep.BaseURL, ep.Token, Shard{}))
	require.NoError(t, err)

	ep2 := openSandbox(t)
	dir := t.TempDir()
	names := make([]string, 4)
	files := make([]ResultFile, 4)
	errs := make([]error, 4)
	var wg sync.WaitGroup
	for i := range 4 {
		names[i] = filepath.Join(dir, fmt.Sprintf("load-%d.json", i))
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := Run(context.Background(), cfgFor(ep2.BaseURL, ep2.Token, Shard{Index: i, Count: 4}))
			if err == nil {
				files[i] = r.File()
				err = WriteFile(names[i], files[i])
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
	merged, err := MergeFiles(names, files)
	require.NoError(t, err)
	assert.Equal(t, []int{0, 1, 2, 3}, merged.Shards)
	assert.Equal(t, whole.Pace.Planned, merged.Planned, "the shards plan the unsharded run's slots between them")
	assert.Equal(t, whole.Cleanup.Created, merged.Created)
	assert.Equal(t, whole.Users, merged.Users)
	assert.Equal(t, merged.Created, merged.Removed)
	assert.Zero(t, tenantUsers(t, ep2), "every shard removed its users")

	_, err = MergeFiles(names[:3], files[:3])
	assert.ErrorContains(t, err, "got none for shard 3")
	_, err = MergeFiles([]string{"a", "b"}, []ResultFile{files[0], files[0]})
	assert.ErrorContains(t, err, "again")
}
