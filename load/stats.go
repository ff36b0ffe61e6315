package load

import (
	"math"
	"slices"
	"strings"
	"sync"
	"time"
)

// Percentile is the nearest-rank percentile p (0–100) of sorted, ascending
// latencies: the smallest value with at least p% of the values at or below
// it. p <= 0 gives the minimum; an empty slice gives 0.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	rank = min(max(rank, 1), len(sorted))
	return sorted[rank-1]
}

// Stats collects every request of a load run. Safe for concurrent use.
type Stats struct {
	mu        sync.Mutex
	ops       map[string]*opRecord
	statuses  map[int]int
	noAnswer  int
	failed    int
	cancelled int
	samples   []string
}

type opRecord struct {
	latencies []time.Duration
	failed    int
}

// maxSamples bounds the failure messages kept for the report.
const maxSamples = 3

// NewStats returns empty Stats.
func NewStats() *Stats {
	return &Stats{ops: map[string]*opRecord{}, statuses: map[int]int{}}
}

// Record adds one request: its operation label, its status (0 when no
// answer came), its latency, and whether the IdP would count it failed.
func (s *Stats) Record(op string, status int, latency time.Duration, failed bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec := s.ops[op]
	if rec == nil {
		rec = &opRecord{}
		s.ops[op] = rec
	}
	rec.latencies = append(rec.latencies, latency)
	if status == 0 {
		s.noAnswer++
	} else {
		s.statuses[status]++
	}
	if failed {
		rec.failed++
		s.failed++
	}
}

// Cancelled counts a request cut off by the user's interrupt: not the
// target's fault, so it is in no figure.
func (s *Stats) Cancelled() {
	s.mu.Lock()
	s.cancelled++
	s.mu.Unlock()
}

// Sample keeps a (masked) failure message for the report, the first few
// distinct ones only.
func (s *Stats) Sample(msg string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.samples) < maxSamples && !slices.Contains(s.samples, msg) {
		s.samples = append(s.samples, msg)
	}
}

// Spread is a distribution of waits that are not the target's service
// time (schedule lag, time queued behind the same user).
type Spread struct {
	Count              int
	P50, P95, P99, Max time.Duration
}

// SpreadOf summarizes ds (any order; ds is sorted in place).
func SpreadOf(ds []time.Duration) Spread {
	slices.Sort(ds)
	return Spread{Count: len(ds), P50: Percentile(ds, 50), P95: Percentile(ds, 95), P99: Percentile(ds, 99), Max: Percentile(ds, 100)}
}

// OpSummary is the latency of one operation.
type OpSummary struct {
	Name               string
	Count, Failed      int
	P50, P95, P99, Max time.Duration
}

// Summary is Stats at the end of the run.
type Summary struct {
	Requests  int         // answered or not; cancelled ones excluded
	Failed    int         // requests the IdP would count as failed
	NoAnswer  int         // transport errors and timeouts (also in Failed)
	Cancelled int         // cut off by an interrupt
	Statuses  map[int]int // status code → requests
	Ops       []OpSummary // in cycle order
	Samples   []string    // the first failure messages, masked
}

// ErrorRate is Failed / Requests (0 without requests).
func (s Summary) ErrorRate() float64 {
	if s.Requests == 0 {
		return 0
	}
	return float64(s.Failed) / float64(s.Requests)
}

// ServerErrors counts 5xx answers.
func (s Summary) ServerErrors() int {
	n := 0
	for code, c := range s.Statuses {
		if code >= 500 && code <= 599 {
			n += c
		}
	}
	return n
}

// Summarize computes the figures.
func (s *Stats) Summarize() Summary {
	s.mu.Lock()
	defer s.mu.Unlock()
	sum := Summary{Failed: s.failed, NoAnswer: s.noAnswer, Cancelled: s.cancelled,
		Statuses: map[int]int{}, Samples: slices.Clone(s.samples)}
	for code, n := range s.statuses {
		sum.Statuses[code] = n
	}
	for name, rec := range s.ops {
		lat := slices.Clone(rec.latencies)
		slices.Sort(lat)
		sum.Requests += len(lat)
		sum.Ops = append(sum.Ops, OpSummary{
			Name: name, Count: len(lat), Failed: rec.failed,
			P50: Percentile(lat, 50), P95: Percentile(lat, 95), P99: Percentile(lat, 99), Max: Percentile(lat, 100),
		})
	}
	slices.SortFunc(sum.Ops, func(a, b OpSummary) int {
		if ra, rb := opRank(a.Name), opRank(b.Name); ra != rb {
			return ra - rb
		}
		return strings.Compare(a.Name, b.Name)
	})
	return sum
}

// opOrder is the cycle's order, for a table that reads like the cycle.
var opOrder = []string{opLookup, opCreate, opReactivate, opUpdate, opDeactivate}

func opRank(name string) int {
	for i, prefix := range opOrder {
		if strings.HasPrefix(name, prefix+" ") {
			return i
		}
	}
	return len(opOrder)
}
