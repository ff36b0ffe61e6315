package reports

import (
	"encoding/json"
	"fmt"
	"io"
)

// Change is one scenario whose outcome differs between two runs.
type Change struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Old     Status `json:"old,omitempty"` // "" for an added scenario
	New     Status `json:"new,omitempty"` // "" for a removed one
	Message string `json:"message,omitempty"`
}

// Diff is what changed between two results.json of the same suite.
// Regressions are NewlyFailing and NewlyErrored: a scenario that did not
// fail before and fails now (unless an expectations entry names it), or
// that now errors (the target could not be judged).
type Diff struct {
	NewlyFailing []Change `json:"newly_failing"`
	NewlyErrored []Change `json:"newly_errored"`
	Fixed        []Change `json:"fixed"`
	NewlySkipped []Change `json:"newly_skipped"`
	Added        []Change `json:"added"`
	Removed      []Change `json:"removed"`
	Compared     int      `json:"compared"` // scenarios present in both
	// Mapping is the change of the IdP mapping check's verdict (`run
	// --mapping`); nil when it is the same in both runs, or neither had one.
	Mapping   *MappingChange `json:"mapping,omitempty"`
	Regressed bool           `json:"regressed"`
}

// MappingChange is the IdP mapping check's verdict in two runs: "" where a
// run had none. A mapping ready before and not now is a regression.
type MappingChange struct {
	OldFile string `json:"old_file,omitempty"`
	NewFile string `json:"new_file,omitempty"`
	Old     string `json:"old,omitempty"`
	New     string `json:"new,omitempty"`
	Summary string `json:"summary,omitempty"` // NEW's verdict in a sentence
	Regress bool   `json:"regression"`
}

// diffMapping compares the mapping checks of two runs.
func diffMapping(old, new *MappingCheck) *MappingChange {
	if old == nil && new == nil || old != nil && new != nil && old.Verdict == new.Verdict {
		return nil
	}
	c := &MappingChange{}
	if old != nil {
		c.OldFile, c.Old = old.File, old.Verdict
	}
	if new != nil {
		c.NewFile, c.New, c.Summary = new.File, new.Verdict, new.Summary
	}
	// like a scenario: passing before and failing, erroring or unproven now
	// is a regression; one that appears or goes away is not
	c.Regress = old.Passed() && new != nil && !new.Passed()
	return c
}

// Empty reports whether no outcome changed, no scenario came or went and
// the mapping check's verdict stayed.
func (d Diff) Empty() bool {
	return len(d.NewlyFailing)+len(d.NewlyErrored)+len(d.Fixed)+len(d.NewlySkipped)+len(d.Added)+len(d.Removed) == 0 && d.Mapping == nil
}

// DiffResults compares old and new by scenario id.
func DiffResults(old, new ResultsDoc) Diff {
	d := Diff{NewlyFailing: []Change{}, NewlyErrored: []Change{}, Fixed: []Change{}, NewlySkipped: []Change{}, Added: []Change{}, Removed: []Change{}}
	before := map[string]ResultScenario{}
	for _, s := range old.Scenarios {
		before[s.ID] = s
	}
	seen := map[string]bool{}
	for _, n := range new.Scenarios {
		seen[n.ID] = true
		o, ok := before[n.ID]
		c := Change{ID: n.ID, Name: n.Name, Old: o.Status, New: n.Status, Message: message(n)}
		switch {
		case !ok:
			c.Old = ""
			d.Added = append(d.Added, c)
			continue
		case n.Status.IsFailure() && !o.Status.IsFailure() && n.Expected == nil:
			d.NewlyFailing = append(d.NewlyFailing, c)
		case n.Status == Errored && o.Status != Errored:
			d.NewlyErrored = append(d.NewlyErrored, c)
		case (o.Status.IsFailure() || o.Status == Errored) && n.Status == Passed:
			c.Message = message(o)
			d.Fixed = append(d.Fixed, c)
		case n.Status == Skipped && o.Status != Skipped:
			d.NewlySkipped = append(d.NewlySkipped, c)
		}
		d.Compared++
	}
	for _, o := range old.Scenarios {
		if !seen[o.ID] {
			d.Removed = append(d.Removed, Change{ID: o.ID, Name: o.Name, Old: o.Status})
		}
	}
	d.Mapping = diffMapping(old.Mapping, new.Mapping)
	d.Regressed = len(d.NewlyFailing)+len(d.NewlyErrored) > 0 || d.Mapping != nil && d.Mapping.Regress
	return d
}

// message is the normalised failure line, or the skip reason.
func message(s ResultScenario) string {
	if s.Failure != nil {
		return s.Failure.Message
	}
	return s.Reason
}

// WriteDiff prints d as a table, one section per kind of change.
func WriteDiff(w io.Writer, d Diff) error {
	p := &printer{w: w}
	sections := []struct {
		title string
		rows  []Change
	}{
		{"Newly failing", d.NewlyFailing},
		{"Newly errored (the target could not be judged)", d.NewlyErrored},
		{"Fixed", d.Fixed},
		{"Newly skipped", d.NewlySkipped},
		{"Added", d.Added},
		{"Removed", d.Removed},
	}
	for _, s := range sections {
		if len(s.rows) == 0 {
			continue
		}
		p.line("%s (%d):", s.title, len(s.rows))
		for _, c := range s.rows {
			from, to := string(c.Old), string(c.New)
			if from == "" {
				from = "-"
			}
			if to == "" {
				to = "-"
			}
			p.line("  %-14s → %-14s %s", from, to, c.ID)
			if c.Message != "" {
				p.line("  %31s%s", "", c.Message)
			}
		}
		p.line("")
	}
	if m := d.Mapping; m != nil {
		title := "IdP mapping check"
		if m.Regress {
			title += ": regressed"
		}
		p.line("%s:", title)
		p.line("  %-14s → %-14s %s", orDash(m.Old), orDash(m.New), mappingFiles(m))
		if m.Summary != "" {
			p.line("  %31s%s", "", m.Summary)
		}
		p.line("")
	}
	switch {
	case d.Empty():
		p.line("No change: %d scenarios, each with the same outcome.", d.Compared)
	case d.Regressed && d.Mapping != nil && d.Mapping.Regress:
		p.line("REGRESSED: the IdP mapping was %s and is %s now; %d newly failing, %d newly errored (%d fixed, %d newly skipped, %d added, %d removed).",
			d.Mapping.Old, d.Mapping.New, len(d.NewlyFailing), len(d.NewlyErrored), len(d.Fixed), len(d.NewlySkipped), len(d.Added), len(d.Removed))
	case d.Regressed:
		p.line("REGRESSED: %d newly failing, %d newly errored (%d fixed, %d newly skipped, %d added, %d removed).",
			len(d.NewlyFailing), len(d.NewlyErrored), len(d.Fixed), len(d.NewlySkipped), len(d.Added), len(d.Removed))
	default:
		mapping := ""
		if m := d.Mapping; m != nil {
			mapping = fmt.Sprintf("; IdP mapping %s → %s", orDash(m.Old), orDash(m.New))
		}
		p.line("No regression: %d fixed, %d newly skipped, %d added, %d removed%s.", len(d.Fixed), len(d.NewlySkipped), len(d.Added), len(d.Removed), mapping)
	}
	return p.err
}

// WriteDiffJSON prints d as JSON.
func WriteDiffJSON(w io.Writer, d Diff) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(d); err != nil {
		return fmt.Errorf("write the diff: %w", err)
	}
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// mappingFiles names the mapping file of each run, once when it is the same.
func mappingFiles(m *MappingChange) string {
	switch {
	case m.OldFile == m.NewFile || m.OldFile == "":
		return m.NewFile
	case m.NewFile == "":
		return m.OldFile
	}
	return m.OldFile + " → " + m.NewFile
}
