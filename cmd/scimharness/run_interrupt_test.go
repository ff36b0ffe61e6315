package main

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestRunInterruptedSaysWhatHappensNext: a Ctrl-C tells the user that the
// scenarios in flight finish and clean up, and that a second one stops at
// once; the run still exits 2, interrupted.
func TestRunInterruptedSaysWhatHappensNext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // Ctrl-C before the first scenario
	var out, errOut strings.Builder
	code := dispatch(ctx, []string{"run", "--format", "none", "--out", t.TempDir(), "--tags", "@contract-groups"}, &out, &errOut, envMap(nil))
	assert.Equal(t, exitUsage, code, "stdout:\n%s\nstderr:\n%s", out.String(), errOut.String())
	assert.Contains(t, errOut.String(), interruptNotice)
	assert.Equal(t, 1, strings.Count(errOut.String(), interruptNotice))
}
