package sandbox

import (
	"sync"
	"time"
)

// Clock is the sandbox's notion of "now". It follows real time plus an offset
// that the admin API can advance, so token expiry is testable without waiting
// 30 days (contract section 3, "Sandbox-only: the clock").
type Clock struct {
	mu     sync.RWMutex
	offset time.Duration
	now    func() time.Time
}

// NewClock returns a clock that starts at real time.
func NewClock() *Clock { return &Clock{now: time.Now} }

// NewFixedClock returns a clock frozen at t until advanced; tests use it for
// exact expiry arithmetic.
func NewFixedClock(t time.Time) *Clock {
	return &Clock{now: func() time.Time { return t }}
}

// Now is real (or frozen) time plus every advance so far, in UTC.
func (c *Clock) Now() time.Time {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.now().Add(c.offset).UTC()
}

// Advance moves the clock forward by d (a negative d moves it back).
func (c *Clock) Advance(d time.Duration) time.Time {
	c.mu.Lock()
	c.offset += d
	c.mu.Unlock()
	return c.Now()
}
