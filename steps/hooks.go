package steps

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/cucumber/godog"

	"github.com/scimharness/scimharness/simulator"
)

// cleanupTimeout bounds the whole cleanup stack of one scenario: a hung
// target must not hang the run.
const cleanupTimeout = 60 * time.Second

// before gates the scenario on its tags and builds its World.
func before(env *Env) func(context.Context, *godog.Scenario) (context.Context, error) {
	return func(ctx context.Context, sc *godog.Scenario) (context.Context, error) {
		rec := env.Results.begin(sc)
		ctx = context.WithValue(ctx, recordKey{}, rec)
		tags := tagNames(sc)
		reasons, err := checkGates(env, tags)
		if err != nil {
			env.Results.beforeFailed(rec)
			return ctx, err
		}
		if env.interrupted(ctx).Err() != nil {
			// Interrupted (Ctrl-C): the scenarios not yet started did not
			// run, so they are skipped, not failed.
			reasons = []string{"the run was interrupted before this scenario started"}
		}
		var leave func()
		if len(reasons) == 0 {
			// Waits while a scenario that must run alone is in flight.
			if leave, err = env.sched.enter(env.interrupted(ctx), runsAlone(tags)); err != nil {
				reasons = []string{"the run was interrupted before this scenario started"}
			}
		}
		if len(reasons) > 0 {
			reason := strings.Join(reasons, "; ")
			env.Results.skipped(rec, reason, false)
			return withSkipped(ctx, reason), errors.Join(godog.ErrSkip, errors.New(reason))
		}
		w, err := newWorld(env, sc.Name, scenarioSeed(env.Seed, sc.Uri, sc.Name, stepTexts(sc)))
		if err != nil {
			leave()
			env.Results.beforeFailed(rec)
			return ctx, errors.New(env.Masker.Mask(err.Error()))
		}
		w.tags, w.leave = tags, leave
		return withWorld(ctx, w), nil
	}
}

// recordKey is the context key of the scenario's result record.
type recordKey struct{}

func recordFrom(ctx context.Context) *scenarioRecord {
	rec, _ := ctx.Value(recordKey{}).(*scenarioRecord)
	return rec
}

// after runs the cleanup stack and records the outcome. It never turns a
// cleanup failure into a scenario failure (the outcome is about the
// target's promise), but it logs and records every one.
func after(env *Env) func(context.Context, *godog.Scenario, error) (context.Context, error) {
	return func(ctx context.Context, sc *godog.Scenario, err error) (context.Context, error) {
		rec := recordFrom(ctx)
		w := worldFrom(ctx)
		if w == nil { // skipped by the gates, or before failed and recorded why
			if rec != nil {
				env.Results.finish(rec, "", nil, nil, 0)
			}
			return ctx, nil
		}
		if w.leave != nil {
			defer w.leave() // after the cleanups: they still touch what the scenario shares
		}
		if r, notAppl := w.skipReason(); r != "" && rec != nil {
			env.Results.skipped(rec, r, notAppl)
		}
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
		defer cancel()
		failures := w.runCleanups(cctx)
		for _, f := range failures {
			w.logf("scenario %q: %s", sc.Name, f)
		}
		if len(failures) > 0 {
			ctx = godog.Attach(ctx, godog.Attachment{
				FileName: "cleanup-failures.txt", MediaType: "text/plain",
				Body: []byte(strings.Join(failures, "\n")),
			})
		}
		if rec != nil {
			exs, lost := w.takeExchanges()
			env.Results.finish(rec, w.IdP.Dialect.Name, failures, exs, lost)
		}
		return ctx, nil
	}
}

// beforeStep marks where the step's exchanges begin.
func beforeStep(env *Env) func(context.Context, *godog.Step) (context.Context, error) {
	return func(ctx context.Context, _ *godog.Step) (context.Context, error) {
		if rec := recordFrom(ctx); rec != nil {
			env.Results.stepStarted(rec)
		}
		if w := worldFrom(ctx); w != nil {
			w.mu.Lock()
			w.stepMark = w.Rec.Total()
			w.attach = nil
			w.mu.Unlock()
		}
		return ctx, nil
	}
}

// afterStep records the step's outcome with every exchange it made, and
// attaches the transcripts of a failed step to the cucumber JSON: those a
// mismatch queued, or, for an error raised elsewhere (a simulator
// StatusError, a transport failure), every exchange the step made.
func afterStep(env *Env) func(context.Context, *godog.Step, godog.StepResultStatus, error) (context.Context, error) {
	return func(ctx context.Context, st *godog.Step, status godog.StepResultStatus, err error) (context.Context, error) {
		w := worldFrom(ctx)
		var unclassified error
		if w != nil {
			// Judged before the step is recorded, so the record says why it failed.
			if unclassified = w.checkClassified(); unclassified != nil {
				status, err = godog.StepFailed, errors.Join(err, unclassified)
			}
		}
		if w != nil && status == godog.StepFailed {
			w.attachStepExchanges()
		}
		if rec := recordFrom(ctx); rec != nil {
			var exs []*simulator.Exchange
			lost := 0
			if w != nil {
				exs, lost = w.takeExchanges()
			}
			env.Results.stepDone(rec, st, status, err, exs, lost)
		}
		if w == nil {
			return ctx, nil
		}
		w.refreshAfterClockAdvance(ctx)
		if a := w.takeAttachments(); len(a) > 0 {
			ctx = godog.Attach(ctx, a...)
		}
		return ctx, unclassified
	}
}

// skippedKey marks a scenario the gates skipped before any World existed.
type skippedKey struct{}

func withSkipped(ctx context.Context, reason string) context.Context {
	return context.WithValue(ctx, skippedKey{}, reason)
}

func skippedBeforeStart(ctx context.Context) bool {
	_, ok := ctx.Value(skippedKey{}).(string)
	return ok
}

func tagNames(sc *godog.Scenario) []string {
	out := make([]string, 0, len(sc.Tags))
	for _, t := range sc.Tags {
		out = append(out, t.Name)
	}
	return out
}

// stepTexts distinguishes the rows of a Scenario Outline, which share a name.
func stepTexts(sc *godog.Scenario) string {
	var b strings.Builder
	for _, st := range sc.Steps {
		b.WriteString(st.Text)
		b.WriteByte('\n')
	}
	return b.String()
}

// refreshAfterClockAdvance keeps the run's token alive when the step moved
// the target's clock: an external target's token may be the default 30
// days, which one expiry scenario's advance outlives. The scenario's own
// clients switch to the new token so its later steps and cleanups work.
func (w *World) refreshAfterClockAdvance(ctx context.Context) {
	rt := w.Env.RunToken
	if rt == nil || !rt.Minted() {
		return
	}
	w.mu.Lock()
	exs := w.Rec.Since(w.stepMark)
	w.mu.Unlock()
	if !advancedClock(exs) {
		return
	}
	renewed, err := rt.Refresh(context.WithoutCancel(ctx))
	if err != nil {
		w.logf("scenario %q: the clock moved and the run's token could not be renewed: %v", w.scenario, err)
		return
	}
	if renewed {
		w.SCIM = w.SCIM.WithToken(rt.Secret())
		w.IdP.Client = w.SCIM
	}
}
