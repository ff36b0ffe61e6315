package steps_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	gherkin "github.com/cucumber/gherkin/go/v42"
	messages "github.com/cucumber/messages/go/v34"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scimharness/scimharness/features"
	"github.com/scimharness/scimharness/fixtures"
	"github.com/scimharness/scimharness/steps"
)

// rfcScenario is one compiled scenario (an outline row counts once per row)
// of the RFC features with its tags, feature and outline tags included.
type rfcScenario struct {
	uri, name string
	tags      []string
}

// rfcScenarios compiles every feature under the given roots of fsys.
func rfcScenarios(t *testing.T, fsys fs.FS, roots ...string) []rfcScenario {
	t.Helper()
	var out []rfcScenario
	for _, root := range roots {
		err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || path.Ext(p) != ".feature" {
				return err
			}
			data, err := fs.ReadFile(fsys, p)
			if err != nil {
				return err
			}
			ids := &messages.Incrementing{}
			doc, err := gherkin.ParseGherkinDocument(bytes.NewReader(data), ids.NewId)
			if err != nil {
				return fmt.Errorf("%s: %w", p, err)
			}
			for _, pk := range gherkin.Pickles(*doc, p, ids.NewId) {
				sc := rfcScenario{uri: p, name: pk.Name}
				for _, tg := range pk.Tags {
					sc.tags = append(sc.tags, tg.Name)
				}
				out = append(out, sc)
			}
			return nil
		})
		require.NoError(t, err)
	}
	return out
}

// coverageProblems checks scenarios against the catalogue: tags name known
// requirements and sections, the section and level tags agree with the
// requirements named, and every testable MUST has a scenario.
func coverageProblems(reqs []steps.Requirement, scenarios []rfcScenario) (problems []string, covered map[string]int) {
	byID := map[string]steps.Requirement{}
	sections := map[string]bool{}
	for _, r := range reqs {
		byID[r.ID] = r
		sections[r.SectionTag()] = true
	}
	covered = map[string]int{}
	for _, sc := range scenarios {
		where := sc.uri + ": " + sc.name
		var named []steps.Requirement
		var sectionTags, levelTags []string
		for _, tag := range sc.tags {
			switch {
			case strings.HasPrefix(tag, "@req-"):
				r, ok := byID[strings.TrimPrefix(tag, "@req-")]
				if !ok {
					problems = append(problems, fmt.Sprintf("%s: expected %s in the catalogue, got no such requirement", where, tag))
					continue
				}
				named = append(named, r)
				covered[r.ID]++
			case strings.HasPrefix(tag, "@rfc7643-") || strings.HasPrefix(tag, "@rfc7644-"):
				sectionTags = append(sectionTags, tag)
				if !sections[tag] {
					problems = append(problems, fmt.Sprintf("%s: expected %s to be a section of the catalogue, got an unknown section", where, tag))
				}
			case tag == "@must" || tag == "@should" || tag == "@may":
				levelTags = append(levelTags, tag)
			}
		}
		if len(named) == 0 {
			problems = append(problems, fmt.Sprintf("%s: expected at least one @req- tag, got none", where))
			continue
		}
		if len(sectionTags) == 0 {
			problems = append(problems, fmt.Sprintf("%s: expected an @rfc7643-/@rfc7644- section tag, got none", where))
		}
		for _, st := range sectionTags {
			if !slices.ContainsFunc(named, func(r steps.Requirement) bool { return r.SectionTag() == st }) {
				problems = append(problems, fmt.Sprintf("%s: expected section tag %s to match a requirement the scenario names, got none of that section", where, st))
			}
		}
		if len(levelTags) != 1 {
			problems = append(problems, fmt.Sprintf("%s: expected exactly one of @must/@should/@may, got %v", where, levelTags))
		} else if !slices.ContainsFunc(named, func(r steps.Requirement) bool { return r.LevelTag() == levelTags[0] }) {
			problems = append(problems, fmt.Sprintf("%s: expected level tag %s to be the level of a requirement it names, got none at that level", where, levelTags[0]))
		}
	}
	for _, r := range reqs {
		if r.Level == "MUST" && r.Testable && covered[r.ID] == 0 {
			problems = append(problems, fmt.Sprintf("%s: expected a scenario for this testable MUST, got none (add one, or mark it untestable with the reason)", r.ID))
		}
	}
	return problems, covered
}

// TestRFCCatalogueCoverage: every @req-/@rfc tag in the RFC features exists
// in the catalogue, and every testable MUST has at least one scenario.
func TestRFCCatalogueCoverage(t *testing.T) {
	reqs, err := steps.LoadCatalogue(fixtures.FS)
	require.NoError(t, err)
	scenarios := rfcScenarios(t, features.FS, "rfc7644", "rfc7643")
	require.NotEmpty(t, scenarios)
	problems, covered := coverageProblems(reqs, scenarios)
	for _, p := range problems {
		t.Error(p)
	}

	// No feature outside the RFC folders may name a requirement either
	// without it existing.
	all := rfcScenarios(t, features.FS, ".")
	for _, sc := range all {
		for _, tag := range sc.tags {
			if strings.HasPrefix(tag, "@req-") && !slices.ContainsFunc(reqs, func(r steps.Requirement) bool { return r.Tag() == tag }) {
				t.Errorf("%s: %s: expected %s in the catalogue, got no such requirement", sc.uri, sc.name, tag)
			}
		}
	}

	musts, testable := 0, 0
	for _, r := range reqs {
		if r.Level == "MUST" {
			musts++
			if r.Testable && covered[r.ID] > 0 {
				testable++
			}
		}
	}
	t.Logf("catalogue: %d requirements, %d MUST; %d scenarios; testable MUSTs with a scenario: %d", len(reqs), musts, len(scenarios), testable)
}

// TestCoverageProblems proves the coverage check can fail: each broken
// input must produce the problem named.
func TestCoverageProblems(t *testing.T) {
	reqs := []steps.Requirement{
		{ID: "RFC7644-3.6-delete-204", Level: "MUST", Section: "3.6", RFC: "7644", Text: "x", Testable: true},
		{ID: "RFC7644-3.6-omit", Level: "MUST", Section: "3.6", RFC: "7644", Text: "x", Testable: true},
		{ID: "RFC7644-3.11-me", Level: "MAY", Section: "3.11", RFC: "7644", Text: "x", UntestableReason: "y"},
	}
	ok := rfcScenario{uri: "f", name: "ok", tags: []string{"@rfc7644-3.6", "@req-RFC7644-3.6-delete-204", "@req-RFC7644-3.6-omit", "@must"}}
	tests := []struct {
		name      string
		scenarios []rfcScenario
		want      string // substring of one problem; "" = no problems
	}{
		{"all covered", []rfcScenario{ok}, ""},
		{"unknown requirement", []rfcScenario{ok, {uri: "f", name: "s", tags: []string{"@rfc7644-3.6", "@req-RFC7644-3.6-nope", "@must"}}}, "@req-RFC7644-3.6-nope in the catalogue"},
		{"unknown section", []rfcScenario{ok, {uri: "f", name: "s", tags: []string{"@rfc7644-9.9", "@req-RFC7644-3.6-omit", "@must"}}}, "@rfc7644-9.9 to be a section"},
		{"section of no named requirement", []rfcScenario{ok, {uri: "f", name: "s", tags: []string{"@rfc7644-3.11", "@req-RFC7644-3.6-omit", "@must"}}}, "section tag @rfc7644-3.11"},
		{"no requirement tag", []rfcScenario{ok, {uri: "f", name: "s", tags: []string{"@rfc7644-3.6", "@must"}}}, "at least one @req- tag"},
		{"no level tag", []rfcScenario{ok, {uri: "f", name: "s", tags: []string{"@rfc7644-3.6", "@req-RFC7644-3.6-omit"}}}, "exactly one of @must"},
		{"wrong level", []rfcScenario{ok, {uri: "f", name: "s", tags: []string{"@rfc7644-3.6", "@req-RFC7644-3.6-omit", "@should"}}}, "level tag @should"},
		{"testable MUST uncovered", []rfcScenario{{uri: "f", name: "s", tags: []string{"@rfc7644-3.6", "@req-RFC7644-3.6-delete-204", "@must"}}}, "RFC7644-3.6-omit: expected a scenario"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			problems, _ := coverageProblems(reqs, tt.scenarios)
			if tt.want == "" {
				assert.Empty(t, problems)
				return
			}
			assert.True(t, slices.ContainsFunc(problems, func(p string) bool { return strings.Contains(p, tt.want) }),
				"expected a problem containing %q, got %v", tt.want, problems)
		})
	}
}

// TestLoadCatalogueRejects: a malformed catalogue is refused with the reason.
func TestLoadCatalogueRejects(t *testing.T) {
	tests := []struct{ name, json, want string }{
		{"bad level", `[{"id":"RFC7644-3.6-x","level":"MUSTN'T","section":"3.6","rfc":"7644","text":"t","testable":true}]`, "expected level"},
		{"id not matching section", `[{"id":"RFC7644-3.7-x","level":"MUST","section":"3.6","rfc":"7644","text":"t","testable":true}]`, "expected the id to start with RFC7644-3.6-"},
		{"untestable without reason", `[{"id":"RFC7644-3.6-x","level":"MUST","section":"3.6","rfc":"7644","text":"t","testable":false}]`, "untestable_reason"},
		{"duplicate id", `[{"id":"RFC7644-3.6-x","level":"MUST","section":"3.6","rfc":"7644","text":"t","testable":true},{"id":"RFC7644-3.6-x","level":"MUST","section":"3.6","rfc":"7644","text":"t","testable":true}]`, "twice"},
		{"unknown rfc", `[{"id":"RFC2616-3.6-x","level":"MUST","section":"3.6","rfc":"2616","text":"t","testable":true}]`, "expected rfc"},
		{"not json", `{`, "JSON array"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := steps.LoadCatalogue(fstest.MapFS{steps.CataloguePath: {Data: []byte(tt.json)}})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}
