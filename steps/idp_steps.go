package steps

import (
	"context"
	"fmt"
	"net/http"

	"github.com/cucumber/godog"
	"github.com/tidwall/gjson"

	"github.com/scimharness/scimharness/simulator"
)

// The steps of features/idp: each IdP's lifecycle and what it expects of
// the target. They choose the dialect, call the simulator's IdP and check
// the answers against the dialect's own data (LookupMissStatuses,
// DuplicateStatus, ResendsMemberAdds); the user and group steps they share
// with the contract live in contract_*.go.

func registerIdPSteps(sc *godog.ScenarioContext) {
	sc.Step(`^the identity provider is "([^"]*)"$`, identityProviderIs)

	sc.Step(`^the IdP's look-up of "([^"]*)" got an answer it takes as "no such user"$`, provisionLookupWasMiss)
	sc.Step(`^the IdP created "([^"]*)" rather than linking to an existing user$`, provisionCreated)
	sc.Step(`^the IdP removes users by (deleting|deactivating) them$`, idpRemovesBy)
	sc.Step(`^the IdP (?:removes|has removed) "([^"]*)" from the app$`, removeFromApp)
	sc.Step(`^the IdP reactivates "([^"]*)"$`, reactivateUser)

	sc.Step(`^the IdP renames the group "([^"]*)"$`, renameGroup)
	sc.Step(`^the SCIM endpoint shows the group "([^"]*)" under its (?:name|new name)$`, scimGroupHasName)
	sc.Step(`^the IdP re-sends adds for members already in a group$`, idpResendsMemberAdds)
	sc.Step(`^the IdP adds "([^"]*)" to "([^"]*)" again$`, addExistingMember)

	sc.Step(`^the IdP takes the answer as "no such user"$`, answerIsLookupMiss)
	sc.Step(`^the answer is the refusal the IdP expects for a taken user name$`, answerIsDuplicateRefusal)
	sc.Step(`^the IdP tests the connection$`, testConnection)
	sc.Step(`^the connection test succeeds$`, connectionTestSucceeded)
}

func identityProviderIs(ctx context.Context, name string) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	return ctx, w.useDialect(name)
}

// provisionLookupWasMiss checks the look-up the last provisioning made
// before its create: the IdP only creates after an answer it reads as
// "no such user".
func provisionLookupWasMiss(ctx context.Context, alias string) (context.Context, error) {
	w, _, err := worldUser(ctx, alias)
	if err != nil {
		return ctx, err
	}
	ex := w.idpExchange(http.MethodGet, "/Users")
	if ex == nil {
		return ctx, w.mismatch(ctx, "the provisioning of "+w.userWords(alias), "a look-up (GET /Users?filter=...) before the create", "none")
	}
	return ctx, w.checkLookupMiss(ctx, ex)
}

func provisionCreated(ctx context.Context, alias string) (context.Context, error) {
	w, u, err := worldUser(ctx, alias)
	if err != nil {
		return ctx, err
	}
	if u.Linked {
		return ctx, w.mismatch(ctx, "the provisioning of "+w.userWords(alias), "a create (the user name is new)", "a look-up that found a user with that name, which the IdP linked to")
	}
	ex := w.idpExchange(http.MethodPost, "/Users")
	if ex == nil {
		return ctx, w.mismatch(ctx, "the provisioning of "+w.userWords(alias), "POST /Users", "no create request")
	}
	w.remember(ex)
	return ctx, w.expectCreated(ctx, alias, ex)
}

// idpRemovesBy states which removal outline a dialect's rows belong in; a
// row whose dialect removes the other way is a stale feature, not a
// target failure, and says so.
func idpRemovesBy(ctx context.Context, how string) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	d := w.IdP.Dialect
	deletes := d.Remove == simulator.RemoveDelete
	if deletes != (how == "deleting") {
		actual := "deactivating them"
		if deletes {
			actual = "deleting them"
		}
		return ctx, w.failf("feature error: expected %s to remove users by %s them, but its dialect removes users by %s; move this Examples row", d.Title, how, actual)
	}
	return ctx, nil
}

// removeFromApp is the IdP's removal whatever it sends: a DELETE, or for
// an IdP that never deletes (Okta) a deactivation.
func removeFromApp(ctx context.Context, alias string) (context.Context, error) {
	return userOp(ctx, alias, "removes", (*simulator.IdP).Remove)
}

func reactivateUser(ctx context.Context, alias string) (context.Context, error) {
	return userOp(ctx, alias, "reactivates", (*simulator.IdP).Reactivate)
}

func renameGroup(ctx context.Context, alias string) (context.Context, error) {
	w, g, err := worldGroup(ctx, alias)
	if err != nil {
		return ctx, err
	}
	// A fresh directory name: unique in the run like every group name.
	ex, err := w.IdP.RenameGroup(ctx, g, w.Dir.NewGroup().DisplayName)
	return ctx, w.opDone("the IdP renames the group "+alias, ex, err)
}

// scimGroupHasName reads the group straight after the create or rename and
// compares its displayName with the name the IdP holds: a target that
// answers 200 to a rename but keeps the old name fails here.
func scimGroupHasName(ctx context.Context, alias string) (context.Context, error) {
	w, g, err := worldGroup(ctx, alias)
	if err != nil {
		return ctx, err
	}
	ex, err := w.send(ctx, w.SCIM, simulator.Request{Method: http.MethodGet, Path: resourcePath("Groups", g.ID), Note: "check: read group"}, "read group "+alias)
	if err != nil {
		return ctx, err
	}
	if ex.Status != http.StatusOK {
		return ctx, w.mismatch(ctx, "GET /Groups/"+g.ID, 200, ex.Status)
	}
	if got := gjson.GetBytes(ex.ResponseBody, "displayName"); got.Str != g.DisplayName {
		return ctx, w.mismatch(ctx, "displayName of the "+w.groupWords(alias), fmt.Sprintf("%q", g.DisplayName), describe(got))
	}
	return ctx, nil
}

// idpResendsMemberAdds keeps the repeated-add outline to the IdPs whose
// dialect re-sends adds (Entra); any other row is a stale feature.
func idpResendsMemberAdds(ctx context.Context) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	if d := w.IdP.Dialect; !d.ResendsMemberAdds {
		return ctx, w.failf("feature error: expected %s to re-send adds for existing members, but its dialect does not; remove this Examples row", d.Title)
	}
	return ctx, nil
}

// addExistingMember repeats an add as Entra does every cycle; the IdP
// accepts 200 or 204 (RFC 7644 §3.5.2 allows either), anything else fails.
func addExistingMember(ctx context.Context, member, alias string) (context.Context, error) {
	w, g, err := worldGroup(ctx, alias)
	if err != nil {
		return ctx, err
	}
	u, err := w.user(member)
	if err != nil {
		return ctx, err
	}
	known := false
	for _, m := range g.Members {
		known = known || m == u
	}
	if !known {
		return ctx, w.failf("expected %s to be a member of %s already (added by an earlier step), got a first add", member, alias)
	}
	return addMembers(ctx, fmt.Sprintf("%q", member), alias)
}

func answerIsLookupMiss(ctx context.Context) (context.Context, error) {
	w, ex, err := lastExchange(ctx)
	if err != nil {
		return ctx, err
	}
	return ctx, w.checkLookupMiss(ctx, ex)
}

// answerIsDuplicateRefusal checks a create of a taken userName against the
// dialect's DuplicateStatus (409 for every IdP on record: Entra retries the
// user in later cycles, Okta stops the job) and the SCIM error document
// the IdP reads the reason from.
func answerIsDuplicateRefusal(ctx context.Context) (context.Context, error) {
	w, ex, err := lastExchange(ctx)
	if err != nil {
		return ctx, err
	}
	d := w.IdP.Dialect
	if ex.Status != d.DuplicateStatus {
		return ctx, w.mismatch(ctx, "the answer to a create with a taken user name", fmt.Sprintf("%d (what %s expects)", d.DuplicateStatus, d.Title), ex.Status)
	}
	if ex.Status == http.StatusConflict {
		return ctx, w.checkUniqueness(ctx, ex)
	}
	return ctx, w.checkErrorSchema(ctx, ex)
}

// probeKey carries the outcome of "test connection" from the When step to
// the Then step through the step context.
type probeKey struct{}

type probeOutcome struct {
	ex  *simulator.Exchange
	err error
}

func testConnection(ctx context.Context) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	ex, err := w.IdP.TestConnection(ctx)
	w.remember(ex)
	return context.WithValue(ctx, probeKey{}, &probeOutcome{ex: ex, err: err}), nil
}

func connectionTestSucceeded(ctx context.Context) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	p, ok := ctx.Value(probeKey{}).(*probeOutcome)
	if !ok {
		return ctx, w.failf("expected an earlier step \"the IdP tests the connection\", got none")
	}
	if p.err != nil {
		return ctx, w.opFailed(w.IdP.Dialect.Title+"'s test connection", p.ex, p.err)
	}
	return ctx, nil
}
