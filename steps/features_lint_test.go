package steps_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strings"
	"testing"

	gherkin "github.com/cucumber/gherkin/go/v42"
	messages "github.com/cucumber/messages/go/v34"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scimharness/scimharness/features"
)

// negativeStep matches a Then step that asserts absence in the last
// response: it passes on an error page or an empty body unless an earlier
// step of the same Then block established what the response is.
var negativeStep = regexp.MustCompile(`^(the response JSON "(?:[^"\\]|\\.)*" (?:does not exist|is unassigned)` +
	`|the Resources do not include .*` +
	`|no user of this scenario is in the Resources` +
	`|no resource in Resources has .*` +
	`|the response body does not contain .*)$`)

// anchorStep matches a Then step that establishes the positive shape a
// negative check reasons about: a status, an error document, a list with
// known members or a count, or a value that is there.
var anchorStep = regexp.MustCompile(`^(the response status is .*` +
	`|the response is a SCIM error .*` +
	`|the response is a success, .*` +
	`|the response is 403, or a list .*` +
	`|the target either refused the request .*` +
	`|the Resources (?:are|include) .*` +
	`|the number of Resources is .*` +
	`|every resource in Resources has .*` +
	`|the response JSON "(?:[^"\\]|\\.)*" (?:equals .*|exists|is (?:-?\d|true|false|null).*))$`)

// selfAnchored are negative steps that make their own request and check
// its shape before the absence (their implementations say how), so no
// earlier step has to.
var selfAnchored = map[string]string{
	`Cantara's account for "…" does not list the group "…"`:                       "accountListsGroup requires the account's groups list",
	`Cantara no longer shows the group "…"`:                                       "admin.Client.Groups requires the groups list",
	`Cantara's account for "…" has no SCIM id`:                                    "reads the account through the admin adapter (404 fails)",
	`the SCIM endpoint no longer finds "…" by id`:                                 "requires a 404",
	`a look-up of "…" by user name finds nobody`:                                  "expectEmptyList requires the ListResponse shape",
	`the answer is an empty list`:                                                 "expectEmptyList requires the ListResponse shape",
	`the refusal is the same as for a token that was never issued`:                "compares two 401 answers",
	`no two tokens are the same`:                                                  "compares the tokens this scenario generated",
	`the IdP's look-up of "…" got an answer it takes as "…"`:                      "checkLookupMiss requires a status the dialect accepts, then the list shape",
	`the IdP takes the answer as "…"`:                                             "checkLookupMiss requires a status the dialect accepts, then the list shape",
	`the response body is empty`:                                                  "an assertion of emptiness itself (after a 204)",
	`Cantara's account for "…" shows no phone`:                                    "reads the account through the admin adapter, then compares the phone with \"\"",
	`the SCIM endpoint returns no work phone for "…"`:                             "readUser requires a 200 resource (anchorResource)",
	`no attribute in /Schemas has a sub-attribute with sub-attributes of its own`: "rfcNoNestedComplex requires a ListResponse of schemas with attributes",
}

// negativeWords spots an outcome step that reads as an absence, so a new
// negative step cannot slip past the lint by being missing from both lists.
var negativeWords = regexp.MustCompile(`(?i)\b(not|no|never|unassigned|gone|without|nobody|nothing|none|empty|longer)\b`)

var quotedArg = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// lintAnchors returns, per pickle, the negative steps not anchored: no
// anchor step since the last Given/When step (the last request).
func lintAnchors(uri string, data []byte) ([]string, error) {
	ids := &messages.Incrementing{}
	doc, err := gherkin.ParseGherkinDocument(bytes.NewReader(data), ids.NewId)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", uri, err)
	}
	lines := stepLines(doc)
	var problems []string
	seen := map[string]bool{}
	for _, pk := range gherkin.Pickles(*doc, uri, ids.NewId) {
		anchored := false
		for _, st := range pk.Steps {
			line := lines[st.AstNodeIds[0]]
			where := fmt.Sprintf("%s:%d: %q", path.Base(uri), line, st.Text)
			if st.Type != messages.PickleStepType_OUTCOME {
				anchored = false // a Given/When may have sent a new request
				continue
			}
			shape := quotedArg.ReplaceAllString(st.Text, `"…"`)
			switch {
			case anchorStep.MatchString(st.Text):
				anchored = true
			case negativeStep.MatchString(st.Text):
				if !anchored && !seen[where] {
					seen[where] = true
					problems = append(problems, where+": a negative check with no status or shape check before it since the last request")
				}
			case selfAnchored[shape] != "":
			case negativeWords.MatchString(shape) && !seen[where]:
				seen[where] = true
				problems = append(problems, where+": reads as a negative check but is neither in negativeStep nor in selfAnchored")
			}
		}
	}
	return problems, nil
}

// stepLines maps each step's AST id to its line in the file.
func stepLines(doc *messages.GherkinDocument) map[string]int64 {
	out := map[string]int64{}
	add := func(steps []*messages.Step) {
		for _, s := range steps {
			out[s.Id] = s.Location.Line
		}
	}
	var walk func(children []*messages.FeatureChild, rules []*messages.RuleChild)
	walk = func(children []*messages.FeatureChild, rules []*messages.RuleChild) {
		for _, c := range children {
			switch {
			case c.Background != nil:
				add(c.Background.Steps)
			case c.Scenario != nil:
				add(c.Scenario.Steps)
			case c.Rule != nil:
				walk(nil, c.Rule.Children)
			}
		}
		for _, c := range rules {
			switch {
			case c.Background != nil:
				add(c.Background.Steps)
			case c.Scenario != nil:
				add(c.Scenario.Steps)
			}
		}
	}
	walk(doc.Feature.Children, nil)
	return out
}

// TestNegativeStepsAreAnchored is the feature lint: every step asserting
// absence in the last response ("does not exist", "is unassigned",
// "Resources do not include ...") follows, in the same Then block, a status
// or shape check, so it cannot pass on an error page; and every other
// outcome step that reads as a negative is one whose implementation
// anchors itself.
func TestNegativeStepsAreAnchored(t *testing.T) {
	files, err := fs.Glob(features.FS, "*/*.feature")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, file := range files {
		data, err := fs.ReadFile(features.FS, file)
		require.NoError(t, err)
		problems, err := lintAnchors(file, data)
		require.NoError(t, err)
		assert.Empty(t, problems, "%s:\n%s", file, strings.Join(problems, "\n"))
	}
}

// TestAnchorLintCatchesUnanchoredSteps proves the lint can fail: the
// unanchored shapes of the places it was written for are reported, their
// anchored versions are not.
func TestAnchorLintCatchesUnanchoredSteps(t *testing.T) {
	const feature = `Feature: f
  Scenario: unanchored read
    When the client sends GET "/Users/x"
    Then the response JSON "password" does not exist

  Scenario: anchor from before the last request does not count
    When the client sends PATCH "/Users/x"
    Then the response status is 200
    When the client sends GET "/Users/x"
    Then the response JSON "displayName" is unassigned

  Scenario: unanchored list
    When the client sends GET "/Users?filter=id eq \"x\""
    Then the Resources do not include the user "alice"
    And no user of this scenario is in the Resources

  Scenario: a new negative step nobody listed
    Then the account is gone

  Scenario: anchored
    When the client sends GET "/Users/x"
    Then the response status is 200
    And the response JSON "password" does not exist
    When the client sends GET "/Users?filter=id eq \"x\""
    Then the response status is 200
    And the Resources do not include the user "alice"
`
	problems, err := lintAnchors("lint.feature", []byte(feature))
	require.NoError(t, err)
	text := strings.Join(problems, "\n")
	assert.Len(t, problems, 5, text)
	for _, line := range []string{"lint.feature:4:", "lint.feature:10:", "lint.feature:14:", "lint.feature:15:", "lint.feature:18:"} {
		assert.Contains(t, text, line)
	}
	assert.NotContains(t, text, "lint.feature:23:")
	assert.NotContains(t, text, "lint.feature:26:")
}
