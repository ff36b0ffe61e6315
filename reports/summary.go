package reports

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// WriteSummary prints the human summary of a run: target, seed,
// capabilities, per-feature tallies, failures grouped by cause (as in
// report.html), errored scenarios apart, every skipped scenario with its
// reason, and the verdict. The same text goes to the console and to summary.txt.
func WriteSummary(w io.Writer, r Run) error {
	p := &printer{w: w}
	p.line("scimharness summary")
	p.line("  target: %s", r.Target)
	p.line("  seed:   %d (replay with --seed %d)", r.Seed, r.Seed)
	tags := r.Tags
	if tags == "" {
		tags = "(all scenarios)"
	}
	p.line("  tags:   %s", tags)
	if r.Profile != "" {
		p.line("  attribute profile: %s", r.Profile)
	}

	if len(r.Capabilities) > 0 {
		p.line("")
		p.line("Capabilities of the target:")
		width := 0
		for _, c := range r.Capabilities {
			width = max(width, len(c.Name))
		}
		for _, c := range r.Capabilities {
			mark := "supported"
			if !c.Supported {
				mark = "missing  "
			}
			text := fmt.Sprintf("  %s  %-*s", mark, width, c.Name)
			if c.Detail != "" {
				text += "  " + c.Detail
			}
			p.line("%s", strings.TrimRight(text, " "))
		}
	}

	features := r.Features()
	if len(features) > 0 {
		p.line("")
		p.line("Features:")
		width := 0
		for _, f := range features {
			width = max(width, len(f.Name))
		}
		for _, f := range features {
			p.line("  %s  %-*s  %s", featureMark(f.Counts), width, f.Name, tally(f.Counts))
		}
	}

	if sections := r.FailureCauses(); len(sections) > 0 {
		p.line("")
		p.line("Failures by cause (%s, %s):", plural(scenarioCount(sections), "scenario"), plural(causeCount(sections), "cause"))
		p.causes(sections)
	}

	if expected := r.failuresWhere(func(s Scenario) bool { return s.Expected != nil }); len(expected) > 0 {
		p.line("")
		p.line("Expected failures (%d): known deviations the expectations file accepts:", len(expected))
		for _, s := range expected {
			why := s.Expected.Reason
			if s.Expected.Ticket != "" {
				why += " (" + s.Expected.Ticket + ")"
			}
			p.line("  %s: %s  (%s:%d)", s.Feature, s.Name, s.URI, s.Line)
			p.line("      expected: %s", why)
			p.line("      reason:   %s", s.FailureLine())
		}
	}

	if ex := r.Expectations; ex != nil && len(ex.Notes) > 0 {
		p.line("")
		consequence := "reported only; --strict fails the run on them"
		if ex.Strict {
			consequence = "--strict: each fails the run"
		}
		p.line("Expectations to update in %s (%d, %s):", ex.File, len(ex.Notes), consequence)
		for _, n := range ex.Notes {
			p.line("  %-9s %s: %s", n.Kind, n.Entry, n.Message)
		}
	}

	if errs := r.Errors(); len(errs) > 0 {
		p.line("")
		p.line("Errored scenarios (%d): the target could not be reached or the harness failed; nothing was learnt about the target:", len(errs))
		for _, s := range errs {
			p.line("  %s: %s  (%s:%d)", s.Feature, s.Name, s.URI, s.Line)
			if s.FailedStep != "" {
				p.line("      step:   %s", s.FailedStep)
			}
			p.line("      error:  %s", s.FailureLine())
		}
	}

	if skips := r.Skips(); len(skips) > 0 {
		p.line("")
		p.line("Skipped scenarios (%d):", len(skips))
		for _, s := range skips {
			reason := s.SkipReason
			if reason == "" {
				reason = "no reason recorded"
			}
			p.line("  %s: %s  (%s:%d)", s.Feature, s.Name, s.URI, s.Line)
			p.line("      reason: %s", reason)
		}
	}

	if na := r.NotApplicables(); len(na) > 0 {
		p.line("")
		p.line("Not applicable to this target (%d):", len(na))
		for _, s := range na {
			p.line("  %s: %s  (%s:%d)", s.Feature, s.Name, s.URI, s.Line)
			p.line("      reason: %s", s.SkipReason)
		}
	}

	var cleanups []Scenario
	for _, s := range r.Scenarios {
		if len(s.CleanupErrors) > 0 {
			cleanups = append(cleanups, s)
		}
	}
	if len(cleanups) > 0 {
		p.line("")
		p.line("Cleanup failures (%d scenarios): the outcome stands, but the target may keep test data:", len(cleanups))
		for _, s := range cleanups {
			p.line("  %s: %s  (%s:%d)", s.Feature, s.Name, s.URI, s.Line)
			for _, e := range s.CleanupErrors {
				p.line("      %s", firstLine(e))
			}
		}
	}

	if mc := r.Mapping; mc != nil {
		p.line("")
		p.mapping(mc)
	}

	p.line("")
	p.line("Result: %s: %s in %s", strings.ToUpper(string(r.Verdict())), tally(r.Counts()), r.Duration.Round(10*time.Millisecond))
	if r.Verdict() == VerdictError {
		p.line("The target could not be reached (or the harness failed) in %d scenarios: this is not a verdict on Cantara; check the target's address, network and timeouts, then run again.", r.Counts().Errored)
	}
	if r.Mapping != nil {
		// the scenarios' verdict does not include the mapping's: both
		// lines end the summary, so neither hides the other
		p.line("Your IdP mapping (%s): %s", r.Mapping.File, r.Mapping.Summary)
	}
	return p.err
}

// mapping prints the mapping check's section: its own report as
// `scimharness mapping check` prints it, or why it could not run.
func (p *printer) mapping(mc *MappingCheck) {
	files := ""
	if len(mc.Files) > 0 {
		files = " (" + strings.Join(mc.Files, ", ") + ")"
	}
	p.line("== Mapping check: %s%s ==", mc.File, files)
	if mc.NotRun != "" {
		p.line("The mapping check could not run: %s", mc.NotRun)
		return
	}
	p.line("%s", strings.TrimRight(mc.Text, "\n"))
}

// causes prints failures grouped as in report.html: per promise, one
// heading per cause with its scenario count, an example in the run's own
// words, then the scenarios.
func (p *printer) causes(sections []CauseSection) {
	for _, sec := range sections {
		heading := sec.Promise
		switch {
		case heading == idpSection:
			heading = "IdP dialect scenarios"
		case heading == "":
			heading = "(no promise tag)"
		}
		if sec.Level != "" {
			heading += " " + sec.Level // a SHOULD failure reads differently from a MUST one
		}
		if sec.Title != "" && sec.Promise != idpSection {
			heading += " — " + sec.Title
		}
		p.line("  %s", heading)
		for _, c := range sec.Causes {
			p.line("    [%s] %s", plural(len(c.Scenarios), "scenario"), c.Signature)
			if c.Step != "" {
				p.line("        step:   %s", c.Step)
			}
			if example := c.Scenarios[0].FailureLine(); example != "" && example != c.Signature {
				p.line("        e.g.    %s", example)
			}
			for _, s := range c.Scenarios {
				p.line("        - %s: %s  (%s:%d)%s", s.Feature, s.Name, s.URI, s.Line, otherPromise(s, sec.Promise))
			}
		}
	}
}

// otherPromise names a scenario's promise when it is not its section's
// (an IdP dialect scenario filed under the contract promise it re-checks).
func otherPromise(s Scenario, section string) string {
	if p := s.Promise(); p != "" && p != section {
		return "  " + p
	}
	return ""
}

func scenarioCount(sections []CauseSection) int {
	n := 0
	for _, s := range sections {
		n += s.Count()
	}
	return n
}

func causeCount(sections []CauseSection) int {
	n := 0
	for _, s := range sections {
		n += len(s.Causes)
	}
	return n
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func featureMark(c Counts) string {
	switch {
	case c.Unexpected() > 0:
		return "FAIL"
	case c.Errored > 0:
		return "ERR "
	case c.Passed == 0 && c.Skipped+c.Failed > 0:
		return "SKIP"
	case c.Passed == 0 && c.NotApplicable > 0:
		return "N/A "
	}
	return "PASS"
}

// tally reads "12 scenarios: 10 passed, 0 failed, 0 skipped", naming
// errored, not applicable and expected failures only when there are any, so
// the counts always add up to the total.
func tally(c Counts) string {
	noun := "scenarios"
	if c.Total == 1 {
		noun = "scenario"
	}
	failed := fmt.Sprintf("%d failed", c.Failed)
	if c.Expected > 0 {
		failed = fmt.Sprintf("%d failed (%d expected)", c.Failed, c.Expected)
	}
	out := fmt.Sprintf("%d %s: %d passed, %s", c.Total, noun, c.Passed, failed)
	if c.Errored > 0 {
		out += fmt.Sprintf(", %d errored", c.Errored)
	}
	out += fmt.Sprintf(", %d skipped", c.Skipped)
	if c.NotApplicable > 0 {
		out += fmt.Sprintf(", %d not applicable", c.NotApplicable)
	}
	return out
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return line
}

// printer keeps the first write error so WriteSummary reads top to bottom.
type printer struct {
	w   io.Writer
	err error
}

func (p *printer) line(format string, args ...any) {
	if p.err != nil {
		return
	}
	_, p.err = fmt.Fprintf(p.w, format+"\n", args...)
}
