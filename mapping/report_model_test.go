package mapping

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scimharness/scimharness/reports"
	"github.com/scimharness/scimharness/sandbox"
)

func attribute(t *testing.T, mc *reports.MappingCheck, name string) reports.MappingAttribute {
	t.Helper()
	require.NotNil(t, mc.DryRun)
	for _, a := range mc.DryRun.Attributes {
		if a.Attribute == name {
			return a
		}
	}
	t.Fatalf("expected %s in the dry run's attributes, got %+v", name, mc.DryRun.Attributes)
	return reports.MappingAttribute{}
}

// The run's reports get the check's verdict, findings with whose fault
// they are, and the dry run per attribute, as mapping.txt counts them.
func TestReportOfAMappingThatLeavesUsersWithoutLocale(t *testing.T) {
	r := check(t, sandboxTarget(t), "entra-locale-no-default.json", "entra-users-export.csv")
	mc := r.Report(func(s string) string { return s })

	assert.Equal(t, "testdata/entra-locale-no-default.json", mc.File)
	assert.Equal(t, "entra", mc.Format)
	assert.Equal(t, "entra", mc.Dialect)
	assert.Equal(t, "not-ready", mc.Verdict)
	assert.False(t, mc.Passed())
	assert.Equal(t, 1, mc.ExitCode)
	assert.Equal(t, r.Summary, mc.Summary)
	assert.Equal(t, reports.MappingSeverityCounts{Error: 1}, mc.FindingsBySeverity)
	assert.Equal(t, reports.MappingBlameCounts{Mapping: 1}, mc.FindingsByBlame)
	require.Len(t, mc.Findings, 1)
	assert.Equal(t, reports.MappingFinding{Code: CodeArrivesWithout, Severity: "error", Blame: "mapping", Target: "locale",
		Message: r.Findings[0].Message, Why: r.Findings[0].Why, Fix: r.Findings[0].Fix}, mc.Findings[0])

	assert.Equal(t, reports.MappingAttribute{Attribute: "locale", Users: 6, Sent: 3, Stored: 3, Shown: 3, OK: 3,
		Verdicts: []reports.MappingVerdict{{Verdict: VerdictEmpty, Count: 3, Blame: "mapping"}}}, attribute(t, mc, "locale"))
	assert.Equal(t, reports.MappingAttribute{Attribute: "userName", Users: 6, Sent: 6, Stored: 6, Shown: 6, OK: 6,
		Verdicts: []reports.MappingVerdict{}}, attribute(t, mc, "userName"))
	assert.True(t, mc.DryRun.AdminChecked)
	assert.Equal(t, 6, mc.DryRun.Removed)

	// the text report is the one mapping.txt holds, and its table the same counts
	var text strings.Builder
	require.NoError(t, WriteText(&text, r))
	assert.Equal(t, text.String(), mc.Text)
	assert.Regexp(t, `(?m)^  locale +3/6 +3/6 +3/6 +3/6 +3 empty$`, mc.Text)
}

func TestReportOfCantarasFaultAndReady(t *testing.T) {
	r := check(t, sandboxTarget(t, sandbox.FaultDropLocale), "entra-cantara-default.json", "")
	mc := r.Report(func(s string) string { return strings.ReplaceAll(s, "sandbox", "[masked]") })
	assert.Equal(t, "cantara-fault", mc.Verdict)
	assert.Equal(t, reports.MappingBlameCounts{Cantara: 1}, mc.FindingsByBlame)
	assert.Equal(t, []reports.MappingVerdict{{Verdict: VerdictNotStored, Count: 12, Blame: "cantara"}}, attribute(t, mc, "locale").Verdicts)
	assert.NotContains(t, mc.Target+mc.Text, "sandbox", "every string goes through the mask")

	ready := check(t, sandboxTarget(t), "entra-cantara-default.json", "").Report(func(s string) string { return s })
	assert.True(t, ready.Passed())
	assert.Empty(t, ready.Findings)
	assert.NotNil(t, ready.Findings, "an empty list in results.json, not null")
}
