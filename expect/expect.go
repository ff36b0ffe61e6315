// Package expect reads an expectations file (`scimharness run --expect
// FILE`): the known deviations of a target, each with a reason, that a
// release gate accepts. It marks the scenarios the entries name, and notes
// the entries that no longer hold: an expected failure that now passes
// (remove it), an entry past its `until` date, an entry that names nothing.
package expect

import (
	"bytes"
	"fmt"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/goccy/go-yaml"

	"github.com/scimharness/scimharness/reports"
)

// Entry is one known deviation. Exactly one of ID, Requirement and Tag
// selects the scenarios it covers.
type Entry struct {
	ID          string `yaml:"id,omitempty" json:"id,omitempty"`                   // a scenario id (scimharness run --list)
	Requirement string `yaml:"requirement,omitempty" json:"requirement,omitempty"` // a requirement id: RFC7644-3.12-501 (its @req- tag)
	Tag         string `yaml:"tag,omitempty" json:"tag,omitempty"`                 // a tag: @contract-removal, @rfc7644-3.5.2 (subsections too)
	Reason      string `yaml:"reason" json:"reason"`
	Ticket      string `yaml:"ticket,omitempty" json:"ticket,omitempty"`
	Until       string `yaml:"until,omitempty" json:"until,omitempty"` // YYYY-MM-DD: the entry excuses nothing after this day

	until time.Time
}

// File is an expectations file.
type File struct {
	Version      int     `yaml:"version,omitempty" json:"version,omitempty"` // 1; absent means 1
	Expectations []Entry `yaml:"expectations" json:"expectations"`
}

// Selector is the entry's selector as written ("id: ...").
func (e Entry) Selector() string {
	switch {
	case e.ID != "":
		return "id " + e.ID
	case e.Requirement != "":
		return "requirement " + e.Requirement
	}
	return "tag " + e.Tag
}

// Load reads and checks an expectations file, YAML or JSON (JSON is YAML).
// Errors name the file, and the line and column when the parser knows them.
func Load(path string) ([]Entry, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("expectations file: %w", err)
	}
	return Parse(data, path)
}

// Parse reads an expectations document; name labels errors.
func Parse(data []byte, name string) ([]Entry, error) {
	var f File
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fmt.Errorf("%s: expected an expectations document (expectations: [...]), got an empty file", name)
	}
	if err := yaml.UnmarshalWithOptions(data, &f, yaml.DisallowUnknownField()); err != nil {
		return nil, fmt.Errorf("%s:%s", name, yamlError(err))
	}
	if f.Version != 0 && f.Version != 1 {
		return nil, fmt.Errorf("%s: expected version 1, got %d", name, f.Version)
	}
	if f.Expectations == nil {
		return nil, fmt.Errorf("%s: expected a list under \"expectations:\", got none", name)
	}
	for i := range f.Expectations {
		e := &f.Expectations[i]
		if err := e.check(); err != nil {
			return nil, fmt.Errorf("%s: expectations entry %d: %w", name, i+1, err)
		}
	}
	return f.Expectations, nil
}

// yamlPosition is the "[line:column] " the parser puts before its message.
var yamlPosition = regexp.MustCompile(`^\[(\d+):(\d+)\]\s*`)

// yamlError reads "line:column: message", without the source excerpt the
// library adds by default.
func yamlError(err error) string {
	msg := strings.TrimSpace(yaml.FormatError(err, false, false))
	if m := yamlPosition.FindStringSubmatch(msg); m != nil {
		return m[1] + ":" + m[2] + ": " + msg[len(m[0]):]
	}
	return " " + msg
}

func (e *Entry) check() error {
	n := 0
	for _, s := range []string{e.ID, e.Requirement, e.Tag} {
		if strings.TrimSpace(s) != "" {
			n++
		}
	}
	switch {
	case n != 1:
		return fmt.Errorf("expected exactly one of id, requirement, tag, got %d", n)
	case strings.TrimSpace(e.Reason) == "":
		return fmt.Errorf("%s: expected a reason (why the deviation is accepted), got none", e.Selector())
	case e.Tag != "" && !strings.HasPrefix(e.Tag, "@"):
		e.Tag = "@" + e.Tag
	}
	e.Requirement = strings.TrimPrefix(e.Requirement, "@req-")
	if e.Until != "" {
		t, err := time.Parse(time.DateOnly, e.Until)
		if err != nil {
			return fmt.Errorf("%s: expected until as YYYY-MM-DD, got %q", e.Selector(), e.Until)
		}
		e.until = t
	}
	return nil
}

// Expired reports whether today is past the entry's until date.
func (e Entry) Expired(today time.Time) bool {
	if e.until.IsZero() {
		return false
	}
	y, m, d := today.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).After(e.until)
}

// matches reports whether the entry selects s.
func (e Entry) matches(s reports.Scenario) bool {
	switch {
	case e.ID != "":
		return s.ID == e.ID
	case e.Requirement != "":
		for _, t := range s.Tags {
			if strings.EqualFold(t, "@req-"+e.Requirement) {
				return true
			}
		}
		return false
	}
	for _, t := range s.Tags {
		// a section tag covers its subsections, as --tags does
		if t == e.Tag || strings.HasPrefix(e.Tag, "@rfc") && strings.HasPrefix(t, e.Tag+".") {
			return true
		}
	}
	return false
}

// Apply marks run's scenarios with the entries naming them (the first
// entry that is not expired wins) and records, in run.Expectations, every
// entry that needs attention. today decides expiry. Under strict, any note
// fails the run (reports.Run.Verdict).
func Apply(run *reports.Run, file string, entries []Entry, today time.Time, strict bool) {
	ex := &reports.ExpectationsRun{File: file, Strict: strict, Notes: []reports.ExpectationNote{}}
	type tally struct{ matched, failing, passed int }
	tallies := make([]tally, len(entries))
	for i := range run.Scenarios {
		s := &run.Scenarios[i]
		for j, e := range entries {
			if !e.matches(*s) {
				continue
			}
			tallies[j].matched++
			if e.Expired(today) {
				continue
			}
			switch {
			case s.Status.IsFailure():
				tallies[j].failing++
			case s.Status == reports.Passed:
				tallies[j].passed++
			}
			if s.Expected == nil {
				s.Expected = &reports.Expected{Reason: e.Reason, Ticket: e.Ticket, Entry: e.Selector()}
			}
		}
	}
	for j, e := range entries {
		t := tallies[j]
		switch {
		case e.Expired(today):
			ex.Notes = append(ex.Notes, reports.ExpectationNote{Kind: reports.NoteExpired, Entry: e.Selector(),
				Message: fmt.Sprintf("past its until date %s: it no longer excuses a failure; fix the deviation or renew the entry", e.Until)})
		case t.matched == 0:
			ex.Notes = append(ex.Notes, reports.ExpectationNote{Kind: reports.NoteUnmatched, Entry: e.Selector(),
				Message: "names no scenario of this run: remove it, or check the id (scimharness run --list)"})
		case t.failing == 0 && t.passed > 0:
			note := reports.ExpectationNote{Kind: reports.NoteFixed, Entry: e.Selector(),
				Message: "fixed: remove it from the expectations (every scenario it names passes)"}
			if e.ID != "" {
				note.Scenario = e.ID
			}
			ex.Notes = append(ex.Notes, note)
		}
	}
	run.Expectations = ex
}

// Init writes a starting expectations file from a results.json: one entry
// per scenario that failed, by id, its reason the failure as recorded, for
// a person to confirm, ticket and date.
func Init(doc reports.ResultsDoc) ([]byte, error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# scimharness expectations: known deviations of %s\n", doc.Run.Target)
	fmt.Fprintf(&b, "# written from a run of %s (seed %d). Review each entry: say why the\n", doc.Run.Started.Format(time.DateOnly), doc.Run.Seed)
	b.WriteString("# deviation is accepted, add a ticket and an until date (YYYY-MM-DD).\n")
	b.WriteString("# An entry selects by id, requirement (RFC7644-3.12-501) or tag (@contract-removal).\n")
	b.WriteString("version: 1\n")
	var entries []Entry
	for _, s := range doc.Scenarios {
		if !s.Status.IsFailure() {
			continue
		}
		reason := "failed: " + s.Name
		if s.Failure != nil && s.Failure.Message != "" {
			reason = "failed: " + s.Failure.Message
		}
		entries = append(entries, Entry{ID: s.ID, Reason: reason})
	}
	if len(entries) == 0 {
		b.WriteString("# the run had no failures: nothing to expect\nexpectations: []\n")
		return b.Bytes(), nil
	}
	out, err := yaml.MarshalWithOptions(File{Expectations: entries}, yaml.IndentSequence(true))
	if err != nil {
		return nil, fmt.Errorf("write the expectations: %w", err)
	}
	b.Write(out)
	return b.Bytes(), nil
}
