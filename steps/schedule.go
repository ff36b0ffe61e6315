package steps

import (
	"context"
	"sync"
)

// scheduler lets scenarios run side by side except those that must have
// the target to themselves (runsAlone): such a scenario waits until none
// is in flight, and while it waits or runs no other starts. A waiting
// scenario goes first, so a steady flow of others cannot starve it.
// Waiting ends when the run is interrupted.
type scheduler struct {
	mu      sync.Mutex
	running int           // scenarios in flight alongside others
	alone   bool          // a scenario that runs alone is in flight
	waiting int           // scenarios waiting to run alone
	changed chan struct{} // closed and replaced whenever the state above changes
}

// enter blocks until the scenario may start and returns the func that
// ends its turn (call it once, after the scenario's cleanups).
func (s *scheduler) enter(ctx context.Context, alone bool) (leave func(), err error) {
	s.mu.Lock()
	if alone {
		s.waiting++
	}
	for {
		free := !s.alone && (alone && s.running == 0 || !alone && s.waiting == 0)
		if free {
			break
		}
		ch := s.signal()
		s.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			s.mu.Lock()
			if alone {
				s.waiting--
				s.broadcast()
			}
			s.mu.Unlock()
			return nil, ctx.Err()
		}
		s.mu.Lock()
	}
	if alone {
		s.waiting--
		s.alone = true
	} else {
		s.running++
	}
	s.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			s.mu.Lock()
			defer s.mu.Unlock()
			if alone {
				s.alone = false
			} else {
				s.running--
			}
			s.broadcast()
		})
	}, nil
}

// signal is the channel the next change closes; s.mu held.
func (s *scheduler) signal() chan struct{} {
	if s.changed == nil {
		s.changed = make(chan struct{})
	}
	return s.changed
}

// broadcast wakes every waiter; s.mu held.
func (s *scheduler) broadcast() {
	if s.changed != nil {
		close(s.changed)
		s.changed = nil
	}
}

// interrupted is the context whose end means "start no more scenarios":
// Env.Interrupt, or ctx when the harness gave none.
func (e *Env) interrupted(ctx context.Context) context.Context {
	if e.Interrupt != nil {
		return e.Interrupt
	}
	return ctx
}
