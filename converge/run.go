package converge

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/scimharness/scimharness/admin"
	"github.com/scimharness/scimharness/simulator"
)

// runner is one converge run in progress.
type runner struct {
	cfg      Config
	client   *simulator.Client
	admin    *admin.Client // nil without an admin API
	tenant   string
	mask     func(string) string
	log      io.Writer
	progress Progress
	sem      chan struct{}
	limit    *limiter
	slices   []*slice
	mu       sync.Mutex
	stats    *phaseStats
}

// Run plays the directory's life against the target, reconciles, and
// removes what it made unless cfg.Keep. Errors are harness or
// configuration problems (no verdict); drift and refused writes are in the
// Result.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.Mix == nil {
		cfg.Mix = DefaultMix()
	}
	if cfg.Seed == 0 {
		cfg.Seed = time.Now().UnixNano()
	}
	if cfg.Slices == 0 {
		cfg.Slices = DefaultSlices
	}
	m := cfg.Masker
	if m == nil {
		m = simulator.NewMasker()
	}
	m.Add(cfg.Token, cfg.AdminToken)
	r := &runner{cfg: cfg, mask: m.Mask, log: cfg.Log, progress: cfg.Progress, sem: make(chan struct{}, cfg.workers())}
	if r.log == nil {
		r.log = io.Discard
	}
	if r.progress == nil {
		r.progress = noProgress{}
	}
	hc := pooled(cfg.HTTPClient, cfg.workers())
	r.client = simulator.NewClient(simulator.ClientConfig{
		BaseURL: cfg.BaseURL, Token: cfg.Token, Masker: m, HTTPClient: hc,
		Retries: DefaultRetries, MaxRetryWait: 30 * time.Second, Recorder: simulator.NewRecorder(16),
	})
	if cfg.AdminURL != "" {
		r.admin = admin.NewWithClient(simulator.NewClient(simulator.ClientConfig{
			BaseURL: cfg.AdminURL, Token: cfg.AdminToken, Masker: m, HTTPClient: hc,
			Retries: DefaultRetries, Recorder: simulator.NewRecorder(16),
		}))
		r.tenant = cfg.TenantID
		if r.tenant == "" {
			r.tenant = cfg.BaseURL[strings.LastIndex(cfg.BaseURL, "/")+1:]
		}
	}
	if cfg.Rate > 0 {
		r.limit = newLimiter(cfg.Rate)
	}

	res := &Result{Kind: ResultKind, Version: resultVersion, Dialect: cfg.Dialect.Name, Seed: cfg.Seed, Slices: cfg.Slices, Shard: cfg.Shard,
		Users: cfg.Users, Groups: cfg.Groups, Events: cfg.Events, Duration: Duration(cfg.Duration), Rate: cfg.Rate, Mix: cfg.Mix.String(),
		AccountsChecked: r.admin != nil}
	probe := simulator.NewIdP(r.client, cfg.Dialect, cfg.Profile, simulator.NewDirectory(cfg.Seed))
	if _, err := probe.TestConnection(ctx); err != nil {
		return nil, &PreflightError{Err: fmt.Errorf("%s", m.Mask(err.Error()))}
	}
	suffix := simulator.NewDirectory(cfg.Seed).Suffix()
	for s := range cfg.Slices {
		if owns(cfg.Shard, s) {
			r.slices = append(r.slices, newSlice(s, cfg.Seed, fmt.Sprintf("%s%02d", suffix, s), cfg.Dialect.Remove == simulator.RemoveDelete))
		}
	}

	started := time.Now()
	res.Initial = r.initial(ctx)
	res.Churn = r.churn(ctx)
	churnEnd := time.Now()
	rec := r.reconcile(ctx, churnEnd)
	res.Reconcile, res.Drift = rec.report, rec.drift
	if rec.convergedAt != nil {
		d := Duration(rec.convergedAt.Sub(churnEnd))
		res.ConvergedAfter = &d
	}
	res.Elapsed = Duration(time.Since(started))
	res.Interrupted = ctx.Err() != nil
	if !cfg.Keep {
		res.Cleanup = r.cleanup(ctx)
	}
	res.judge()
	return res, nil
}

// PreflightError means the IdP's test connection failed: nothing was sent.
type PreflightError struct{ Err error }

func (e *PreflightError) Error() string {
	return "expected the target to pass the IdP's test connection, got: " + e.Err.Error()
}
func (e *PreflightError) Unwrap() error { return e.Err }

// pooled keeps as many idle connections as requests in flight: the
// default two per host would open and close a connection per request.
func pooled(hc *http.Client, workers int) *http.Client {
	if hc == nil {
		hc = &http.Client{}
	}
	base, ok := hc.Transport.(*http.Transport)
	if hc.Transport == nil {
		base, ok = http.DefaultTransport.(*http.Transport)
	}
	if !ok {
		return hc
	}
	t := base.Clone()
	t.MaxIdleConnsPerHost = max(workers, t.MaxIdleConnsPerHost)
	t.MaxIdleConns = max(workers, t.MaxIdleConns)
	out := *hc
	out.Transport = t
	return &out
}

// initial is the first provisioning cycle: every user provisioned, every
// group created, each user added to GroupsPerUser groups.
func (r *runner) initial(ctx context.Context) Phase {
	st := newPhaseStats()
	r.stats = st
	total := 0
	for _, s := range r.slices {
		total += share(r.cfg.Users, r.cfg.Slices, s.id) + share(r.cfg.Groups, r.cfg.Slices, s.id)
	}
	fmt.Fprintf(r.log, "initial cycle: %d users, %d groups in %d slices ...\n", r.sliceShare(r.cfg.Users), r.sliceShare(r.cfg.Groups), len(r.slices))
	r.progress.Start("initial cycle", -1)
	start := time.Now()
	r.eachSlice(func(s *slice) {
		users := make([]*event, 0, share(r.cfg.Users, r.cfg.Slices, s.id))
		for range share(r.cfg.Users, r.cfg.Slices, s.id) {
			ev := &event{kind: UserCreate}
			s.plan(ev)
			users = append(users, ev)
		}
		r.runEvents(ctx, users, false)
		s.settle(users)
		groups := make([]*event, 0, share(r.cfg.Groups, r.cfg.Slices, s.id))
		for range share(r.cfg.Groups, r.cfg.Slices, s.id) {
			ev := &event{kind: GroupCreate}
			s.plan(ev)
			groups = append(groups, ev)
		}
		r.runEvents(ctx, groups, false)
		s.settle(groups)
		r.runEvents(ctx, s.initialMemberships(), false)
	})
	r.progress.Done()
	return st.phase(time.Since(start))
}

// initialMemberships puts each present user in GroupsPerUser distinct
// groups (fewer when the slice has fewer) and returns one member-add event
// per group and batch, as IdPs push memberships in batches.
func (s *slice) initialMemberships() []*event {
	const batch = 50
	if len(s.live) == 0 {
		return nil
	}
	for _, m := range s.users {
		if m.pool != poolActive {
			continue
		}
		for _, i := range s.rng.Perm(len(s.live))[:min(GroupsPerUser, len(s.live))] {
			g := s.live[i]
			g.members.add(m)
			m.groups = append(m.groups, g)
		}
	}
	var out []*event
	for _, g := range s.live {
		for i := 0; i < g.members.len(); i += batch {
			out = append(out, &event{kind: MemberAdd, g: g, batch: g.members.items[i:min(i+batch, g.members.len())]})
		}
	}
	return out
}

// sliceShare is this process's part of a directory-wide figure.
func (r *runner) sliceShare(total int) int {
	n := 0
	for _, s := range r.slices {
		n += share(total, r.cfg.Slices, s.id)
	}
	return n
}

// eachSlice runs fn for every slice of this shard concurrently; requests
// are bounded by the shared semaphore, not by the number of slices.
func (r *runner) eachSlice(fn func(*slice)) {
	var wg sync.WaitGroup
	for _, s := range r.slices {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn(s)
		}()
	}
	wg.Wait()
}

// runEvents sends evs concurrently (they touch distinct users and groups
// by construction or by the round rule) and waits for all answers.
// Membership batches of one group must not overlap: the caller orders
// them so that a group's batches follow each other (sequential per group).
func (r *runner) runEvents(ctx context.Context, evs []*event, paced bool) {
	var wg sync.WaitGroup
	byGroup := map[*group][]*event{}
	var solo []*event
	for _, ev := range evs {
		if ev.batch != nil {
			byGroup[ev.g] = append(byGroup[ev.g], ev)
		} else {
			solo = append(solo, ev)
		}
	}
	send := func(ev *event) {
		if ctx.Err() != nil {
			return
		}
		if paced && r.limit != nil {
			if r.limit.wait(ctx) != nil {
				return
			}
		}
		r.sem <- struct{}{}
		idp := simulator.NewIdP(r.client, r.cfg.Dialect, r.cfg.Profile, nil)
		began := time.Now()
		n := ev.exec(ctx, idp)
		<-r.sem
		r.stats.record(ev, n, time.Since(began), r.mask)
		r.progress.Add(1)
	}
	for _, ev := range solo {
		wg.Add(1)
		go func() {
			defer wg.Done()
			send(ev)
		}()
	}
	for _, batches := range byGroup {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, ev := range batches {
				send(ev)
			}
		}()
	}
	wg.Wait()
}

// churn plays the events: per slice, rounds of events that touch distinct
// users and groups.
func (r *runner) churn(ctx context.Context) Phase {
	st := newPhaseStats()
	r.stats = st
	total := r.sliceShare(r.cfg.Events)
	var deadline time.Time
	if r.cfg.Duration > 0 {
		deadline = time.Now().Add(r.cfg.Duration)
		total = -1
		fmt.Fprintf(r.log, "churn: for %s ...\n", r.cfg.Duration)
	} else {
		fmt.Fprintf(r.log, "churn: %d events ...\n", total)
	}
	r.progress.Start("churn", total)
	roundSize := 2 * r.cfg.workers()
	start := time.Now()
	r.eachSlice(func(s *slice) {
		budget := share(r.cfg.Events, r.cfg.Slices, s.id)
		var round []*event
		flush := func() {
			r.runEvents(ctx, round, true)
			s.settle(round)
			round = round[:0]
			s.round++
		}
		s.round++
		for n := 0; ctx.Err() == nil; n++ {
			if deadline.IsZero() && n >= budget || !deadline.IsZero() && time.Now().After(deadline) {
				break
			}
			ev, ok := s.draw(r.cfg.Mix)
			if !ok {
				break
			}
			if len(round) >= roundSize || ev.conflicts(s.round) {
				flush()
			}
			s.plan(&ev)
			round = append(round, &ev)
		}
		flush()
	})
	r.progress.Done()
	return st.phase(time.Since(start))
}

// limiter spaces events 1/rate apart across all slices.
type limiter struct {
	mu       sync.Mutex
	next     time.Time
	interval time.Duration
}

func newLimiter(rate float64) *limiter {
	return &limiter{interval: time.Duration(float64(time.Second) / rate)}
}

func (l *limiter) wait(ctx context.Context) error {
	l.mu.Lock()
	now := time.Now()
	if l.next.Before(now) {
		l.next = now
	}
	at := l.next
	l.next = l.next.Add(l.interval)
	l.mu.Unlock()
	d := time.Until(at)
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
