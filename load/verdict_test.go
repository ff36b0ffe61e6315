package load

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestJudge(t *testing.T) {
	ok := func(requests, failed int, statuses map[int]int) Summary {
		return Summary{Requests: requests, Failed: failed, Statuses: statuses}
	}
	tests := []struct {
		name     string
		target   float64
		achieved float64
		sum      Summary
		pass     bool
		reason   string // a clause the verdict must hold
	}{
		{"on target, clean", 25, 25, ok(500, 0, map[int]int{200: 250, 201: 250}), true, "no 5xx"},
		{"exactly 95% of the rate passes", 25, 23.75, ok(475, 0, map[int]int{200: 475}), true, "23.8 requests/s ≥ 95% of 25"},
		{"just under 95% fails", 25, 23.7, ok(474, 0, map[int]int{200: 474}), false, "expected at least 23.75 requests/s"},
		{"39.9% errors passes (below quarantine)", 25, 25, ok(1000, 399, map[int]int{200: 601, 409: 399}), true, "error rate 39.9% < 40%"},
		{"40% errors is quarantine", 25, 25, ok(100, 40, map[int]int{200: 60, 429: 40}), false, "Entra quarantines the job), got 40.0%"},
		{"a single 5xx fails", 25, 25, ok(100, 1, map[int]int{200: 99, 500: 1}), false, "expected no 5xx answer, got 1"},
		{"503 is a 5xx", 25, 25, ok(100, 2, map[int]int{200: 98, 503: 2}), false, "got 2"},
		{"timeouts count as errors, not as 5xx", 25, 25, Summary{Requests: 10, Failed: 5, NoAnswer: 5, Statuses: map[int]int{200: 5}}, false, "got 50.0%"},
		{"no requests is no pass", 25, 0, Summary{}, false, "expected requests to be sent, got none"},
		{"another target rate", 100, 96, ok(960, 0, map[int]int{200: 960}), true, "96.0 requests/s ≥ 95% of 100"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := Judge(tt.target, tt.achieved, tt.sum)
			assert.Equal(t, tt.pass, v.Pass, v.Reasons)
			assert.Contains(t, strings.Join(v.Reasons, "; "), tt.reason)
		})
	}
}
