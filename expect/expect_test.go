package expect

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scimharness/scimharness/reports"
)

var today = time.Date(2026, 12, 3, 15, 0, 0, 0, time.UTC)

func sampleRun() reports.Run {
	return reports.Run{Scenarios: []reports.Scenario{
		{ID: "contract/removal.feature/keeps-the-account", Tags: []string{"@contract-removal"}, Status: reports.Failed, Failure: "expected deactivated, got erased"},
		{ID: "contract/removal.feature/gone-from-scim", Tags: []string{"@contract-removal"}, Status: reports.Passed},
		{ID: "rfc7644/3_12_errors.feature/patch-501", Tags: []string{"@rfc7644-3.12", "@req-RFC7644-3.12-501"}, Status: reports.Passed},
		{ID: "rfc7644/3_5_2_1_patch_add.feature/no-op-add", Tags: []string{"@rfc7644-3.5.2.1"}, Status: reports.Failed, Failure: "expected the same version, got a new one"},
		{ID: "contract/updates.feature/email", Tags: []string{"@contract-updates"}, Status: reports.Failed, Failure: "expected new email, got old"},
	}}
}

func parse(t *testing.T, doc string) []Entry {
	t.Helper()
	entries, err := Parse([]byte(doc), "expect.yaml")
	require.NoError(t, err)
	return entries
}

// TestApplyExpectedUnexpectedFixedExpiredUnmatched covers every verdict an
// entry can get in one run.
func TestApplyExpectedUnexpectedFixedExpiredUnmatched(t *testing.T) {
	entries := parse(t, `
version: 1
expectations:
  - id: contract/removal.feature/keeps-the-account
    reason: Cantara erases removed users until release 4.2
    ticket: CAN-1234
  - requirement: RFC7644-3.12-501
    reason: PATCH used to be unsupported
  - tag: "@rfc7644-3.5.2"
    reason: no-op PATCH bumps the version
    until: 2027-01-31
  - tag: "@contract-updates"
    reason: expired excuse
    until: 2026-11-30
  - id: contract/gone.feature/never-existed
    reason: a scenario that was renamed
`)
	run := sampleRun()
	Apply(&run, "expect.yaml", entries, today, false)

	byID := map[string]reports.Scenario{}
	for _, s := range run.Scenarios {
		byID[s.ID] = s
	}
	// expected: the failure is excused, with the entry's reason and ticket
	exp := byID["contract/removal.feature/keeps-the-account"].Expected
	require.NotNil(t, exp)
	assert.Equal(t, reports.Expected{Reason: "Cantara erases removed users until release 4.2", Ticket: "CAN-1234", Entry: "id contract/removal.feature/keeps-the-account"}, *exp)
	// a section tag covers its subsections
	require.NotNil(t, byID["rfc7644/3_5_2_1_patch_add.feature/no-op-add"].Expected)
	// expired: excuses nothing
	assert.Nil(t, byID["contract/updates.feature/email"].Expected)

	c := run.Counts()
	assert.Equal(t, 3, c.Failed)
	assert.Equal(t, 2, c.Expected)
	assert.Equal(t, 1, c.Unexpected(), "the expired entry's failure is unexpected")
	assert.Equal(t, reports.VerdictFailure, run.Verdict())

	kinds := map[string]string{}
	for _, n := range run.Expectations.Notes {
		kinds[n.Entry] = n.Kind
	}
	assert.Equal(t, map[string]string{
		"requirement RFC7644-3.12-501":           reports.NoteFixed,
		"tag @contract-updates":                  reports.NoteExpired,
		"id contract/gone.feature/never-existed": reports.NoteUnmatched,
	}, kinds)
}

// TestExpectedFailuresDoNotFailTheGateButStrictNotesDo: with the one
// unexpected failure excused too, the run is partial (exit 0); under
// --strict the fixed and unmatched entries fail it.
func TestExpectedFailuresDoNotFailTheGateButStrictNotesDo(t *testing.T) {
	doc := `
expectations:
  - tag: "@contract-removal"
    reason: known
  - tag: "@rfc7644-3.5.2.1"
    reason: known
  - tag: "@contract-updates"
    reason: known
`
	run := sampleRun()
	Apply(&run, "e.yaml", parse(t, doc), today, false)
	assert.Equal(t, reports.VerdictPartial, run.Verdict())
	assert.Empty(t, run.Expectations.Notes, "a tag entry with one failing scenario still holds")

	strict := sampleRun()
	Apply(&strict, "e.yaml", parse(t, doc+`  - id: nothing/here.feature/x
    reason: stale
`), today, true)
	assert.Equal(t, reports.VerdictFailure, strict.Verdict(), "an unmatched entry fails under --strict")

	lax := sampleRun()
	Apply(&lax, "e.yaml", parse(t, doc+`  - id: nothing/here.feature/x
    reason: stale
`), today, false)
	assert.Equal(t, reports.VerdictPartial, lax.Verdict(), "but only reports without it")
}

func TestParseRejectsWithPositions(t *testing.T) {
	tests := []struct{ name, doc, want string }{
		{"unknown field", "expectations:\n  - id: a\n    reasn: typo\n", "expect.yaml:3:5: unknown field \"reasn\""},
		{"bad YAML", "expectations:\n  - id: [a\n", "expect.yaml:2:"},
		{"no selector", "expectations:\n  - reason: x\n", "expectations entry 1: expected exactly one of id, requirement, tag, got 0"},
		{"two selectors", "expectations:\n  - id: a\n    tag: b\n    reason: x\n", "expected exactly one of id, requirement, tag, got 2"},
		{"no reason", "expectations:\n  - id: a\n", "id a: expected a reason"},
		{"bad date", "expectations:\n  - id: a\n    reason: x\n    until: 31/01/2027\n", `expected until as YYYY-MM-DD, got "31/01/2027"`},
		{"empty", "\n", "got an empty file"},
		{"no list", "version: 1\n", `expected a list under "expectations:"`},
		{"future version", "version: 2\nexpectations: []\n", "expected version 1, got 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.doc), "expect.yaml")
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestParseAcceptsJSON(t *testing.T) {
	entries := parse(t, `{"expectations": [{"id": "a.feature/b", "reason": "known", "ticket": "T-1", "until": "2027-01-01"}]}`)
	require.Len(t, entries, 1)
	assert.Equal(t, "T-1", entries[0].Ticket)
	assert.False(t, entries[0].Expired(today))
}

// TestInitWritesAnEntryPerFailure: `expect init` turns a run's failures
// into a file that loads and, applied to the same run, excuses exactly them.
func TestInitWritesAnEntryPerFailure(t *testing.T) {
	run := sampleRun()
	run.Target, run.Seed, run.Started = "embedded sandbox", 7, today
	data, err := Init(reports.NewResultsDoc(run))
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "expect.yaml")
	require.NoError(t, os.WriteFile(path, data, 0o644))
	entries, err := Load(path)
	require.NoError(t, err, string(data))
	require.Len(t, entries, 3)
	assert.Equal(t, "contract/removal.feature/keeps-the-account", entries[0].ID)
	assert.Equal(t, "failed: expected deactivated, got erased", entries[0].Reason)

	again := sampleRun()
	Apply(&again, path, entries, today, true)
	assert.Equal(t, reports.VerdictPartial, again.Verdict())
	assert.Empty(t, again.Expectations.Notes)
}
