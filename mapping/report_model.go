package mapping

import (
	"cmp"
	"slices"
	"strings"

	"github.com/scimharness/scimharness/reports"
)

// attributeOutcomes tallies the dry run per required attribute, in the
// order of what Cantara requires: the table of mapping.txt, results.json
// and report.html alike.
func (r *Result) attributeOutcomes() []reports.MappingAttribute {
	if r.DryRun == nil {
		return nil
	}
	groups := byAttribute(r.DryRun)
	out := []reports.MappingAttribute{}
	for _, q := range r.Requirements {
		g := groups[q.SCIM]
		if g == nil {
			continue
		}
		a := reports.MappingAttribute{Attribute: q.SCIM, Verdicts: []reports.MappingVerdict{}}
		for v, cells := range g {
			a.Users += len(cells)
			for _, c := range cells {
				if c.Sent != nil {
					a.Sent++
				}
				if c.Stored != nil {
					a.Stored++
				}
				if c.Shown != nil {
					a.Shown++
				}
			}
			if v == VerdictOK {
				a.OK = len(cells)
				continue
			}
			a.Verdicts = append(a.Verdicts, reports.MappingVerdict{Verdict: v, Count: len(cells), Blame: string(cells[0].Blame)})
		}
		slices.SortFunc(a.Verdicts, func(x, y reports.MappingVerdict) int {
			return cmp.Or(cmp.Compare(y.Count, x.Count), strings.Compare(x.Verdict, y.Verdict))
		})
		out = append(out, a)
	}
	return out
}

// Report is the check as the run's reports show it (`run --mapping`),
// every string passed through mask, the text report included.
func (r *Result) Report(mask func(string) string) *reports.MappingCheck {
	var text strings.Builder
	_ = WriteText(&text, r)
	mc := &reports.MappingCheck{
		File: mask(r.Mapping.File), Format: string(r.Mapping.Format), Rows: r.Mapping.Rows, Dialect: r.Mapping.Dialect,
		Target: mask(r.Target), Verdict: r.Verdict, Summary: mask(r.Summary), ExitCode: r.ExitCode,
		Findings: make([]reports.MappingFinding, 0, len(r.Findings)), Text: mask(text.String()),
	}
	for _, f := range r.Findings {
		switch f.Severity {
		case SevWarning:
			mc.FindingsBySeverity.Warning++
		default:
			mc.FindingsBySeverity.Error++
		}
		switch f.Blame {
		case BlameCantara:
			mc.FindingsByBlame.Cantara++
		case BlameHarness:
			mc.FindingsByBlame.Harness++
		default:
			mc.FindingsByBlame.Mapping++
		}
		mc.Findings = append(mc.Findings, reports.MappingFinding{
			Code: f.Code, Severity: string(f.Severity), Blame: string(f.Blame), Target: f.Target,
			Where: mask(f.Where), Line: f.Line, Message: mask(f.Message), Why: mask(f.Why), Fix: mask(f.Fix),
		})
	}
	if dr := r.DryRun; dr != nil {
		mc.DryRun = &reports.MappingDryRun{Users: dr.Users, UsersFrom: mask(dr.UsersFrom), AdminChecked: dr.AdminChecked,
			Removed: dr.Removed, Attributes: r.attributeOutcomes()}
		for _, c := range dr.Cleanup {
			mc.DryRun.Cleanup = append(mc.DryRun.Cleanup, mask(c))
		}
	}
	return mc
}
