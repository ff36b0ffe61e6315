package load

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func ms10(xs ...int) []time.Duration {
	out := make([]time.Duration, len(xs))
	for i, x := range xs {
		out[i] = time.Duration(x) * time.Millisecond
	}
	return out
}

func TestPercentile(t *testing.T) {
	hundred := make([]int, 100)
	for i := range hundred {
		hundred[i] = i + 1
	}
	tests := []struct {
		name   string
		sorted []time.Duration
		p      float64
		want   time.Duration
	}{
		{"empty", nil, 50, 0},
		{"one value, any percentile", ms10(7), 99, 7 * time.Millisecond},
		{"p0 is the minimum", ms10(1, 2, 3), 0, 1 * time.Millisecond},
		{"p100 is the maximum", ms10(1, 2, 3), 100, 3 * time.Millisecond},
		{"median of odd count", ms10(1, 2, 3, 4, 5), 50, 3 * time.Millisecond},
		{"median of even count is the lower middle (nearest rank)", ms10(1, 2, 3, 4), 50, 2 * time.Millisecond},
		{"p95 of 1..100", ms10(hundred...), 95, 95 * time.Millisecond},
		{"p99 of 1..100", ms10(hundred...), 99, 99 * time.Millisecond},
		{"p99 of 10 values is the maximum", ms10(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 99, 10 * time.Millisecond},
		{"p95 of 20 values", ms10(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20), 95, 19 * time.Millisecond},
		{"p above 100 clamps", ms10(1, 2), 150, 2 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, Percentile(tt.sorted, tt.p))
		})
	}
}

func TestStatsSummarize(t *testing.T) {
	s := NewStats()
	s.Record("deactivate PATCH", 204, 3*time.Millisecond, false)
	s.Record("look-up GET", 200, 2*time.Millisecond, false)
	s.Record("look-up GET", 200, 1*time.Millisecond, false)
	s.Record("create POST", 201, 5*time.Millisecond, false)
	s.Record("create POST", 503, 9*time.Millisecond, true)
	s.Record("update PATCH", 0, 30*time.Second, true)
	s.Cancelled()
	s.Sample("create POST: expected 201, got 503")
	s.Sample("create POST: expected 201, got 503")

	sum := s.Summarize()
	assert.Equal(t, 6, sum.Requests)
	assert.Equal(t, 2, sum.Failed)
	assert.Equal(t, 1, sum.NoAnswer)
	assert.Equal(t, 1, sum.Cancelled)
	assert.Equal(t, map[int]int{200: 2, 201: 1, 204: 1, 503: 1}, sum.Statuses)
	assert.Equal(t, 1, sum.ServerErrors())
	assert.InDelta(t, 2.0/6.0, sum.ErrorRate(), 1e-9)
	assert.Equal(t, []string{"create POST: expected 201, got 503"}, sum.Samples)

	names := make([]string, len(sum.Ops))
	total := 0
	for i, o := range sum.Ops {
		names[i] = o.Name
		total += o.Count
	}
	assert.Equal(t, []string{"look-up GET", "create POST", "update PATCH", "deactivate PATCH"}, names, "the cycle's order")
	assert.Equal(t, sum.Requests, total)
	require.Len(t, sum.Ops, 4)
	lookup := sum.Ops[0]
	assert.Equal(t, OpSummary{Name: "look-up GET", Count: 2, P50: time.Millisecond, P95: 2 * time.Millisecond, P99: 2 * time.Millisecond, Max: 2 * time.Millisecond}, lookup)
	assert.Equal(t, 1, sum.Ops[1].Failed)
}

func TestErrorRateWithoutRequests(t *testing.T) {
	assert.Zero(t, Summary{}.ErrorRate())
}

func TestSpreadOf(t *testing.T) {
	ms := func(n int) time.Duration { return time.Duration(n) * time.Millisecond }
	s := SpreadOf([]time.Duration{ms(5), ms(1), ms(3), ms(2), ms(4)})
	assert.Equal(t, Spread{Count: 5, P50: ms(3), P95: ms(5), P99: ms(5), Max: ms(5)}, s)
	assert.Equal(t, Spread{}, SpreadOf(nil))
}
