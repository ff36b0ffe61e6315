package steps

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/scimharness/scimharness/admin"
	"github.com/scimharness/scimharness/simulator"
)

// Tags a scenario carries when it changes state that other scenarios of
// the run share. The scheduler reads them (a scenario that must run alone
// waits until no other is in flight, and holds the rest back), and the
// guard in afterStep checks them against the requests the scenario really
// sends, so a scenario that forgets its tag fails on the sandbox at once
// instead of racing its neighbours now and then.
const (
	TagMovesClock    = "@moves-clock"
	TagChangesTokens = "@changes-tokens"
	TagCreatesTenant = "@creates-tenant"
)

// SharedState is one classification: the tag, the admin requests it
// covers, whether its scenarios run alone, and why.
type SharedState struct {
	Tag    string
	Effect admin.Effect
	Alone  bool
	Why    string
}

// SharedStates is the one list of classifications (README "Parallel runs").
var SharedStates = []SharedState{
	{TagMovesClock, admin.EffectClock, true,
		"the sandbox clock is shared by every tenant: moving it expires the tokens other scenarios hold and shifts the 'now' their expiry dates are computed from; runs alone and moves the clock back when done"},
	{TagChangesTokens, admin.EffectTokens, false,
		"generates provisioning tokens of the run's tenant and deletes only those it generated, never the run's own token; runs alongside others"},
	{TagCreatesTenant, admin.EffectTenants, false,
		"creates a tenant of its own, which nothing else reads; the contract's admin API cannot delete a tenant, so it stays on the target"},
}

// runsAlone reports whether a scenario with tags must have the target to itself.
func runsAlone(tags []string) bool {
	for _, s := range SharedStates {
		if s.Alone && slices.Contains(tags, s.Tag) {
			return true
		}
	}
	return false
}

// UnclassifiedError is a scenario that changed shared state without the
// tag saying so: a fault of the feature file, not of the target.
type UnclassifiedError struct {
	Scenario string
	Request  string // "POST http://host/admin/v1/clock"
	Effect   admin.Effect
	Tag      string
}

func (e *UnclassifiedError) Error() string {
	return fmt.Sprintf("harness: expected scenario %q to be tagged %s because it %s (%s), got no such tag: "+
		"add the tag to the scenario so the run schedules it safely", e.Scenario, e.Tag, e.Effect, e.Request)
}

// unclassified reports whether err is the guard's: a fault of the feature
// file, so the scenario is errored, not Cantara's failure.
func unclassified(err error) bool {
	var ue *UnclassifiedError
	return errors.As(err, &ue)
}

// checkClassified returns an *UnclassifiedError for the first exchange in
// exs that changes shared state the scenario's tags do not declare.
func checkClassified(scenario string, tags []string, adminURL string, exs []*simulator.Exchange) error {
	for _, ex := range exs {
		effect := admin.EffectOf(adminURL, ex)
		if effect == admin.EffectNone {
			continue
		}
		for _, s := range SharedStates {
			if s.Effect == effect && !slices.Contains(tags, s.Tag) {
				return &UnclassifiedError{Scenario: scenario, Request: ex.Method + " " + strings.SplitN(ex.URL, "?", 2)[0], Effect: effect, Tag: s.Tag}
			}
		}
	}
	return nil
}

// checkClassified is the guard over the current step's requests.
func (w *World) checkClassified() error {
	w.mu.Lock()
	exs := w.Rec.Since(w.stepMark)
	w.mu.Unlock()
	return checkClassified(w.scenario, w.tags, w.Env.Target.AdminURL, exs)
}
