package steps

// The preambles every step shares: find the World and what the step names,
// make a call, remember its exchange and turn a failed call into the
// step's failure. One place each, so every step reports alike.

import (
	"context"
	"net/url"

	"github.com/scimharness/scimharness/simulator"
)

// worldUser returns the scenario's World and the user a step names.
func worldUser(ctx context.Context, alias string) (*World, *simulator.User, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return nil, nil, err
	}
	u, err := w.user(alias)
	if err != nil {
		return w, nil, err
	}
	return w, u, nil
}

// worldNewUser returns the scenario's World and a person generated for a
// new user alias.
func worldNewUser(ctx context.Context, alias string) (*World, *simulator.User, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return nil, nil, err
	}
	u, err := w.newUser(alias)
	if err != nil {
		return w, nil, err
	}
	return w, u, nil
}

// worldGroup returns the scenario's World and the group a step names.
func worldGroup(ctx context.Context, alias string) (*World, *simulator.Group, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return nil, nil, err
	}
	g, err := w.group(alias)
	if err != nil {
		return w, nil, err
	}
	return w, g, nil
}

// opDone remembers the exchange of an IdP or SCIM operation and turns its
// error into the step's failure (the operation's message, then the masked
// transcript).
func (w *World) opDone(what string, ex *simulator.Exchange, err error) error {
	w.remember(ex)
	if err != nil {
		return w.opFailed(what, ex, err)
	}
	return nil
}

// adminDone is opDone for an admin adapter call: the adapter keeps the
// exchange, and an admin error carries its own.
func (w *World) adminDone(what string, err error) error {
	w.remember(w.Admin.LastExchange())
	if err != nil {
		return w.opFailed(what, nil, err)
	}
	return nil
}

// send makes one request through c as part of an operation: the exchange
// is remembered, and no answer at all fails the step as opFailed does. Any
// status is a nil error; judging it is the caller's business.
func (w *World) send(ctx context.Context, c *simulator.Client, req simulator.Request, what string) (*simulator.Exchange, error) {
	ex, err := c.Do(ctx, req)
	return ex, w.opDone(what, ex, err)
}

// ask makes one request of a step that only wants the answer (target
// names it: "GET /Users", "page 2"): the exchange is remembered, and no
// answer at all is the step's failure.
func (w *World) ask(ctx context.Context, req simulator.Request, target string) (*simulator.Exchange, error) {
	ex, err := w.SCIM.Do(ctx, req)
	w.remember(ex)
	if err != nil {
		return ex, w.failf("expected an answer to %s, got none: %v", target, err)
	}
	return ex, nil
}

// resourcePath is the path of one SCIM resource: "/Users/{id}".
func resourcePath(kind, id string) string {
	return "/" + kind + "/" + url.PathEscape(id)
}
