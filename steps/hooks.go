package steps

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/cucumber/godog"
)

// cleanupTimeout bounds the whole cleanup stack of one scenario: a hung
// target must not hang the run.
const cleanupTimeout = 60 * time.Second

// before gates the scenario on its tags and builds its World.
func before(env *Env) func(context.Context, *godog.Scenario) (context.Context, error) {
	return func(ctx context.Context, sc *godog.Scenario) (context.Context, error) {
		tags := tagNames(sc)
		env.Results.start(sc.Id, sc.Uri, sc.Name, tags, env.FeatureFS)
		reasons, err := checkGates(env, tags)
		if err != nil {
			env.Results.finish(sc.Id, StatusFailed, err.Error(), nil)
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
			env.Results.finish(sc.Id, StatusSkipped, reason, nil)
			return withSkipped(ctx, reason), errors.Join(godog.ErrSkip, errors.New(reason))
		}
		w, err := newWorld(env, sc.Name, scenarioSeed(env.Seed, sc.Uri, sc.Name, stepTexts(sc)))
		if err != nil {
			leave()
			env.Results.finish(sc.Id, StatusFailed, env.Masker.Mask(err.Error()), nil)
			return ctx, err
		}
		w.tags, w.leave = tags, leave
		return withWorld(ctx, w), nil
	}
}

// after runs the cleanup stack and records the outcome. It never turns a
// cleanup failure into a scenario failure (the outcome is about the
// target's promise), but it logs and records every one.
func after(env *Env) func(context.Context, *godog.Scenario, error) (context.Context, error) {
	return func(ctx context.Context, sc *godog.Scenario, err error) (context.Context, error) {
		if skippedBeforeStart(ctx) {
			return ctx, nil // recorded by before
		}
		w := worldFrom(ctx)
		if w == nil { // before failed and recorded why
			return ctx, nil
		}
		if w.leave != nil {
			defer w.leave() // after the cleanups: they still touch what the scenario shares
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
		status, detail := outcome(w, err)
		env.Results.finish(sc.Id, status, detail, failures)
		return ctx, nil
	}
}

// outcome turns the scenario's last error into a status. Undefined and
// pending steps count as failures: the promise was not checked.
func outcome(w *World, err error) (Status, string) {
	if r := w.skipReason(); r != "" {
		return StatusSkipped, r
	}
	switch {
	case err == nil:
		return StatusPassed, ""
	case errors.Is(err, godog.ErrSkip):
		return StatusSkipped, w.mask(strings.TrimPrefix(err.Error(), godog.ErrSkip.Error()+": "))
	case errors.Is(err, godog.ErrUndefined):
		return StatusFailed, w.mask("expected every step to have a definition, got " + err.Error())
	case errors.Is(err, godog.ErrPending):
		return StatusFailed, "expected every step to be implemented, got a pending step"
	}
	return StatusFailed, w.mask(err.Error())
}

// beforeStep marks where the step's exchanges begin.
func beforeStep(ctx context.Context, _ *godog.Step) (context.Context, error) {
	if w := worldFrom(ctx); w != nil {
		w.mu.Lock()
		w.stepMark = w.Rec.Total()
		w.attach = nil
		w.mu.Unlock()
	}
	return ctx, nil
}

// afterStep attaches the transcripts of a failed step: those a mismatch
// queued, or, for an error raised elsewhere (a simulator StatusError, a
// transport failure), every exchange the step made.
func afterStep(ctx context.Context, _ *godog.Step, status godog.StepResultStatus, _ error) (context.Context, error) {
	w := worldFrom(ctx)
	if w == nil {
		return ctx, nil
	}
	if status == godog.StepFailed {
		w.attachStepExchanges()
	}
	w.refreshAfterClockAdvance(ctx)
	unclassified := w.checkClassified()
	if a := w.takeAttachments(); len(a) > 0 {
		ctx = godog.Attach(ctx, a...)
	}
	return ctx, unclassified
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
