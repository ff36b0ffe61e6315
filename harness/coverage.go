package harness

// `scimharness run --coverage`: every requirement of the RFC catalogue
// (fixtures/rfc/requirements.json) with the scenarios that check it, and
// the ones no scenario checks, without running anything.

import (
	"fmt"
	"io"
	"strings"

	"github.com/scimharness/scimharness/fixtures"
	"github.com/scimharness/scimharness/reports"
	"github.com/scimharness/scimharness/steps"
)

// RequirementCoverage is one catalogue requirement and the selected
// scenarios tagged @req-<its id>.
type RequirementCoverage struct {
	Requirement steps.Requirement
	Scenarios   []reports.Scenario
}

// Checked tells whether at least one selected scenario checks it.
func (c RequirementCoverage) Checked() bool { return len(c.Scenarios) > 0 }

// Coverage maps each catalogue requirement, in catalogue order, to the
// scenarios of opts that carry its @req- tag. A tag naming no catalogue
// entry is an error: it would count a check for a requirement nobody wrote
// down.
func Coverage(opts ListOptions) ([]RequirementCoverage, error) {
	reqs, err := steps.LoadCatalogue(fixtures.FS)
	if err != nil {
		return nil, err
	}
	scenarios, err := List(opts)
	if err != nil {
		return nil, err
	}
	index := make(map[string]int, len(reqs))
	out := make([]RequirementCoverage, len(reqs))
	for i, r := range reqs {
		index[r.ID] = i
		out[i].Requirement = r
	}
	for _, s := range scenarios {
		for _, tag := range s.Tags {
			id, ok := strings.CutPrefix(tag, "@req-")
			if !ok {
				continue
			}
			i, known := index[id]
			if !known {
				return nil, fmt.Errorf("%s:%d %q: expected @req- tags to name catalogue entries (%s), got %s", s.URI, s.Line, s.Name, steps.CataloguePath, tag)
			}
			out[i].Scenarios = append(out[i].Scenarios, s)
		}
	}
	return out, nil
}

// CoverageSummary counts requirements by level: how many there are, how
// many are testable, and how many of those a selected scenario checks.
type CoverageSummary struct {
	Level                    string
	Total, Testable, Checked int
	Unchecked                []string // testable ids no scenario checks
}

// Summarise counts cov per level (MUST, SHOULD, MAY, in that order).
func Summarise(cov []RequirementCoverage) []CoverageSummary {
	out := []CoverageSummary{{Level: "MUST"}, {Level: "SHOULD"}, {Level: "MAY"}}
	for _, c := range cov {
		for i := range out {
			if out[i].Level != c.Requirement.Level {
				continue
			}
			out[i].Total++
			if !c.Requirement.Testable {
				continue
			}
			out[i].Testable++
			if c.Checked() {
				out[i].Checked++
			} else {
				out[i].Unchecked = append(out[i].Unchecked, c.Requirement.ID)
			}
		}
	}
	return out
}

// WriteCoverage prints cov grouped by RFC section: each requirement id
// with its level and the scenarios checking it (file:line and name), or
// "NOT CHECKED", or why it cannot be checked; then the counts per level
// and the testable requirements no scenario checks.
func WriteCoverage(w io.Writer, cov []RequirementCoverage) {
	section := ""
	for _, c := range cov {
		r := c.Requirement
		if s := "RFC " + r.RFC + " §" + r.Section; s != section {
			if section != "" {
				fmt.Fprintln(w)
			}
			fmt.Fprintln(w, s)
			section = s
		}
		switch {
		case c.Checked():
			fmt.Fprintf(w, "  %-6s %s  checked by %d:\n", r.Level, r.ID, len(c.Scenarios))
			for _, s := range c.Scenarios {
				fmt.Fprintf(w, "           %s:%d  %s\n", s.URI, s.Line, s.Name)
			}
		case r.Testable:
			fmt.Fprintf(w, "  %-6s %s  NOT CHECKED by any selected scenario\n", r.Level, r.ID)
		default:
			fmt.Fprintf(w, "  %-6s %s  not checkable: %s\n", r.Level, r.ID, r.UntestableReason)
		}
	}
	fmt.Fprintln(w)
	for _, s := range Summarise(cov) {
		fmt.Fprintf(w, "%-6s %d requirements, %d checkable, %d checked", s.Level, s.Total, s.Testable, s.Checked)
		if len(s.Unchecked) > 0 {
			fmt.Fprintf(w, "; not checked: %s", strings.Join(s.Unchecked, ", "))
		}
		fmt.Fprintln(w)
	}
}
