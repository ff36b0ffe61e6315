package reports

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func doc(scenarios ...ResultScenario) ResultsDoc {
	return ResultsDoc{Schema: ResultsSchema, SchemaVersion: ResultsSchemaVersion, Scenarios: scenarios}
}

func sc(id string, st Status) ResultScenario {
	s := ResultScenario{ID: id, Name: id, Status: st}
	if st.IsFailure() || st == Errored {
		s.Failure = &Failure{Message: "expected 204, got 500"}
	}
	return s
}

// TestDiffResultsEachCategory: one scenario per kind of change, and the
// ones that do not change (or change in ways that are no news) stay out.
func TestDiffResultsEachCategory(t *testing.T) {
	expected := sc("f/expected-now", Failed)
	expected.Expected = &Expected{Reason: "known", Entry: "id f/expected-now"}
	old := doc(
		sc("f/newly-failing", Passed), sc("f/newly-errored", Passed), sc("f/fixed", Failed),
		sc("f/newly-skipped", Passed), sc("f/removed", Passed), sc("f/same-pass", Passed),
		sc("f/same-fail", Failed), sc("f/expected-now", Passed), sc("f/undefined-now", Skipped),
	)
	new := doc(
		sc("f/newly-failing", Failed), sc("f/newly-errored", Errored), sc("f/fixed", Passed),
		sc("f/newly-skipped", Skipped), sc("f/added", Passed), sc("f/same-pass", Passed),
		sc("f/same-fail", Failed), expected, sc("f/undefined-now", Undefined),
	)
	d := DiffResults(old, new)
	ids := func(cs []Change) []string {
		var out []string
		for _, c := range cs {
			out = append(out, c.ID)
		}
		return out
	}
	assert.Equal(t, []string{"f/newly-failing", "f/undefined-now"}, ids(d.NewlyFailing))
	assert.Equal(t, []string{"f/newly-errored"}, ids(d.NewlyErrored))
	assert.Equal(t, []string{"f/fixed"}, ids(d.Fixed))
	assert.Equal(t, []string{"f/newly-skipped"}, ids(d.NewlySkipped))
	assert.Equal(t, []string{"f/added"}, ids(d.Added))
	assert.Equal(t, []string{"f/removed"}, ids(d.Removed))
	assert.True(t, d.Regressed)
	assert.Equal(t, 8, d.Compared)
	assert.Equal(t, Change{ID: "f/newly-failing", Name: "f/newly-failing", Old: Passed, New: Failed, Message: "expected 204, got 500"}, d.NewlyFailing[0])

	var table bytes.Buffer
	require.NoError(t, WriteDiff(&table, d))
	assert.Contains(t, table.String(), "Newly failing (2):\n  passed         → failed         f/newly-failing\n")
	assert.Contains(t, table.String(), "REGRESSED: 2 newly failing, 1 newly errored (1 fixed, 1 newly skipped, 1 added, 1 removed).")

	var js bytes.Buffer
	require.NoError(t, WriteDiffJSON(&js, d))
	var back Diff
	require.NoError(t, json.Unmarshal(js.Bytes(), &back))
	assert.Equal(t, d, back)
}

func TestDiffWithoutRegression(t *testing.T) {
	d := DiffResults(doc(sc("a", Failed), sc("b", Passed)), doc(sc("a", Passed), sc("b", Passed)))
	assert.False(t, d.Regressed)
	assert.False(t, d.Empty())
	var table bytes.Buffer
	require.NoError(t, WriteDiff(&table, d))
	assert.Contains(t, table.String(), "No regression: 1 fixed")

	same := DiffResults(doc(sc("a", Passed)), doc(sc("a", Passed)))
	assert.True(t, same.Empty())
	table.Reset()
	require.NoError(t, WriteDiff(&table, same))
	assert.Equal(t, "No change: 1 scenarios, each with the same outcome.\n", table.String())
}
