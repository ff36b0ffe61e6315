package harness

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/cucumber/godog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scimharness/scimharness/reports"
)

const collectorFeature = `@contract-demo
Feature: Demo promises

  Scenario: passes
    Given a step that passes

  Scenario: fails
    Given a step that passes
    When a step that fails with "secret-xyz"
    Then a step that passes

  @needs-nothing
  Scenario: skipped by a hook
    Given a step that passes

  Scenario: has an undefined step
    Given a step nobody wrote

  Scenario Outline: outline <n>
    Given a step that passes

    Examples:
      | n |
      | 1 |
      | 2 |
`

// TestCollectorRecordsGodogOutcomes runs a toy suite through the collector
// the way Run does and checks every outcome, line and message.
func TestCollectorRecordsGodogOutcomes(t *testing.T) {
	col := newCollector(func(s string) string { return strings.ReplaceAll(s, "secret-xyz", "[masked]") })
	name := col.register()
	defer unregister(name)
	skipped := map[string]string{}

	suite := godog.TestSuite{
		Name: name,
		ScenarioInitializer: func(sc *godog.ScenarioContext) {
			sc.Before(func(ctx context.Context, s *godog.Scenario) (context.Context, error) {
				for _, tag := range s.Tags {
					if tag.Name == "@needs-nothing" {
						skipped[s.Id] = "needs nothing, which the target lacks"
						return ctx, godog.ErrSkip
					}
				}
				return ctx, nil
			})
			sc.Step(`^a step that passes$`, func() error { return nil })
			sc.Step(`^a step that fails with "([^"]*)"$`, func(s string) error {
				return errors.New("expected 1, got " + s + "\n\ntranscript")
			})
		},
		Options: &godog.Options{
			Format: collectorFormat, Output: &strings.Builder{}, Strict: true,
			FS: fstest.MapFS{"demo.feature": {Data: []byte(collectorFeature)}}, Paths: []string{"."},
		},
	}
	assert.Equal(t, 1, suite.Run())

	got := col.results(skipped)
	type row struct {
		name   string
		line   int
		status reports.Status
		first  string
		skip   string
	}
	var rows []row
	for _, s := range got {
		assert.Equal(t, "Demo promises", s.Feature)
		assert.Equal(t, "@contract-demo", s.Promise())
		rows = append(rows, row{s.Name, s.Line, s.Status, s.FailureLine(), s.SkipReason})
	}
	assert.Equal(t, []row{
		{"passes", 4, reports.Passed, "", ""},
		{"fails", 7, reports.Failed, "expected 1, got [masked]", ""},
		{"skipped by a hook", 13, reports.Skipped, "", "needs nothing, which the target lacks"},
		{"has an undefined step", 16, reports.Undefined, `expected a step definition for "a step nobody wrote", got none (undefined step)`, ""},
		{"outline 1", 24, reports.Passed, "", ""},
		{"outline 2", 25, reports.Passed, "", ""},
	}, rows)
	require.Equal(t, "a step that fails with \"[masked]\"", got[1].FailedStep)
}

func TestCollectorFormatWithoutRunIsHarmless(t *testing.T) {
	suite := godog.TestSuite{
		Name:                "not-registered",
		ScenarioInitializer: func(sc *godog.ScenarioContext) { sc.Step(`^a step that passes$`, func() error { return nil }) },
		Options: &godog.Options{Format: collectorFormat, Output: &strings.Builder{}, Strict: true,
			FS: fstest.MapFS{"demo.feature": {Data: []byte("Feature: x\n  Scenario: y\n    Given a step that passes\n")}}, Paths: []string{"."}},
	}
	assert.Equal(t, 0, suite.Run())
}
