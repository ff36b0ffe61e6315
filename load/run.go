package load

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"time"

	"github.com/scimharness/scimharness/simulator"
)

// Defaults of `scimharness load`.
const (
	DefaultRate     = EntraRate
	DefaultDuration = 20 * time.Second
	DefaultUsers    = 100
	// inFlightSeconds sizes the default concurrency: enough workers for two
	// seconds of requests, so latency up to 2 s does not slow the schedule.
	inFlightSeconds = 2
	// minCleanupTime bounds the removal of the run's users, which goes on
	// after an interrupt.
	minCleanupTime = 2 * time.Minute
)

// Config is one load run.
type Config struct {
	BaseURL    string // tenant URL, https://<host>/scim/v2/<TenantID>
	Token      string // provisioning token; masked everywhere
	HTTPClient *http.Client
	Masker     *simulator.Masker // nil → a new one knowing Token
	Dialect    simulator.Dialect
	Profile    simulator.Profile
	Rate       float64       // requests per second
	Duration   time.Duration // how long requests are scheduled
	Users      int           // accounts the run creates (and removes)
	// Concurrency bounds the operations in flight; 0 → DefaultConcurrency.
	Concurrency int
	Seed        int64 // of the fake directory; 0 → from the clock
	// Shard plays the i-th of n disjoint slices of Users at Rate/n; the
	// same Seed in every shard keeps the slices apart and replayable.
	Shard Shard
	Log   io.Writer // progress lines; nil → discarded
}

// maxDefaultConcurrency caps the default: past a few hundred requests in
// flight a client only adds connections and scheduling on its own side,
// which then shows as latency that is not the target's.
const maxDefaultConcurrency = 512

// DefaultConcurrency is two seconds of requests at rate, at least 1 and at
// most maxDefaultConcurrency (--concurrency sets more).
func DefaultConcurrency(rate float64) int {
	return min(maxDefaultConcurrency, max(1, int(math.Ceil(rate*inFlightSeconds))))
}

// pooled keeps as many idle connections as operations in flight: the
// default two per host would open and close a connection for most
// requests, and the target would be measured with the client's dial time.
func pooled(hc *http.Client, workers int) *http.Client {
	if hc == nil {
		hc = &http.Client{}
	}
	var base *http.Transport
	switch t := hc.Transport.(type) {
	case nil:
		base, _ = http.DefaultTransport.(*http.Transport)
	case *http.Transport:
		base = t
	}
	if base == nil {
		return hc
	}
	t := base.Clone()
	t.MaxIdleConnsPerHost = max(workers, t.MaxIdleConnsPerHost)
	t.MaxIdleConns = max(workers, t.MaxIdleConns)
	out := *hc
	out.Transport = t
	return &out
}

// Validate checks the figures; the message names the flag.
func (c Config) Validate() error {
	switch {
	case c.BaseURL == "":
		return errors.New("expected a tenant base URL, got none")
	case !(c.Rate > 0) || math.IsInf(c.Rate, 0):
		return fmt.Errorf("--rate: expected requests per second greater than 0, got %g", c.Rate)
	case c.Duration <= 0:
		return fmt.Errorf("--duration: expected a duration greater than 0, got %s", c.Duration)
	case c.Users < 1:
		return fmt.Errorf("--users: expected at least 1, got %d", c.Users)
	case c.Shard.Count > 1 && c.Users < c.Shard.Count:
		return fmt.Errorf("--users, --shard: expected at least one user per shard (%d), got %d", c.Shard.Count, c.Users)
	case c.Concurrency < 0:
		return fmt.Errorf("--concurrency: expected 0 (default) or more, got %d", c.Concurrency)
	case plannedSlots(c.Duration, c.Rate) < 2:
		return fmt.Errorf("--duration, --rate: expected a window of at least 2 requests (look-up and create), got %d", plannedSlots(c.Duration, c.Rate))
	}
	return nil
}

func (c Config) workers() int {
	if c.Concurrency > 0 {
		return c.Concurrency
	}
	return DefaultConcurrency(c.Rate)
}

// batchSize is how many users go through each step together: a second's
// worth at rate, so even a short run plays every step of the cycle, and a
// user's next step comes about a second after its previous one (a target
// slower than that makes operations wait for their user: reported).
func batchSize(users int, rate float64) int {
	return min(users, max(1, int(math.Ceil(rate))))
}

// Result is a load run's figures and verdict.
type Result struct {
	Dialect     string
	Rate        float64 // the target rate
	Users       int
	Seed        int64
	Shard       Shard
	TotalRate   float64 // --rate, all shards together (= Rate unsharded)
	Concurrency int
	Pace        PaceReport
	Window      time.Duration // the time the rate is measured over
	Achieved    float64       // requests sent per second of Window
	Summary     Summary
	UserWaits   int // operations that waited for the same user's previous one
	// Latency apart from the target's service time (Summary.Ops, send to
	// response): how late operations started against the schedule, and how
	// long operations queued behind the same user's previous one.
	ScheduleLag Spread
	UserQueue   Spread
	Verdict     Verdict
	Interrupted bool // no verdict: the figures cover part of the window
	Cleanup     CleanupReport
}

// PreflightError means the IdP's test connection failed: no load was sent.
type PreflightError struct {
	Err  error
	mask func(string) string
}

func (e *PreflightError) Error() string {
	msg := "expected the target to pass the IdP's test connection, got: " + e.Err.Error()
	if e.mask != nil {
		msg = e.mask(msg)
	}
	return msg
}
func (e *PreflightError) Unwrap() error { return e.Err }

// Run plays the IdP's provisioning cycle at cfg.Rate for cfg.Duration,
// then removes every user it created, also when ctx was cancelled (an
// interrupt) or the target failed. Error messages are masked.
func Run(ctx context.Context, cfg Config) (Result, error) {
	if err := cfg.Validate(); err != nil {
		return Result{}, err
	}
	m := cfg.Masker
	if m == nil {
		m = simulator.NewMasker()
	}
	log := cfg.Log
	if log == nil {
		log = io.Discard
	}
	// No retries: each 429 or 503 is a request the target refused, and
	// Entra counts it so; a retry would also break the schedule.
	client := simulator.NewClient(simulator.ClientConfig{
		BaseURL: cfg.BaseURL, Token: cfg.Token, Masker: m, HTTPClient: pooled(cfg.HTTPClient, cfg.workers()),
		Retries: -1, Recorder: simulator.NewRecorder(64),
	})
	seed := cfg.Seed
	if seed == 0 {
		seed = time.Now().UnixNano()
	}
	totalRate := cfg.Rate
	dir := simulator.NewDirectory(seed)
	if cfg.Shard.Count > 1 {
		// Disjoint userNames per shard: the run's suffix plus the shard.
		dir = simulator.NewDirectory(seed+int64(cfg.Shard.Index), simulator.WithRunSuffix(fmt.Sprintf("%ss%d", dir.Suffix(), cfg.Shard.Index)))
		cfg.Users = cfg.Shard.part(cfg.Users)
		cfg.Rate /= float64(cfg.Shard.Count)
	}
	newIdP := func() *simulator.IdP { return simulator.NewIdP(client, cfg.Dialect, cfg.Profile, dir) }

	probe := newIdP()
	ex, err := probe.TestConnection(ctx)
	if err != nil {
		return Result{}, &PreflightError{Err: err, mask: m.Mask}
	}
	fmt.Fprintf(log, "test connection: %s\n", m.Mask(ex.Summary()))

	r := Result{Dialect: cfg.Dialect.Name, Rate: cfg.Rate, Users: cfg.Users, Concurrency: cfg.workers(),
		Seed: seed, Shard: cfg.Shard, TotalRate: totalRate}
	c := &cycle{idp: newIdP, dialect: cfg.Dialect, dir: dir, batch: batchSize(cfg.Users, cfg.Rate), stats: NewStats(), mask: m.Mask}
	for range cfg.Users {
		c.members = append(c.members, &member{user: dir.NewUser()})
	}
	pacing := Pacing{Rate: cfg.Rate, Duration: cfg.Duration, Concurrency: r.Concurrency}
	fmt.Fprintf(log, "sending for %s ...\n", cfg.Duration)
	r.Pace = Pace(ctx, pacing, c.next)
	r.Interrupted = r.Pace.Interrupted
	r.Window = cfg.Duration
	if r.Interrupted {
		r.Window = min(r.Pace.Elapsed, cfg.Duration)
	}
	r.Summary = c.stats.Summarize()
	if r.Window > 0 {
		r.Achieved = float64(r.Summary.Requests) / r.Window.Seconds()
	}
	r.UserWaits = int(c.waits.Load())
	r.ScheduleLag = SpreadOf(r.Pace.Lags)
	r.UserQueue = SpreadOf(c.queued)
	r.Verdict = Judge(cfg.Rate, r.Achieved, r.Summary)

	fmt.Fprintln(log, "removing the users the run created ...")
	budget := max(minCleanupTime, 2*time.Duration(float64(2*cfg.Users)/cfg.Rate*float64(time.Second)))
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), budget)
	defer cancel()
	r.Cleanup = cleanup(cctx, client, c.members, pacing)
	return r, nil
}
