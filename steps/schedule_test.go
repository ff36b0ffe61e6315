package steps

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSchedulerRunsAloneScenariosAlone: many scenarios, some of which
// must run alone, enter at once; no scenario ever overlaps one that runs
// alone, and the others do overlap each other.
func TestSchedulerRunsAloneScenariosAlone(t *testing.T) {
	var s scheduler
	var inFlight, aloneInFlight, maxShared atomic.Int32
	var wg sync.WaitGroup
	for i := range 60 {
		alone := i%10 == 3
		wg.Add(1)
		go func() {
			defer wg.Done()
			leave, err := s.enter(context.Background(), alone)
			require.NoError(t, err)
			n := inFlight.Add(1)
			if alone {
				aloneInFlight.Add(1)
				assert.EqualValues(t, 1, n, "a scenario that runs alone had company")
			} else {
				assert.Zero(t, aloneInFlight.Load(), "a scenario started beside one that runs alone")
				for m := maxShared.Load(); n > m && !maxShared.CompareAndSwap(m, n); m = maxShared.Load() {
				}
			}
			time.Sleep(2 * time.Millisecond)
			if alone {
				aloneInFlight.Add(-1)
			}
			inFlight.Add(-1)
			leave()
			leave() // a second call is harmless
		}()
	}
	wg.Wait()
	assert.Greater(t, maxShared.Load(), int32(1), "the other scenarios ran side by side")
}

// TestSchedulerWaitingAloneGoesFirst: once a scenario waits to run alone,
// no new scenario starts before it, so a steady flow cannot starve it.
func TestSchedulerWaitingAloneGoesFirst(t *testing.T) {
	var s scheduler
	ctx := context.Background()
	leaveShared, err := s.enter(ctx, false)
	require.NoError(t, err)

	order := make(chan string, 2)
	go func() {
		leave, err := s.enter(ctx, true)
		require.NoError(t, err)
		order <- "alone"
		leave()
	}()
	require.Eventually(t, func() bool { s.mu.Lock(); defer s.mu.Unlock(); return s.waiting == 1 }, time.Second, time.Millisecond)
	go func() {
		leave, err := s.enter(ctx, false)
		require.NoError(t, err)
		order <- "later"
		leave()
	}()
	time.Sleep(10 * time.Millisecond)
	leaveShared()
	assert.Equal(t, "alone", <-order)
	assert.Equal(t, "later", <-order)
}

// TestSchedulerWaitEndsOnInterrupt: a scenario waiting for its turn gives
// up when the run is interrupted, and does not block the others after it.
func TestSchedulerWaitEndsOnInterrupt(t *testing.T) {
	var s scheduler
	leaveAlone, err := s.enter(context.Background(), true)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() {
		_, err := s.enter(ctx, true)
		done <- err
	}()
	cancel()
	assert.ErrorIs(t, <-done, context.Canceled)
	leaveAlone()
	leave, err := s.enter(context.Background(), false)
	require.NoError(t, err, "the cancelled waiter no longer holds others back")
	leave()
}
