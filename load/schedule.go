package load

import (
	"context"
	"math"
	"sync"
	"time"
)

// Job is one scheduled unit of work: an IdP operation expected to send
// Weight requests. Run must return when ctx is done.
type Job struct {
	Weight int
	Run    func(ctx context.Context)
}

// Pacing is an open-loop schedule: request slot k starts at k/Rate seconds
// after the start whatever the latency of earlier requests, so a slow
// target cannot slow the IdP down (Entra does not wait either). A job of
// weight w takes w consecutive slots.
type Pacing struct {
	Rate float64 // requests per second, > 0
	// Duration is the window: a job whose slots end after it is not
	// started. 0 → run until next has no more jobs (cleanup).
	Duration time.Duration
	// Concurrency bounds the jobs in flight. When every worker is busy a
	// job starts late; that is the scheduler failing to keep up, recorded.
	Concurrency int
}

// PaceReport is what the scheduler did.
type PaceReport struct {
	Jobs    int           // jobs started
	Slots   int           // request slots the started jobs took (sum of weights)
	Planned int           // slots the window holds at Rate (0 without a Duration)
	Late    int           // jobs started more than one slot interval after their time
	MaxLag  time.Duration // the latest start relative to schedule
	// Missed counts the slots due in the window that never started
	// because every worker was still waiting for an answer at its end.
	Missed      int
	Elapsed     time.Duration // first slot until the last job returned
	Interrupted bool          // ctx ended the schedule early
	// Lags holds each started job's start minus its slot time: the
	// scheduler's lateness, never part of the target's service time.
	Lags []time.Duration
}

// slotOffset is when slot k starts, relative to the first.
func slotOffset(k int, rate float64) time.Duration {
	return time.Duration(float64(k) / rate * float64(time.Second))
}

// plannedSlots is how many slots a window of d holds at rate; the small
// epsilon keeps 5s × 25/s at 125 despite float rounding.
func plannedSlots(d time.Duration, rate float64) int {
	if d <= 0 {
		return 0
	}
	return int(math.Floor(d.Seconds()*rate + 1e-9))
}

// fits reports whether a job of weight w starting at slot k ends inside
// the window d (d == 0: no window).
func fits(k, w int, rate float64, d time.Duration) bool {
	return d <= 0 || k+w <= plannedSlots(d, rate)
}

// Pace starts the jobs next hands out on schedule until the window is
// full, next runs dry or ctx ends, then waits for the jobs in flight.
func Pace(ctx context.Context, p Pacing, next func() (Job, bool)) PaceReport {
	conc := max(p.Concurrency, 1)
	interval := slotOffset(1, p.Rate)
	sem := make(chan struct{}, conc)
	var wg sync.WaitGroup
	r := PaceReport{Planned: plannedSlots(p.Duration, p.Rate)}
	start := time.Now()
	var deadline <-chan time.Time
	if p.Duration > 0 {
		t := time.NewTimer(p.Duration)
		defer t.Stop()
		deadline = t.C
	}
loop:
	for {
		job, ok := next()
		if !ok {
			break
		}
		w := max(job.Weight, 1)
		if !fits(r.Slots, w, p.Rate, p.Duration) {
			break
		}
		at := start.Add(slotOffset(r.Slots, p.Rate))
		if wait := time.Until(at); wait > 0 {
			t := time.NewTimer(wait)
			select {
			case <-ctx.Done():
				t.Stop()
				r.Interrupted = true
				break loop
			case <-t.C:
			}
		}
		select {
		case sem <- struct{}{}: // a free worker: on time
		default:
			// Every worker waits for an answer: the job starts late, or
			// not at all when the window closes first.
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				r.Interrupted = true
				break loop
			case <-deadline:
				r.Missed = r.Planned - r.Slots
				break loop
			}
		}
		if ctx.Err() != nil {
			<-sem
			r.Interrupted = true
			break
		}
		lag := time.Since(at)
		if lag > interval {
			r.Late++
		}
		r.MaxLag = max(r.MaxLag, lag)
		r.Lags = append(r.Lags, max(lag, 0))
		r.Jobs++
		r.Slots += w
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			job.Run(ctx)
		}()
	}
	wg.Wait()
	r.Elapsed = time.Since(start)
	return r
}
