package harness

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// proofRuns and proofConcurrency: the full suite, several times, at twice
// the default concurrency. Before scenarios were classified, 8 of 27 runs at
// concurrency 4 failed on the shared clock; `make soak` repeats this as
// long as one likes.
const (
	proofRuns        = 3
	proofConcurrency = 2 * DefaultConcurrency
)

// TestParallelRunsHaveNoFalseFailures runs every feature against a fresh
// embedded sandbox proofRuns times at proofConcurrency, each with its own
// seed: not one scenario may fail.
func TestParallelRunsHaveNoFalseFailures(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the full suite several times")
	}
	for i := range proofRuns {
		seed := int64(20261203 + i)
		var console strings.Builder
		outcome, err := Run(context.Background(), Config{
			OutDir: t.TempDir(), Seed: seed, Stdout: &console, Concurrency: proofConcurrency,
			Formats: []string{FormatNone},
		})
		require.NoError(t, err, console.String())
		c := outcome.Run.Counts()
		assert.Zero(t, c.Failed, "run %d (seed %d) at concurrency %d:\n%s", i+1, seed, proofConcurrency, failures(outcome))
		assert.Equal(t, ExitPassed, outcome.ExitCode)
		t.Logf("run %d (seed %d): %d scenarios, %d passed, %d skipped in %s", i+1, seed, c.Total, c.Passed, c.Skipped, outcome.Run.Duration.Round(time.Millisecond))
	}
}
