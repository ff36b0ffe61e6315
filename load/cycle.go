package load

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/scimharness/scimharness/simulator"
)

// Operation labels in the report; each is followed by the HTTP method.
const (
	opLookup     = "look-up"
	opCreate     = "create"
	opReactivate = "reactivate"
	opUpdate     = "update"
	opDeactivate = "deactivate"
)

// step is where a user stands in the IdP's cycle.
type step int

const (
	stepProvision  step = iota // look-up, then create (first round) or reactivate (later rounds)
	stepUpdate                 // the dialect's update: PATCH, PUT, or GET then PUT
	stepDeactivate             // the dialect's active=false
	stepCount
)

// member is one user of the run's directory and its place in the cycle.
type member struct {
	mu     sync.Mutex
	user   *simulator.User
	next   step
	rounds int  // cycles completed
	tried  bool // a create was sent: the target may hold the user even without an id
}

// cycle hands out the jobs of the IdP's provisioning cycle: users go in
// batches, each batch through provision, update and deactivate, like an
// Entra cycle processes its users; when every user has been through, the
// next round reactivates (look-up, then active=true), updates and
// deactivates them again, so the run creates --users accounts at most.
type cycle struct {
	idp     func() *simulator.IdP // a fresh IdP per operation: its Exchanges are that operation's
	dialect simulator.Dialect
	dir     *simulator.Directory
	members []*member
	batch   int
	cursor  int // next job index; next() is called by the scheduler alone
	stats   *Stats
	mask    func(string) string
	waits   atomic.Int64 // operations that waited for the same user's previous one
	qmu     sync.Mutex
	queued  []time.Duration // how long each of those waited
}

// position maps job index k to a member and the step the plan has for it.
func (c *cycle) position(k int) (*member, step) {
	n := len(c.members)
	perRound := n * int(stepCount)
	k %= perRound
	b := k / (c.batch * int(stepCount)) // batch number
	first := b * c.batch
	size := min(c.batch, n-first)
	within := k - first*int(stepCount)
	return c.members[first+within%size], step(within / size)
}

// next is the scheduler's source of jobs; it never runs dry.
func (c *cycle) next() (Job, bool) {
	m, s := c.position(c.cursor)
	c.cursor++
	again := c.cursor > len(c.members)*int(stepCount)
	return Job{Weight: stepWeight(c.dialect, s, again), Run: func(ctx context.Context) { c.run(ctx, m) }}, true
}

// stepWeight is how many requests a step sends in the dialect, so the
// scheduler gives it that many slots. The figures count the requests
// actually sent; TestStepWeight keeps this in line with the simulator.
func stepWeight(d simulator.Dialect, s step, again bool) int {
	switch s {
	case stepProvision:
		if again {
			return 1 + activeWeight(d) // look-up finds the user, then active=true
		}
		return 2 // look-up, create
	case stepUpdate:
		if d.Update == simulator.UpdateGetPut {
			return 2
		}
		return 1
	}
	return activeWeight(d)
}

func activeWeight(d simulator.Dialect) int {
	if d.Deactivate == simulator.DeactivatePut && d.Update == simulator.UpdateGetPut {
		return 2 // GET, then PUT with active changed
	}
	return 1
}

// run performs the member's pending step: the planned one, or an earlier
// one that failed before (Entra retries failed users in later cycles).
func (c *cycle) run(ctx context.Context, m *member) {
	if !m.mu.TryLock() {
		c.waits.Add(1) // its previous operation is still waiting for an answer
		began := time.Now()
		m.mu.Lock()
		c.qmu.Lock()
		c.queued = append(c.queued, time.Since(began))
		c.qmu.Unlock()
	}
	defer m.mu.Unlock()
	if ctx.Err() != nil {
		return
	}
	idp := c.idp()
	u := m.user
	var err error
	switch m.next {
	case stepProvision:
		u.Active = true
		if u.ID == "" {
			m.tried = true
		}
		_, err = idp.Provision(ctx, u)
	case stepUpdate:
		_, err = idp.Update(ctx, u, c.dir.NewChanges(u))
	case stepDeactivate:
		_, err = idp.Deactivate(ctx, u)
	}
	c.record(ctx, m.next, idp.Exchanges(), err)
	if err == nil {
		m.next = (m.next + 1) % stepCount
		if m.next == stepProvision {
			m.rounds++
		}
	}
}

// record adds the operation's requests to the figures. The IdP stops at
// the first answer it does not accept, so only the last request of a
// failed operation failed.
func (c *cycle) record(ctx context.Context, s step, exs []*simulator.Exchange, err error) {
	if err != nil && len(exs) == 0 {
		// Nothing went out: a harness problem, not the target's.
		c.stats.Sample("harness: " + c.mask(err.Error()))
		return
	}
	for i, ex := range exs {
		if ex.Err != nil && ctx.Err() != nil && errors.Is(ex.Err, context.Canceled) {
			c.stats.Cancelled()
			continue
		}
		failed := err != nil && i == len(exs)-1
		c.stats.Record(opLabel(s, i, ex), ex.Status, ex.Duration, failed)
		if failed {
			c.stats.Sample(opLabel(s, i, ex) + ": " + c.mask(err.Error()))
		}
	}
}

// opLabel names a request for the report: the cycle operation and method.
func opLabel(s step, i int, ex *simulator.Exchange) string {
	name := opDeactivate
	switch s {
	case stepProvision:
		switch {
		case i == 0:
			name = opLookup
		case ex.Method == http.MethodPost:
			name = opCreate
		default:
			name = opReactivate
		}
	case stepUpdate:
		name = opUpdate
	}
	return name + " " + ex.Method
}
