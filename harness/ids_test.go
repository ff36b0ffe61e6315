package harness

import (
	"context"
	"regexp"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scimharness/scimharness/reports"
)

// idShape: ids are pasted into expectation files and shell commands.
var idShape = regexp.MustCompile(`^[a-z0-9_]+(/[a-z0-9_.]+)*\.feature/[a-z0-9-]+(/[a-z0-9-]+)?$`)

// TestScenarioIDsAreUniqueAcrossTheSuite: every scenario and outline row of
// the embedded features has its own id, of a shape safe to paste anywhere.
func TestScenarioIDsAreUniqueAcrossTheSuite(t *testing.T) {
	all, err := List(ListOptions{})
	require.NoError(t, err)
	require.NotEmpty(t, all)
	seen := map[string]string{}
	for _, s := range all {
		assert.Regexp(t, idShape, s.ID, "%s:%d", s.URI, s.Line)
		if prev, dup := seen[s.ID]; dup {
			t.Errorf("id %s names both %s and %s:%d", s.ID, prev, s.URI, s.Line)
		}
		seen[s.ID] = s.URI + ":" + strconv.Itoa(s.Line)
	}
}

// TestScenarioIDsAreStableAcrossRunsAndSeeds: two runs with different seeds
// (different users, different server UUIDs) give every scenario the id
// `--list` printed for it.
func TestScenarioIDsAreStableAcrossRunsAndSeeds(t *testing.T) {
	paths := []string{"idp/expectations.feature", "contract/removal.feature", "rfc7644/3_12_errors.feature"}
	listed, err := List(ListOptions{Paths: paths})
	require.NoError(t, err)
	want := ids(listed)
	for _, seed := range []int64{1, 982451653} {
		outcome, err := Run(context.Background(), Config{Paths: paths, Seed: seed, OutDir: t.TempDir(), Formats: []string{FormatNone}})
		require.NoError(t, err)
		assert.Equal(t, want, ids(outcome.Run.Scenarios), "seed %d", seed)
	}
	assert.Contains(t, want, "idp/expectations.feature/idp-a-look-up-that-matches-nobody-gets-an-answer-the-idp-takes-as-no-such-user/okta",
		"an outline row's id is its outline's title and its row")
}

func ids(ss []reports.Scenario) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = s.ID
	}
	return out
}
