package simulator

import "sync"

// DefaultRecorderSize bounds memory for long runs; reports need the recent
// exchanges of a failing scenario, not the whole run.
const DefaultRecorderSize = 2048

// Recorder keeps the most recent exchanges in a ring. Safe for concurrent use.
type Recorder struct {
	mu    sync.Mutex
	ring  []*Exchange
	next  int
	total int
}

// NewRecorder returns a Recorder holding at most size exchanges (size <= 0 → DefaultRecorderSize).
func NewRecorder(size int) *Recorder {
	if size <= 0 {
		size = DefaultRecorderSize
	}
	return &Recorder{ring: make([]*Exchange, size)}
}

// Record stores e, evicting the oldest exchange when full.
func (r *Recorder) Record(e *Exchange) {
	if r == nil || e == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.ring) == 0 {
		r.ring = make([]*Exchange, DefaultRecorderSize)
	}
	r.ring[r.next] = e
	r.next = (r.next + 1) % len(r.ring)
	r.total++
}

// Total is the number of exchanges ever recorded; use it as a mark and
// pass it to Since to get what happened after the mark.
func (r *Recorder) Total() int {
	if r == nil {
		return 0
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.total
}

// Exchanges returns the retained exchanges, oldest first.
func (r *Recorder) Exchanges() []*Exchange {
	return r.Since(0)
}

// Since returns the retained exchanges recorded after mark (a value of
// Total), oldest first. Exchanges already evicted are gone.
func (r *Recorder) Since(mark int) []*Exchange {
	if r == nil {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	n := r.total - mark
	if n <= 0 {
		return nil
	}
	if n > r.total {
		n = r.total
	}
	if n > len(r.ring) {
		n = len(r.ring)
	}
	out := make([]*Exchange, 0, n)
	start := (r.next - n + len(r.ring)) % len(r.ring)
	for i := 0; i < n; i++ {
		out = append(out, r.ring[(start+i)%len(r.ring)])
	}
	return out
}
