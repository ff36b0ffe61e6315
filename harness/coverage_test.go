package harness

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scimharness/scimharness/fixtures"
	"github.com/scimharness/scimharness/steps"
)

// TestCoverageListsEveryRequirement: --coverage names every catalogue
// requirement, each checkable MUST with at least one scenario, and the
// scenarios it names really carry the requirement's tag.
func TestCoverageListsEveryRequirement(t *testing.T) {
	reqs, err := steps.LoadCatalogue(fixtures.FS)
	require.NoError(t, err)
	cov, err := Coverage(ListOptions{})
	require.NoError(t, err)
	require.Len(t, cov, len(reqs))
	var out strings.Builder
	WriteCoverage(&out, cov)
	text := out.String()
	for i, c := range cov {
		assert.Equal(t, reqs[i].ID, c.Requirement.ID)
		assert.Contains(t, text, " "+c.Requirement.ID+" ")
		for _, s := range c.Scenarios {
			assert.True(t, s.HasTag(c.Requirement.Tag()), "%s listed for %s without its tag", s.Name, c.Requirement.ID)
		}
		if c.Requirement.Testable && c.Requirement.Level == "MUST" {
			assert.True(t, c.Checked(), "expected a scenario checking the MUST %s, got none", c.Requirement.ID)
		}
	}
	for _, s := range Summarise(cov) {
		if s.Level == "MUST" {
			assert.Equal(t, s.Testable, s.Checked, "unchecked MUSTs: %v", s.Unchecked)
		}
	}
}

// TestCoverageShowsWhatIsNotChecked: a selection that leaves requirements
// out reports them NOT CHECKED and counts them, so the view can fail.
func TestCoverageShowsWhatIsNotChecked(t *testing.T) {
	cov, err := Coverage(ListOptions{Tags: "@rfc7644-3.6"})
	require.NoError(t, err)
	var out strings.Builder
	WriteCoverage(&out, cov)
	text := out.String()
	assert.Contains(t, text, "RFC7644-3.6-delete-204  checked by")
	assert.Contains(t, text, "RFC7644-3.3-create-201  NOT CHECKED by any selected scenario")
	assert.Contains(t, text, "RFC7644-3.7.1-circular-references  not checkable:")
	var must CoverageSummary
	for _, s := range Summarise(cov) {
		if s.Level == "MUST" {
			must = s
		}
	}
	assert.Less(t, must.Checked, must.Testable)
	assert.Contains(t, must.Unchecked, "RFC7644-3.3-create-201")
	assert.NotContains(t, must.Unchecked, "RFC7644-3.6-delete-204")
	assert.Contains(t, text, "not checked: ")
}

// TestCoverageRejectsUnknownRequirementTags: a @req- tag that names no
// catalogue entry is an error naming the file and line, not a silent count.
func TestCoverageRejectsUnknownRequirementTags(t *testing.T) {
	fsys := fstest.MapFS{"rfc7644/x.feature": {Data: []byte(`Feature: X
  @req-RFC7644-3.99-made-up
  Scenario: made up
    Given x
`)}}
	_, err := Coverage(ListOptions{FeatureFS: fsys})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "rfc7644/x.feature:3")
	assert.Contains(t, err.Error(), "@req-RFC7644-3.99-made-up")
}
