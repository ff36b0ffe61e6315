package engine

import (
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPathCacheAnswersAsTheParser: a cached path resolves as a fresh parse
// does, from many goroutines at once; a bad path is refused every time and
// never stored; the cache stops growing at its bound.
func TestPathCacheAnswersAsTheParser(t *testing.T) {
	var c pathCache
	const path = `emails[type eq "work" and primary eq true].value`
	first, ok := c.parse(path)
	require.True(t, ok)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			again, ok := c.parse(path)
			assert.True(t, ok)
			assert.Equal(t, first, again)
		}()
	}
	wg.Wait()

	for range 2 {
		_, ok := c.parse(`emails[type eq "work"`)
		assert.False(t, ok, "an unclosed filter is not a path")
	}
	assert.EqualValues(t, 1, c.n.Load(), "only the good path is kept")

	for i := range pathCacheMax + 10 {
		_, ok := c.parse(fmt.Sprintf("x%d.y", i))
		require.True(t, ok)
	}
	assert.EqualValues(t, pathCacheMax, c.n.Load())
}
