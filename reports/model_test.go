package reports

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCountsAndVerdict(t *testing.T) {
	base := sampleRun()
	tests := []struct {
		name    string
		run     Run
		counts  Counts
		verdict Verdict
	}{
		{"mixed outcomes fail", base, Counts{Total: 4, Passed: 1, Failed: 2, Skipped: 1}, VerdictFailure},
		{"passed and skipped is partial", Run{Scenarios: []Scenario{{Status: Passed}, {Status: Skipped}}}, Counts{Total: 2, Passed: 1, Skipped: 1}, VerdictPartial},
		{"all passed is success", Run{Scenarios: []Scenario{{Status: Passed}}}, Counts{Total: 1, Passed: 1}, VerdictSuccess},
		{"pending counts as failed", Run{Scenarios: []Scenario{{Status: Pending}}}, Counts{Total: 1, Failed: 1}, VerdictFailure},
		{"nothing ran", Run{}, Counts{}, VerdictEmpty},
		{"errored without failures is an error, not a failure", erroredRun(), Counts{Total: 3, Passed: 1, Errored: 1, NotApplicable: 1}, VerdictError},
		{"not applicable does not make a run partial", Run{Scenarios: []Scenario{{Status: Passed}, {Status: NotApplicable}}}, Counts{Total: 2, Passed: 1, NotApplicable: 1}, VerdictSuccess},
		{"an expected failure is partial", Run{Scenarios: []Scenario{{Status: Passed}, {Status: Failed, Expected: &Expected{Reason: "known"}}}}, Counts{Total: 2, Passed: 1, Failed: 1, Expected: 1}, VerdictPartial},
		{"an unexpected failure beside errors fails", Run{Scenarios: []Scenario{{Status: Failed}, {Status: Errored}}}, Counts{Total: 2, Failed: 1, Errored: 1}, VerdictFailure},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.counts, tt.run.Counts())
			assert.Equal(t, tt.verdict, tt.run.Verdict())
		})
	}
}

func TestFeaturesTallyPerFile(t *testing.T) {
	got := sampleRun().Features()
	assert.Equal(t, []FeatureSummary{
		{Name: "Provisioning tokens", URI: "token_expiry.feature", Counts: Counts{Total: 2, Failed: 1, Skipped: 1}},
		{Name: "IdP updates", URI: "updates.feature", Counts: Counts{Total: 2, Passed: 1, Failed: 1}},
	}, got)
}

func TestScenarioPromiseAndFailureLine(t *testing.T) {
	tests := []struct {
		name     string
		scenario Scenario
		promise  string
		reqs     []string
		line     string
	}{
		{"contract tag after gating tag", Scenario{Tags: []string{"@needs-admin", "@contract-groups"}, Failure: "\n  expected 2 members, got 0\n\nGET /x"},
			"@contract-groups", []string{"@contract-groups"}, "expected 2 members, got 0"},
		{"rfc and idp tags", Scenario{Tags: []string{"@rfc7644-3.5.2", "@must", "@idp-entra"}},
			"@rfc7644-3.5.2", []string{"@rfc7644-3.5.2", "@idp-entra"}, ""},
		{"requirement id after promise", Scenario{Tags: []string{"@req-RFC7644-3.3-location", "@rfc7644-3.3"}},
			"@rfc7644-3.3", []string{"@req-RFC7644-3.3-location", "@rfc7644-3.3"}, ""},
		{"requirement id alone", Scenario{Tags: []string{"@must", "@req-RFC7644-3.1-scim-media-type"}},
			"@req-RFC7644-3.1-scim-media-type", []string{"@req-RFC7644-3.1-scim-media-type"}, ""},
		{"no requirement", Scenario{Tags: []string{"@sandbox-only"}}, "", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.promise, tt.scenario.Promise())
			assert.Equal(t, tt.reqs, tt.scenario.Requirements())
			assert.Equal(t, tt.line, tt.scenario.FailureLine())
		})
	}
}

func TestScenarioLevel(t *testing.T) {
	for tags, want := range map[string]string{
		"@rfc7644-3.5.2 @must":   "MUST",
		"@should @rfc7644-3.12":  "SHOULD",
		"@rfc7644-4 @may":        "MAY",
		"@contract-removal":      "",
		"@mustard @rfc7644-3.12": "",
	} {
		assert.Equal(t, want, Scenario{Tags: strings.Fields(tags)}.Level(), tags)
	}
}

func TestHasTagAcceptsBothSpellings(t *testing.T) {
	s := Scenario{Tags: []string{"@contract-removal"}}
	assert.True(t, s.HasTag("contract-removal"))
	assert.True(t, s.HasTag("@contract-removal"))
	assert.False(t, s.HasTag("@contract-remov"))
}

func TestScenarioIDAndSlug(t *testing.T) {
	assert.Equal(t, "contract/removal.feature/cantara-keeps-the-removed-users-account-deactivated",
		ScenarioID("contract/removal.feature", "Cantara keeps the removed user's account, deactivated", nil))
	assert.Equal(t, "idp/users.feature/idp-a-change-of-the-users-attribute-arrives/okta-name-givenname",
		ScenarioID("/idp/users.feature", "<idp>: a change of the user’s <attribute> arrives", []string{"okta", "name.givenName"}))
	assert.Equal(t, "rfc7643/2_1.feature/fran-ais", ScenarioID("rfc7643/2_1.feature", "Français", nil), "ASCII only, the same on every machine")
	long := Slug(strings.Repeat("abcdefghij ", 20))
	assert.LessOrEqual(t, len(long), 80)
	assert.False(t, strings.HasSuffix(long, "-"))
	seen := IDs{}
	assert.Equal(t, []string{"a", "a-2", "b", "a-3"}, []string{seen.Unique("a"), seen.Unique("a"), seen.Unique("b"), seen.Unique("a")})
}
