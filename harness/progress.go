package harness

import (
	"fmt"
	"io"
	"sync"

	"github.com/scimharness/scimharness/reports"
)

// progressWidth is how many scenario marks make a console line.
const progressWidth = 50

// progress is the default console format: one mark per finished scenario
// ("." passed, "F" failed, "E" errored, "-" skipped, "n" not applicable,
// "U" undefined, pending or ambiguous), each line ending with the count so
// far out of the scenarios the header announced.
type progress struct {
	mu    sync.Mutex
	w     io.Writer
	total int
	done  int
}

func newProgress(w io.Writer, total int) *progress { return &progress{w: w, total: total} }

func (p *progress) scenario(s reports.Scenario) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done++
	fmt.Fprint(p.w, progressMark(s.Status))
	if p.done%progressWidth == 0 || p.done == p.total {
		fmt.Fprintf(p.w, " %d/%d\n", p.done, p.total)
	}
}

func progressMark(s reports.Status) string {
	switch s {
	case reports.Passed:
		return "."
	case reports.Failed:
		return "F"
	case reports.Errored:
		return "E"
	case reports.Skipped:
		return "-"
	case reports.NotApplicable:
		return "n"
	}
	return "U"
}
