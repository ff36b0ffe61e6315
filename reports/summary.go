package reports

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// WriteSummary prints the human summary of a run: target, seed,
// capabilities, per-feature tallies, every failed scenario with its promise
// and first failure line, every skipped scenario with its reason, and the
// verdict. The same text goes to the console and to summary.txt.
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

	if failures := r.Failures(); len(failures) > 0 {
		p.line("")
		p.line("Failed scenarios (%d):", len(failures))
		for _, s := range failures {
			promise := s.Promise()
			if promise == "" {
				promise = "(no promise tag)"
			}
			if level := s.Level(); level != "" {
				promise += " " + level // a SHOULD failure reads differently from a MUST one
			}
			p.line("  %s  %s: %s  (%s:%d)", promise, s.Feature, s.Name, s.URI, s.Line)
			if s.FailedStep != "" {
				p.line("      step:   %s", s.FailedStep)
			}
			reason := s.FailureLine()
			if reason == "" {
				reason = string(s.Status)
			}
			p.line("      reason: %s", reason)
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

	p.line("")
	p.line("Result: %s: %s in %s", strings.ToUpper(string(r.Verdict())), tally(r.Counts()), r.Duration.Round(10*time.Millisecond))
	return p.err
}

func featureMark(c Counts) string {
	switch {
	case c.Failed > 0:
		return "FAIL"
	case c.Passed == 0 && c.Skipped > 0:
		return "SKIP"
	}
	return "PASS"
}

func tally(c Counts) string {
	noun := "scenarios"
	if c.Total == 1 {
		noun = "scenario"
	}
	return fmt.Sprintf("%d %s: %d passed, %d failed, %d skipped", c.Total, noun, c.Passed, c.Failed, c.Skipped)
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
