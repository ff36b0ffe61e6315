package load

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestSlotArithmetic(t *testing.T) {
	tests := []struct {
		name    string
		rate    float64
		window  time.Duration
		planned int
		slot    int
		offset  time.Duration
	}{
		{"Entra's pace, default window", 25, 20 * time.Second, 500, 1, 40 * time.Millisecond},
		{"float rounding keeps 5s × 25/s at 125", 25, 5 * time.Second, 125, 125, 5 * time.Second},
		{"fractional rate", 0.5, 9 * time.Second, 4, 3, 6 * time.Second},
		{"part of a slot does not count", 10, 1050 * time.Millisecond, 10, 4, 400 * time.Millisecond},
		{"no window", 25, 0, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.planned, plannedSlots(tt.window, tt.rate))
			assert.Equal(t, tt.offset, slotOffset(tt.slot, tt.rate))
		})
	}
}

func TestFits(t *testing.T) {
	tests := []struct {
		name   string
		k, w   int
		window time.Duration
		want   bool
	}{
		{"first job", 0, 2, time.Second, true},
		{"ends on the last slot", 23, 2, time.Second, true},
		{"would end after the window", 24, 2, time.Second, false},
		{"no window: always", 1 << 20, 2, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, fits(tt.k, tt.w, 25, tt.window))
		})
	}
}

// jobs hands out n jobs of the given weights in turn, counting runs.
func jobs(n int, weights []int, ran *atomic.Int64, work func(context.Context)) func() (Job, bool) {
	i := 0
	return func() (Job, bool) {
		if n >= 0 && i >= n {
			return Job{}, false
		}
		w := weights[i%len(weights)]
		i++
		return Job{Weight: w, Run: func(ctx context.Context) {
			ran.Add(1)
			if work != nil {
				work(ctx)
			}
		}}, true
	}
}

func TestPaceFillsTheWindow(t *testing.T) {
	var ran atomic.Int64
	// 2000/s for 50 ms: 100 slots; weights 2,1,1 repeat (an Entra cycle).
	r := Pace(context.Background(), Pacing{Rate: 2000, Duration: 50 * time.Millisecond, Concurrency: 8}, jobs(-1, []int{2, 1, 1}, &ran, nil))
	assert.Equal(t, 100, r.Planned)
	assert.Equal(t, int64(r.Jobs), ran.Load(), "every started job ran")
	assert.Equal(t, 100, r.Slots+r.Missed, "slots started plus slots missed fill the window")
	assert.False(t, r.Interrupted)
}

func TestPaceUntilJobsRunDry(t *testing.T) {
	var ran atomic.Int64
	r := Pace(context.Background(), Pacing{Rate: 5000, Concurrency: 4}, jobs(7, []int{1, 2}, &ran, nil))
	assert.Equal(t, 7, r.Jobs)
	assert.Equal(t, int64(7), ran.Load())
	assert.Equal(t, 1+2+1+2+1+2+1, r.Slots)
	assert.Zero(t, r.Planned)
	assert.Zero(t, r.Missed)
}

func TestPaceRecordsWhenItCannotKeepUp(t *testing.T) {
	var ran atomic.Int64
	// One worker, jobs that hold it 30 ms, a slot every 10 ms: from the
	// second job on each starts at least 20 ms late, and of the 10 slots
	// of the 100 ms window at most 4 can start.
	slow := func(ctx context.Context) {
		select {
		case <-time.After(30 * time.Millisecond):
		case <-ctx.Done():
		}
	}
	r := Pace(context.Background(), Pacing{Rate: 100, Duration: 100 * time.Millisecond, Concurrency: 1}, jobs(-1, []int{1}, &ran, slow))
	assert.Equal(t, 10, r.Planned)
	assert.GreaterOrEqual(t, r.Late, 1)
	assert.Equal(t, r.Late, r.Jobs-1, "every job but the first waited for the worker")
	assert.GreaterOrEqual(t, r.MaxLag, 20*time.Millisecond)
	assert.GreaterOrEqual(t, r.Missed, 6)
	assert.Equal(t, r.Planned, r.Slots+r.Missed)
	assert.Equal(t, int64(r.Jobs), ran.Load())
}

func TestPaceStopsOnInterrupt(t *testing.T) {
	var ran atomic.Int64
	ctx, cancel := context.WithCancel(context.Background())
	stopAfter := func(context.Context) {
		if ran.Load() == 3 {
			cancel()
		}
	}
	r := Pace(ctx, Pacing{Rate: 1000, Duration: time.Hour, Concurrency: 1}, jobs(-1, []int{1}, &ran, stopAfter))
	assert.True(t, r.Interrupted)
	assert.Equal(t, int64(r.Jobs), ran.Load())
	assert.GreaterOrEqual(t, r.Jobs, 3)
	assert.Less(t, r.Jobs, 3_600_000)
}
