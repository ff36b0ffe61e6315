package steps

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"strings"
	"sync"

	"github.com/cucumber/godog"

	"github.com/scimharness/scimharness/admin"
	"github.com/scimharness/scimharness/simulator"
)

// worldKey is the context key of the scenario's World; unexported so only
// this package reaches it.
type worldKey struct{}

// cleanup is one registered undo action.
type cleanup struct {
	desc string
	fn   func(context.Context) error
}

// World is one scenario's state: the IdP, the clients, what the scenario
// created and remembered, the last exchange and the cleanup stack. Built in
// the Before hook, torn down in After.
type World struct {
	Env    *Env
	Dir    *simulator.Directory // seeded from Env.Seed and the scenario, so a replay is exact
	SCIM   *simulator.Client    // raw SCIM client with the run's token
	IdP    *simulator.IdP       // dialect-aware IdP
	Admin  *admin.Client        // nil when the target has no admin API
	Last   *simulator.Exchange  // last exchange made by any step
	Users  map[string]*simulator.User
	Groups map[string]*simulator.Group
	Vars   map[string]string // remembered values (ids, counts); {name} substitutes them

	// Rec records this scenario's exchanges only, so a failure attaches
	// what this scenario did and nothing of its neighbours.
	Rec *simulator.Recorder

	scenario string   // the scenario name, for log lines
	tags     []string // the scenario's tags, for the shared-state guard
	leave    func()   // ends the scenario's turn with the scheduler; nil → none taken
	mu       sync.Mutex
	cleanups []cleanup
	tokens   map[string]string // alias → token secret; kept apart from Vars so no step can print one

	generatedTokens map[string]*tokenState // alias → token this scenario generated (secret cleared)
	currentToken    string                 // alias of the token steps mean by "the token"
	accountIDs      map[string]string      // user alias → Cantara account id first seen
	edit            *accountEdit           // the last administrator edit and its outcome
	skip            string                 // why a step skipped the rest of the scenario
	notApplicable   bool                   // the skip says the check is for targets unlike this one
	recorded        int                    // Rec.Total() already handed to the run's Results
	contract        *contractScratch       // the contract audit's When → Then state (contract_state.go)
	attach          []godog.Attachment
	stepMark        int // Rec.Total() when the current step began
}

// worldFrom returns the scenario's World, or nil outside a scenario.
func worldFrom(ctx context.Context) *World {
	w, _ := ctx.Value(worldKey{}).(*World)
	return w
}

// withWorld stores w in ctx.
func withWorld(ctx context.Context, w *World) context.Context {
	return context.WithValue(ctx, worldKey{}, w)
}

// mustWorld is worldFrom for steps: outside a scenario is a harness bug.
func mustWorld(ctx context.Context) (*World, error) {
	w := worldFrom(ctx)
	if w == nil {
		return nil, errors.New("expected a scenario world in the context, got none (InitializeScenario's Before hook did not run)")
	}
	return w, nil
}

// scenarioSeed derives a scenario's seed from the run seed and the
// scenario's identity, so each scenario has its own deterministic data and
// two scenarios never share a userName.
func scenarioSeed(run int64, parts ...string) int64 {
	h := fnv.New64a()
	fmt.Fprintf(h, "%d", run)
	for _, p := range parts {
		h.Write([]byte{0})
		h.Write([]byte(p))
	}
	return int64(h.Sum64() & (1<<63 - 1))
}

// newWorld builds the World for one scenario.
func newWorld(env *Env, scenario string, seed int64) (*World, error) {
	// Big enough for any one step: Results takes the exchanges after every
	// step, and a report must show each of them.
	rec := simulator.NewRecorder(scenarioRecorderSize)
	client := simulator.NewClient(simulator.ClientConfig{
		BaseURL:    env.Target.BaseURL,
		Token:      env.scimToken(),
		Masker:     env.Masker,
		Recorder:   rec,
		HTTPClient: env.HTTPClient,
	})
	dialect, err := dialectFor(env.Dialect)
	if err != nil {
		return nil, err
	}
	dir := simulator.NewDirectory(seed)
	w := &World{
		Env:      env,
		Dir:      dir,
		SCIM:     client,
		IdP:      simulator.NewIdP(client, dialect, env.Profile, dir),
		Users:    map[string]*simulator.User{},
		Groups:   map[string]*simulator.Group{},
		Vars:     map[string]string{},
		Rec:      rec,
		scenario: scenario,
		tokens:   map[string]string{},

		generatedTokens: map[string]*tokenState{},
		accountIDs:      map[string]string{},
	}
	if env.Caps.Admin {
		w.Admin = NewAdminClient(env.Target.AdminURL, env.Target.AdminToken, rec, env.Masker, env.HTTPClient)
	}
	return w, nil
}

// dialectFor resolves the contract scenarios' dialect ("" → generic).
func dialectFor(name string) (simulator.Dialect, error) {
	if name == "" {
		name = "generic"
	}
	d, err := simulator.DialectByName(name)
	if err != nil {
		return simulator.Dialect{}, fmt.Errorf("expected a known IdP dialect, got %q: %w", name, err)
	}
	return d, nil
}

// Defer registers an undo action; After runs them last in, first out, even
// when the scenario failed. Register right after the thing exists.
func (w *World) Defer(desc string, fn func(context.Context) error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.cleanups = append(w.cleanups, cleanup{desc: desc, fn: fn})
}

// runCleanups runs and forgets the cleanup stack, newest first, and returns
// one masked message per failure. Every cleanup runs even when an earlier
// one failed: leaving a user behind is worse than a noisy log.
func (w *World) runCleanups(ctx context.Context) []string {
	w.mu.Lock()
	stack := w.cleanups
	w.cleanups = nil
	w.mu.Unlock()
	var failures []string
	for i := len(stack) - 1; i >= 0; i-- {
		c := stack[i]
		if err := runOne(ctx, c); err != nil {
			failures = append(failures, w.mask(fmt.Sprintf("cleanup %q: %v", c.desc, err)))
		}
	}
	return failures
}

// runOne runs one cleanup, turning a panic into an error so the rest of the
// stack still runs.
func runOne(ctx context.Context, c cleanup) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return c.fn(ctx)
}

// remember stores an exchange as the last one.
func (w *World) remember(ex *simulator.Exchange) {
	if ex != nil {
		w.Last = ex
	}
}

// SetToken keeps a token secret under an alias ("second", "expired") and
// teaches the Masker it, so it cannot leak through any transcript.
func (w *World) SetToken(alias, secret string) {
	w.Env.Masker.Add(secret)
	w.mu.Lock()
	defer w.mu.Unlock()
	w.tokens[alias] = secret
}

// Token returns the secret kept under alias.
func (w *World) Token(alias string) (string, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	s, ok := w.tokens[alias]
	return s, ok
}

// Skip ends the scenario as skipped with reason (a capability found missing
// mid-scenario); the step returns the error it gives.
func (w *World) Skip(reason string) error {
	w.mu.Lock()
	w.skip = reason
	w.mu.Unlock()
	return fmt.Errorf("%w: %s", godog.ErrSkip, reason)
}

// NotApplicable ends the scenario as not applicable: it checks behaviour
// of targets unlike this one (one that declares a capability unsupported,
// against a target that declares it supported). Neither a pass nor a gap.
func (w *World) NotApplicable(reason string) error {
	w.mu.Lock()
	w.skip, w.notApplicable = reason, true
	w.mu.Unlock()
	return fmt.Errorf("%w: %s", godog.ErrSkip, reason)
}

func (w *World) skipReason() (string, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.skip, w.notApplicable
}

// scenarioRecorderSize bounds the exchanges one step may make before the
// oldest are lost to the report (counted and reported when it happens).
const scenarioRecorderSize = 4096

// takeExchanges returns the exchanges made since the last call, oldest
// first, and how many of them the recorder no longer held.
func (w *World) takeExchanges() ([]*simulator.Exchange, int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	total := w.Rec.Total()
	exs := w.Rec.Since(w.recorded)
	lost := total - w.recorded - len(exs)
	w.recorded = total
	return exs, lost
}

// mask runs s through the run's Masker.
func (w *World) mask(s string) string { return w.Env.Masker.Mask(s) }

// mismatch is the error of a failed assertion: "what: expected X, got Y",
// then the masked transcript of the last exchange. The transcripts of every
// exchange of the failing step also go into the cucumber JSON.
func (w *World) mismatch(ctx context.Context, what string, expected, got any) error {
	_ = ctx // kept in the signature so a step can later attach more than the transcript
	msg := fmt.Sprintf("expected %v, got %v", expected, got)
	if what != "" {
		msg = what + ": " + msg
	}
	if w.Last != nil {
		msg += "\n\n" + w.Last.String()
	}
	w.attachStepExchanges()
	return errors.New(w.mask(msg))
}

// failf is a failure that is not a comparison (a missing user alias, a
// malformed step argument), masked like any other.
func (w *World) failf(format string, args ...any) error {
	return errors.New(w.mask(fmt.Sprintf(format, args...)))
}

// attachStepExchanges queues the masked transcripts of the current step's
// exchanges for the AfterStep hook (godog.Attach needs the step's context).
func (w *World) attachStepExchanges() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.attach) > 0 {
		return // already queued for this step
	}
	exs := w.Rec.Since(w.stepMark)
	if len(exs) == 0 && w.Last != nil {
		exs = []*simulator.Exchange{w.Last}
	}
	var b strings.Builder
	for i, ex := range exs {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(ex.String())
	}
	if b.Len() == 0 {
		return
	}
	w.attach = append(w.attach, godog.Attachment{
		FileName:  "http-exchange.txt",
		MediaType: "text/plain",
		Body:      []byte(w.Env.Masker.Mask(b.String())),
	})
}

// takeAttachments hands the queued attachments to the hook and clears them.
func (w *World) takeAttachments() []godog.Attachment {
	w.mu.Lock()
	defer w.mu.Unlock()
	a := w.attach
	w.attach = nil
	return a
}

// logf writes a masked warning to Env.Log (stderr by default).
func (w *World) logf(format string, args ...any) {
	var out io.Writer = os.Stderr
	if w.Env.Log != nil {
		out = w.Env.Log
	}
	fmt.Fprintln(out, w.mask(fmt.Sprintf(format, args...)))
}
