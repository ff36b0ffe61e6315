package steps_test

import (
	"bytes"
	"io/fs"
	"path"
	"sort"
	"strings"
	"testing"

	gherkin "github.com/cucumber/gherkin/go/v42"
	messages "github.com/cucumber/messages/go/v34"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scimharness/scimharness/features"
	"github.com/scimharness/scimharness/simulator"
)

// rowConditions are the steps that keep an outline to the dialects whose
// data says they behave that way; every other outline has a row for every
// dialect. The steps themselves fail a row of the wrong dialect; this test
// catches the opposite, a dialect whose row is missing.
var rowConditions = map[string]func(simulator.Dialect) bool{
	"the IdP removes users by deleting them":               func(d simulator.Dialect) bool { return d.Remove == simulator.RemoveDelete },
	"the IdP removes users by deactivating them":           func(d simulator.Dialect) bool { return d.Remove == simulator.RemoveDeactivate },
	"the IdP re-sends adds for members already in a group": func(d simulator.Dialect) bool { return d.ResendsMemberAdds },
}

// TestIdPOutlinesCoverEveryDialect reads features/idp: every scenario is an
// outline with one Examples block per dialect, tagged @idp-<name> and
// holding only that dialect's rows, so `--tags @idp-okta` selects exactly
// Okta's rows and no dialect is forgotten.
func TestIdPOutlinesCoverEveryDialect(t *testing.T) {
	files, err := fs.Glob(features.FS, "idp/*.feature")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	outlines := 0
	for _, file := range files {
		data, err := fs.ReadFile(features.FS, file)
		require.NoError(t, err)
		doc, err := gherkin.ParseGherkinDocument(bytes.NewReader(data), (&messages.Incrementing{}).NewId)
		require.NoError(t, err, file)
		for _, child := range doc.Feature.Children {
			sc := child.Scenario
			if sc == nil {
				continue
			}
			where := path.Base(file) + ": " + sc.Name
			if !assert.NotEmpty(t, sc.Examples, "%s: expected a Scenario Outline with a row per dialect, got a plain scenario", where) {
				continue
			}
			outlines++
			got := examplesDialects(t, where, sc.Examples)
			assert.Equal(t, expectedDialects(sc.Steps), got, "%s: dialects with a row", where)
		}
	}
	assert.Equal(t, 18, outlines, "outlines in features/idp")
}

// examplesDialects checks each Examples block (one @idp- tag, rows of that
// dialect only) and returns the dialects, sorted.
func examplesDialects(t *testing.T, where string, blocks []*messages.Examples) []string {
	t.Helper()
	var out []string
	for _, ex := range blocks {
		var tags []string
		for _, tag := range ex.Tags {
			if name, ok := strings.CutPrefix(tag.Name, "@idp-"); ok {
				tags = append(tags, name)
			}
		}
		if !assert.Len(t, tags, 1, "%s: Examples %q: expected one @idp-<dialect> tag", where, ex.Name) {
			continue
		}
		name := tags[0]
		_, err := simulator.DialectByName(name)
		assert.NoError(t, err, where)
		assert.NotContains(t, out, name, "%s: two Examples blocks for %s", where, name)
		out = append(out, name)
		col := -1
		for i, c := range ex.TableHeader.Cells {
			if c.Value == "idp" {
				col = i
			}
		}
		if !assert.GreaterOrEqual(t, col, 0, "%s: Examples %q: expected an idp column", where, ex.Name) {
			continue
		}
		assert.NotEmpty(t, ex.TableBody, where)
		for _, row := range ex.TableBody {
			assert.Equal(t, name, row.Cells[col].Value, "%s: a row in %s's Examples", where, name)
		}
	}
	sort.Strings(out)
	return out
}

func expectedDialects(stepsOf []*messages.Step) []string {
	var out []string
	for _, d := range simulator.Dialects() {
		ok := true
		for _, st := range stepsOf {
			if cond := rowConditions[st.Text]; cond != nil {
				ok = ok && cond(d)
			}
		}
		if ok {
			out = append(out, d.Name)
		}
	}
	sort.Strings(out)
	return out
}
