package steps

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/scimharness/scimharness/admin"
)

// clockCheckTimeout bounds the read that settles whether a move whose
// answer was lost took place; it runs even when the run was interrupted.
const clockCheckTimeout = 30 * time.Second

// ClockLedger books every move of the target's sandbox clock the run
// makes, so that the run leaves the clock where it found it: the clock is
// shared by every tenant and every other client of the target (contract
// section 3: "a client that moves it moves it back when it is done"). A
// scenario moves it back in its cleanup; Restore, at the end of the run,
// undoes whatever a failed or interrupted cleanup left. Only the run's own
// moves are undone, never another client's. Safe for concurrent use.
type ClockLedger struct {
	mu  sync.Mutex
	net time.Duration
}

// Net is how far the run has moved the clock and not moved it back.
func (l *ClockLedger) Net() time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.net
}

// Advance moves the clock forward by d and books it. moved says whether
// the clock moved, even when err is set: when the answer is lost (a
// timeout, an interrupted run) the clock is read again to find out.
func (l *ClockLedger) Advance(ctx context.Context, ac *admin.Client, d time.Duration) (moved bool, err error) {
	return l.move(ctx, ac, d)
}

// Rewind moves the clock back by d and books it.
func (l *ClockLedger) Rewind(ctx context.Context, ac *admin.Client, d time.Duration) (moved bool, err error) {
	return l.move(ctx, ac, -d)
}

// Restore moves the clock back by whatever the run still has booked and
// returns how far that was.
func (l *ClockLedger) Restore(ctx context.Context, ac *admin.Client) (time.Duration, error) {
	net := l.Net()
	if net == 0 {
		return 0, nil
	}
	if _, err := l.move(ctx, ac, -net); err != nil {
		return net, fmt.Errorf("the sandbox clock is still %s ahead of where the run found it; move it back with "+
			"POST /admin/v1/clock {\"advance\":\"%s\"}: %w", l.Net(), -l.Net(), err)
	}
	return net, nil
}

func (l *ClockLedger) move(ctx context.Context, ac *admin.Client, d time.Duration) (bool, error) {
	if d == 0 {
		return false, nil
	}
	before, readErr := ac.Clock(ctx)
	var err error
	if d > 0 {
		_, err = ac.AdvanceClock(ctx, d)
	} else {
		_, err = ac.RewindClock(ctx, -d)
	}
	moved := err == nil
	var refused *admin.Error
	if err != nil && readErr == nil && !errors.As(err, &refused) {
		// No answer: the request may have reached the target. The clock
		// runs on by itself, so "moved" means it went at least half of d.
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), clockCheckTimeout)
		after, err2 := ac.Clock(cctx)
		cancel()
		step := after.Sub(before)
		moved = err2 == nil && (d > 0 && step >= d/2 || d < 0 && step <= d/2)
	}
	if moved {
		l.mu.Lock()
		l.net += d
		l.mu.Unlock()
	}
	return moved, err
}
