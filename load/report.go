package load

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// Write prints the figures, the verdict and the cleanup. Nothing in a
// Result holds a secret: failure messages were masked when recorded.
func Write(w io.Writer, r Result) {
	s := r.Summary
	fmt.Fprintf(w, "\nrequests sent: %d in %s → achieved %.1f requests/s (target %g, %.1f%%)\n",
		s.Requests, r.Window.Round(time.Millisecond), r.Achieved, r.Rate, 100*r.Achieved/r.Rate)
	p := r.Pace
	fmt.Fprintf(w, "schedule: %d operations in %d of %d request slots; %d started late (max lag %s), %d slots missed; at most %d in flight\n",
		p.Jobs, p.Slots, p.Planned, p.Late, p.MaxLag.Round(time.Millisecond), p.Missed, r.Concurrency)
	if p.Late > 0 || p.Missed > 0 {
		fmt.Fprintf(w, "  the scheduler could not keep up: all %d workers were waiting for answers (raise --concurrency, or the target is too slow)\n", r.Concurrency)
	}
	if r.UserWaits > 0 {
		fmt.Fprintf(w, "  %d operations waited for the same user's previous one (the target answered slower than a batch takes; raise --users)\n", r.UserWaits)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "the target's service time (request sent → response read), per operation:")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "operation\trequests\tfailed\tp50\tp95\tp99\tmax")
	for _, o := range s.Ops {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%s\t%s\t%s\n", o.Name, o.Count, o.Failed, ms(o.P50), ms(o.P95), ms(o.P99), ms(o.Max))
	}
	_ = tw.Flush() // an in-memory table to w: w's own errors show in the output
	fmt.Fprintln(w, "\nthe load tool's own waits, not the target's (never added to the service time above):")
	writeSpread(w, "schedule lag (operation start − its slot)", r.ScheduleLag)
	writeSpread(w, "queued behind the same user's previous operation", r.UserQueue)
	fmt.Fprintf(w, "\nstatus codes: %s\n", histogram(s))
	fmt.Fprintf(w, "errors: %d of %d requests (%.1f%%)", s.Failed, s.Requests, 100*s.ErrorRate())
	if s.NoAnswer > 0 {
		fmt.Fprintf(w, ", %d without an answer", s.NoAnswer)
	}
	if s.Cancelled > 0 {
		fmt.Fprintf(w, "; %d cut off by the interrupt, not counted", s.Cancelled)
	}
	fmt.Fprintln(w)
	for _, msg := range s.Samples {
		fmt.Fprintf(w, "  e.g. %s\n", msg)
	}
	switch {
	case r.Interrupted:
		fmt.Fprintln(w, "verdict: NONE — interrupted, the figures cover part of the window")
	case r.Verdict.Pass:
		fmt.Fprintf(w, "verdict: PASS against Entra's expectations — %s\n", strings.Join(r.Verdict.Reasons, "; "))
	default:
		fmt.Fprintf(w, "verdict: FAIL against Entra's expectations — %s\n", strings.Join(r.Verdict.Reasons, "; "))
	}
	writeCleanup(w, r.Cleanup)
}

func writeSpread(w io.Writer, name string, s Spread) {
	if s.Count == 0 {
		fmt.Fprintf(w, "  %s: none\n", name)
		return
	}
	fmt.Fprintf(w, "  %s: %d operations, p50 %s, p95 %s, p99 %s, max %s\n", name, s.Count, ms(s.P50), ms(s.P95), ms(s.P99), ms(s.Max))
}

func writeCleanup(w io.Writer, c CleanupReport) {
	fmt.Fprintf(w, "cleanup: removed %d of %d users the run created (%d requests)\n", c.Removed, c.Created, c.Requests)
	if len(c.Left) == 0 {
		return
	}
	const show = 10
	names := c.Left[:min(show, len(c.Left))]
	more := ""
	if len(c.Left) > show {
		more = fmt.Sprintf(" and %d more", len(c.Left)-show)
	}
	fmt.Fprintf(w, "  WARNING: %d users may still be in the tenant; delete them by hand: %s%s\n", len(c.Left), strings.Join(names, ", "), more)
	for _, p := range c.Problems {
		fmt.Fprintf(w, "  e.g. %s\n", p)
	}
}

// histogram reads "200 ×75, 201 ×50, no answer ×2", codes ascending.
func histogram(s Summary) string {
	codes := make([]int, 0, len(s.Statuses))
	for c := range s.Statuses {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	parts := make([]string, 0, len(codes)+1)
	for _, c := range codes {
		parts = append(parts, fmt.Sprintf("%d ×%d", c, s.Statuses[c]))
	}
	if s.NoAnswer > 0 {
		parts = append(parts, fmt.Sprintf("no answer ×%d", s.NoAnswer))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// ms prints a latency in milliseconds with one decimal: sandbox latencies
// are sub-millisecond, a tenant's tens to hundreds.
func ms(d time.Duration) string {
	return fmt.Sprintf("%.1fms", float64(d)/float64(time.Millisecond))
}
