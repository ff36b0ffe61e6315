package reports

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// notReadyMapping is a mapping check with a finding of each blame and a
// dry run where one attribute is the mapping's fault and one Cantara's.
func notReadyMapping() *MappingCheck {
	return &MappingCheck{
		File: "entra-schema.json", Format: "entra", Rows: 9, Dialect: "entra", Target: "embedded sandbox http://127.0.0.1:1/scim/v2/t",
		Verdict: "not-ready", Summary: "NOT READY: 1 finding(s) in your mapping block go-live; 1 more are Cantara's fault, not your mapping's",
		ExitCode:           1,
		FindingsBySeverity: MappingSeverityCounts{Error: 3},
		FindingsByBlame:    MappingBlameCounts{Mapping: 1, Cantara: 1, Harness: 1},
		Findings: []MappingFinding{
			{Code: "arrives-without", Severity: "error", Blame: BlameMapping, Target: "locale", Where: "row 6 (preferredLanguage → locale)", Line: 40,
				Message: "3 of your 6 sample users would arrive without `locale`", Why: "Cantara sets the account's language from locale.", Fix: "Add a defaultValue to the row."},
			{Code: "cantara-lost", Severity: "error", Blame: BlameCantara, Target: "name.givenName",
				Message: "Cantara lost `name.givenName` for 6 of your 6 sample users", Why: "Keeping it is Cantara's part.", Fix: "Report this to Cantara support."},
			{Code: "errored", Severity: "error", Blame: BlameHarness,
				Message: "1 of your 6 sample users could not be checked", Why: "A transport error is no verdict.", Fix: "Check the target's URL, token and network."},
		},
		DryRun: &MappingDryRun{Users: 6, UsersFrom: "users.csv", AdminChecked: true, Removed: 6, Attributes: []MappingAttribute{
			{Attribute: "userName", Users: 6, Sent: 6, Stored: 6, Shown: 6, OK: 6, Verdicts: []MappingVerdict{}},
			{Attribute: "name.givenName", Users: 6, Sent: 6, Stored: 0, Shown: 0, Verdicts: []MappingVerdict{{Verdict: "not-stored", Count: 6, Blame: BlameCantara}}},
			{Attribute: "locale", Users: 6, Sent: 3, Stored: 3, Shown: 3, OK: 3, Verdicts: []MappingVerdict{{Verdict: "empty", Count: 3, Blame: BlameMapping}}},
		}},
		Files: []string{"mapping.json", "mapping.txt"},
		Text:  "mapping check: entra-schema.json — Entra ID synchronization schema, 9 rows\n\nNOT READY: 1 finding(s) in your mapping block go-live\n",
	}
}

func withMapping(mc *MappingCheck) Run {
	r := erasedRun()
	r.Mapping = mc
	return r
}

func TestResultsJSONCarriesTheMappingCheck(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, WriteResultsJSON(&buf, withMapping(notReadyMapping())))
	doc, err := ReadResultsJSON(buf.Bytes(), ResultsFile)
	require.NoError(t, err)
	require.NotNil(t, doc.Mapping)
	want := notReadyMapping()
	want.Text = "" // summary.txt's, not results.json's
	assert.Equal(t, want, doc.Mapping)
	assert.Equal(t, 1, doc.SchemaVersion, "an optional field: no new version")

	var raw struct {
		Mapping map[string]any `json:"mapping"`
	}
	require.NoError(t, json.Unmarshal(buf.Bytes(), &raw))
	for _, key := range []string{"file", "format", "dialect", "verdict", "findings_by_severity", "findings_by_blame", "findings", "dry_run"} {
		assert.Contains(t, raw.Mapping, key)
	}
	assert.NotContains(t, raw.Mapping, "Text")
	assert.Equal(t, map[string]any{"error": 3.0, "warning": 0.0}, raw.Mapping["findings_by_severity"])
	attrs := raw.Mapping["dry_run"].(map[string]any)["attributes"].([]any)
	assert.Equal(t, map[string]any{"attribute": "locale", "users": 6.0, "sent": 3.0, "stored": 3.0, "shown": 3.0, "ok": 3.0,
		"verdicts": []any{map[string]any{"verdict": "empty", "count": 3.0, "blame": "mapping"}}}, attrs[2])

	// a run without the check has no mapping key, and reads back without one
	buf.Reset()
	require.NoError(t, WriteResultsJSON(&buf, erasedRun()))
	assert.NotContains(t, buf.String(), `"mapping"`)
	doc, err = ReadResultsJSON(buf.Bytes(), ResultsFile)
	require.NoError(t, err)
	assert.Nil(t, doc.Mapping)
}

func TestSummaryShowsTheMappingCheck(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, WriteSummary(&buf, withMapping(notReadyMapping())))
	s := buf.String()
	assert.Contains(t, s, "\n== Mapping check: entra-schema.json (mapping.json, mapping.txt) ==\nmapping check: entra-schema.json — Entra ID synchronization schema, 9 rows\n\nNOT READY")
	assert.True(t, strings.HasSuffix(s, "\nYour IdP mapping (entra-schema.json): NOT READY: 1 finding(s) in your mapping block go-live; 1 more are Cantara's fault, not your mapping's\n"),
		"the last line is the mapping's verdict, after the scenarios': %q", s[max(0, len(s)-300):])
	assert.Less(t, strings.Index(s, "== Mapping check"), strings.Index(s, "\nResult: FAILURE"))

	notRun := &MappingCheck{File: "m.json", Verdict: "errored", ExitCode: 2, NotRun: "bad input: users.csv:1:1: expected a header row",
		Summary: "NOT CHECKED: the mapping check could not run: bad input: users.csv:1:1: expected a header row"}
	buf.Reset()
	require.NoError(t, WriteSummary(&buf, withMapping(notRun)))
	assert.Contains(t, buf.String(), "== Mapping check: m.json ==\nThe mapping check could not run: bad input: users.csv:1:1: expected a header row\n")

	buf.Reset()
	require.NoError(t, WriteSummary(&buf, erasedRun()))
	assert.NotContains(t, buf.String(), "apping")
}

func TestHTMLShowsTheMappingNearTheTop(t *testing.T) {
	page := renderHTML(t, withMapping(notReadyMapping()))
	section := page[strings.Index(page, `<section id="mapping"`):]
	section = section[:strings.Index(section, "</section>")]

	assert.Less(t, strings.Index(page, `id="mapping"`), strings.Index(page, `id="filters"`), "before the scenarios and their filters")
	assert.Contains(t, page, `<a href="#mapping">Your IdP mapping</a>`)
	assert.Contains(t, page, "<title>scimharness: failure, mapping not-ready — ", "the tab names both verdicts")
	// the verdict at the top says the scenarios' outcome is not the whole story
	headline := page[strings.Index(page, `id="verdict"`):strings.Index(page, `<section id="mapping"`)]
	assert.Contains(t, headline, `<div class="banner mv-not-ready" id="mapping-headline">Your IdP mapping: NOT READY: 1 finding(s) in your mapping block go-live`)
	assert.Contains(t, section, `<div class="banner mv-not-ready" role="status" id="mapping-verdict" data-verdict="not-ready">NOT READY: 1 finding(s) in your mapping block go-live; 1 more are Cantara&#39;s fault, not your mapping&#39;s</div>`)

	// findings grouped by whose fault, in the order a customer acts on them, each with why and fix
	mine := strings.Index(section, `<div class="mgroup blame-mapping">`)
	cantara := strings.Index(section, `<div class="mgroup blame-cantara">`)
	harness := strings.Index(section, `<div class="mgroup blame-harness">`)
	assert.True(t, mine >= 0 && mine < cantara && cantara < harness, "mapping %d, Cantara %d, no verdict %d", mine, cantara, harness)
	assert.Contains(t, section, "<h3>Your mapping: fix these in your IdP <span class=\"count\">(1)</span></h3>")
	assert.Contains(t, section, "<h3>Cantara&#39;s fault: nothing to change in your mapping <span class=\"count\">(1)</span></h3>")
	assert.Contains(t, section, "<h3>No verdict: transport or harness trouble <span class=\"count\">(1)</span></h3>")
	assert.Contains(t, section, `<span class="badge sev-error">error</span> <code>arrives-without</code> <span class="where">row 6 (preferredLanguage → locale)</span>`)
	assert.Contains(t, section, "<p><strong>Why:</strong> Cantara sets the account&#39;s language from locale.</p>\n<p><strong>Fix:</strong> Add a defaultValue to the row.</p>")

	// the dry run: attribute → sent → stored → shown, with whose fault
	assert.Contains(t, section, `<tr class="blame-mapping"><th scope="row"><code>locale</code></th><td>3/6</td><td>3/6</td><td>3/6</td><td>3 ok, 3 empty (your mapping)</td></tr>`)
	assert.Contains(t, section, `<tr class="blame-cantara"><th scope="row"><code>name.givenName</code></th><td>6/6</td><td>0/6</td><td>0/6</td><td>6 not-stored (Cantara&#39;s fault)</td></tr>`)
	assert.Contains(t, section, `<tr class="ok"><th scope="row"><code>userName</code></th><td>6/6</td><td>6/6</td><td>6/6</td><td>ok</td></tr>`)
	assert.Contains(t, section, "read back through SCIM and the admin API")
	assert.Contains(t, section, "The whole check is in <code>mapping.json</code> and <code>mapping.txt</code> next to this file")
	assert.Contains(t, section, `<p class="fmsg">3 of your 6 sample users would arrive without <code>locale</code></p>`, "a quoted name shows as code")

	// nothing of the section without the check
	plain := renderHTML(t, erasedRun())
	assert.NotContains(t, plain, `id="mapping"`)
	assert.NotContains(t, plain, "Your IdP mapping")
}

func TestHTMLMappingReadyNotRunAndEscaped(t *testing.T) {
	ready := &MappingCheck{File: "okta.json", Format: "okta", Verdict: MappingReady, Summary: "READY: every required attribute reaches every sample user's Cantara account",
		Findings: []MappingFinding{}, DryRun: &MappingDryRun{Users: 2, UsersFrom: "generated (seed 5)", Attributes: []MappingAttribute{}}}
	page := renderHTML(t, withMapping(ready))
	assert.Contains(t, page, `data-verdict="ready">READY: every required attribute`)
	assert.Contains(t, page, "No findings: nothing in the mapping stands in the way.")
	assert.Contains(t, page, "through SCIM only: without the admin API, what the Cantara account shows was not read")

	notRun := &MappingCheck{File: "m.json", Verdict: "errored", ExitCode: 2, NotRun: "usage: SCIM_BASE_URL: expected https", Summary: "NOT CHECKED: the mapping check could not run"}
	page = renderHTML(t, withMapping(notRun))
	assert.Contains(t, page, `<p class="failure"><strong>The mapping check could not run:</strong> usage: SCIM_BASE_URL: expected https</p>`)
	assert.NotContains(t, page, "No findings", "a check that did not run found nothing and proved nothing")

	// what the customer's file and users hold is data, never markup
	hostile := notReadyMapping()
	hostile.Findings[0].Message = "user `<script>alert(1)</script>` arrives without locale"
	hostile.Findings[1].Fix = "an odd ` backtick <b>"
	hostile.DryRun.Attributes[0].Attribute = "<img src=x>"
	page = renderHTML(t, withMapping(hostile))
	assert.NotContains(t, page, "<script>alert(1)</script>")
	assert.NotContains(t, page, "<img src=x>")
	assert.Contains(t, page, "<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>")
	assert.Contains(t, page, "an odd ` backtick &lt;b&gt;")
}

func mappingDoc(mc *MappingCheck) ResultsDoc {
	d := doc(sc("f/a", Passed))
	d.Mapping = mc
	return d
}

func TestDiffMappingVerdict(t *testing.T) {
	ready := &MappingCheck{File: "m.json", Verdict: MappingReady, Summary: "READY"}
	notReady := &MappingCheck{File: "m.json", Verdict: "not-ready", Summary: "NOT READY: 1 finding(s) in your mapping block go-live"}
	errored := &MappingCheck{File: "m.json", Verdict: "errored", Summary: "ERRORED"}
	tests := []struct {
		name      string
		old, new  *MappingCheck
		change    bool
		regressed bool
	}{
		{"ready to not ready", ready, notReady, true, true},
		{"ready to errored", ready, errored, true, true},
		{"not ready to ready", notReady, ready, true, false},
		{"same verdict", notReady, notReady, false, false},
		{"neither run had one", nil, nil, false, false},
		{"new in this run", nil, notReady, true, false},
		{"gone from this run", ready, nil, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := DiffResults(mappingDoc(tt.old), mappingDoc(tt.new))
			assert.Equal(t, tt.change, d.Mapping != nil, "%+v", d.Mapping)
			assert.Equal(t, tt.regressed, d.Regressed)
			assert.Equal(t, !tt.change, d.Empty())
		})
	}

	d := DiffResults(mappingDoc(ready), mappingDoc(notReady))
	var buf bytes.Buffer
	require.NoError(t, WriteDiff(&buf, d))
	assert.Contains(t, buf.String(), "IdP mapping check: regressed:\n  ready          → not-ready      m.json\n")
	assert.Contains(t, buf.String(), "NOT READY: 1 finding(s) in your mapping block go-live")
	assert.Contains(t, buf.String(), "REGRESSED: the IdP mapping was ready and is not-ready now; 0 newly failing")

	buf.Reset()
	require.NoError(t, WriteDiff(&buf, DiffResults(mappingDoc(notReady), mappingDoc(ready))))
	assert.Contains(t, buf.String(), "No regression: 0 fixed, 0 newly skipped, 0 added, 0 removed; IdP mapping not-ready → ready.")
}
