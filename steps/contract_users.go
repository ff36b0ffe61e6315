package steps

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/cucumber/godog"
	"github.com/tidwall/gjson"

	"github.com/scimharness/scimharness/simulator"
)

// registerUserSteps adds the steps of the user lifecycle as the IdP and the
// SCIM endpoint see it.
func registerUserSteps(sc *godog.ScenarioContext) {
	sc.Step(`^the IdP (?:provisions|has provisioned) (?:a new|a) user "([^"]*)"$`, provisionUser)
	sc.Step(`^the IdP provisions a new user "([^"]*)" with every attribute of the profile$`, provisionUserWithProfile)
	sc.Step(`^the IdP has provisioned the users "([^"]*)" and "([^"]*)"$`, provisionTwoUsers)
	sc.Step(`^the SCIM endpoint returns "([^"]*)" with every attribute the IdP sent$`, scimHasEverySentAttribute)

	sc.Step(`^the IdP changes the (name|email|phone) of "([^"]*)"$`, changeUser)
	sc.Step(`^the SCIM endpoint returns the new (name|email|phone) for "([^"]*)"$`, scimShowsNewValue)

	sc.Step(`^the IdP deactivates "([^"]*)"$`, deactivateUser)
	sc.Step(`^the IdP (?:removes|has removed) "([^"]*)"$`, removeUser)
	sc.Step(`^the IdP provisions "([^"]*)" again$`, provisionAgain)
	sc.Step(`^the SCIM endpoint shows "([^"]*)" as (active|inactive)$`, scimShowsActive)
	sc.Step(`^the SCIM endpoint no longer finds "([^"]*)" by id$`, scimNoLongerFindsByID)
	sc.Step(`^a look-up of "([^"]*)" by user name finds nobody$`, lookupFindsNobody)
	sc.Step(`^the SCIM endpoint created "([^"]*)" again$`, scimCreatedAgain)

	sc.Step(`^the IdP looks up a user name that does not exist$`, lookupUnknownUserName)
	sc.Step(`^the answer is an empty list$`, answerIsEmptyList)
	sc.Step(`^the IdP reads a user id that does not exist$`, readUnknownID)
	sc.Step(`^the client creates another user with the same user name as "([^"]*)"$`, createDuplicate)
	sc.Step(`^the answer is a conflict because the user name is taken$`, answerIsUniquenessConflict)
	sc.Step(`^the IdP looks up "([^"]*)" by the user name in upper case$`, lookupUpperCase)
	sc.Step(`^exactly one user is found and it is "([^"]*)"$`, exactlyOneUserFound)
}

// user returns the user a step names.
func (w *World) user(alias string) (*simulator.User, error) {
	u, ok := w.Users[alias]
	if !ok {
		return nil, w.failf("expected a user %q provisioned earlier in this scenario, got none (known: %s)", alias, strings.Join(userAliases(w), ", "))
	}
	return u, nil
}

func userAliases(w *World) []string {
	out := make([]string, 0, len(w.Users))
	for a := range w.Users {
		out = append(out, a)
	}
	return out
}

// provision generates a user, provisions it and registers its removal.
func (w *World) provision(ctx context.Context, alias string) (*simulator.User, error) {
	if _, taken := w.Users[alias]; taken {
		return nil, w.failf("expected a new user name for this scenario, got %q twice", alias)
	}
	u := w.Dir.NewUser()
	w.Users[alias] = u
	ex, err := w.IdP.Provision(ctx, u)
	w.remember(ex)
	if u.ID != "" {
		w.deferUserRemoval(alias, u)
	}
	if err != nil {
		return u, w.opFailed("the IdP provisions "+alias, ex, err)
	}
	return u, nil
}

// deferUserRemoval deletes the SCIM user at the end, whatever id it has
// then (a re-provisioned user may have a new one). Cantara keeps the
// account, deactivated: the contract offers no way to erase it.
func (w *World) deferUserRemoval(alias string, u *simulator.User) {
	w.Defer("remove user "+alias, func(ctx context.Context) error {
		if u.ID == "" || u.Removed {
			return nil
		}
		return w.deleteResource(ctx, "Users", u.ID)
	})
}

// deleteResource deletes a SCIM resource; already gone (404) is fine.
func (w *World) deleteResource(ctx context.Context, kind, id string) error {
	ex, err := w.SCIM.Do(ctx, simulator.Request{Method: http.MethodDelete, Path: "/" + kind + "/" + url.PathEscape(id), Note: "cleanup"})
	if err != nil {
		return err
	}
	if ex.Status != http.StatusNoContent && ex.Status != http.StatusOK && ex.Status != http.StatusNotFound {
		return fmt.Errorf("expected 204 (or 404), got %d", ex.Status)
	}
	return nil
}

func provisionUser(ctx context.Context, alias string) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	_, err = w.provision(ctx, alias)
	return ctx, err
}

// provisionUserWithProfile also proves the create carried every profile
// attribute, so a later "arrived" check is not vacuous.
func provisionUserWithProfile(ctx context.Context, alias string) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	u, err := w.provision(ctx, alias)
	if err != nil {
		return ctx, err
	}
	if u.Linked {
		return ctx, w.failf("expected the IdP to create %s (a fresh user name), got an existing user with that name linked instead", alias)
	}
	var missing []string
	for _, a := range w.Env.Profile.Attributes {
		if _, ok := a.UserValue(u); !ok {
			continue
		}
		if _, found, err := simulator.ResourceValue(w.Last.RequestBody, a.SCIM); err != nil || !found {
			missing = append(missing, a.SCIM)
		}
	}
	if len(missing) > 0 {
		return ctx, w.mismatch(ctx, "the IdP's create request", "every profile attribute", "a request without "+strings.Join(missing, ", "))
	}
	return ctx, nil
}

func provisionTwoUsers(ctx context.Context, a, b string) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	for _, alias := range []string{a, b} {
		if _, err := w.provision(ctx, alias); err != nil {
			return ctx, err
		}
	}
	return ctx, nil
}

// getUser reads the user's SCIM resource and remembers the exchange.
func (w *World) getUser(ctx context.Context, u *simulator.User) (*simulator.Exchange, error) {
	if u.ID == "" {
		return nil, w.failf("expected %s to have a SCIM id, got none", u.UserName)
	}
	ex, err := w.SCIM.Do(ctx, simulator.Request{Method: http.MethodGet, Path: "/Users/" + url.PathEscape(u.ID), Note: "check: read user"})
	w.remember(ex)
	if err != nil {
		return ex, w.opFailed("read "+u.UserName, ex, err)
	}
	return ex, nil
}

// getUserOK is getUser that also requires 200.
func (w *World) getUserOK(ctx context.Context, u *simulator.User) (*simulator.Exchange, error) {
	ex, err := w.getUser(ctx, u)
	if err != nil {
		return nil, err
	}
	if ex.Status != http.StatusOK {
		return nil, w.mismatch(ctx, "GET /Users/"+u.ID, 200, ex.Status)
	}
	return ex, nil
}

func scimHasEverySentAttribute(ctx context.Context, alias string) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	u, err := w.user(alias)
	if err != nil {
		return ctx, err
	}
	ex, err := w.getUserOK(ctx, u)
	if err != nil {
		return ctx, err
	}
	diffs, err := w.Env.Profile.Compare(ex.ResponseBody, u)
	if err != nil {
		return ctx, w.mismatch(ctx, "the user resource", "a SCIM User as JSON", err)
	}
	if len(diffs) > 0 {
		lines := make([]string, len(diffs))
		for i, d := range diffs {
			lines[i] = d.String()
		}
		return ctx, w.mismatch(ctx, alias+"'s attributes", "every value the IdP sent", strings.Join(lines, "; "))
	}
	return ctx, nil
}

// changedPaths are the profile attributes each kind of change touches.
var changedPaths = map[string][]string{
	"name":  {"name.givenName", "name.familyName", "displayName"},
	"email": {`emails[type eq "work"].value`},
	"phone": {`phoneNumbers[type eq "work"].value`},
}

func changeUser(ctx context.Context, what, alias string) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	u, err := w.user(alias)
	if err != nil {
		return ctx, err
	}
	all := w.Dir.NewChanges(u)
	var c simulator.Changes
	switch what {
	case "name":
		c.GivenName, c.FamilyName, c.DisplayName = all.GivenName, all.FamilyName, all.DisplayName
	case "email":
		c.Email = all.Email
	case "phone":
		c.Phone = all.Phone
	}
	ex, err := w.IdP.Update(ctx, u, c)
	w.remember(ex)
	if err != nil {
		return ctx, w.opFailed("the IdP changes the "+what+" of "+alias, ex, err)
	}
	return ctx, nil
}

func scimShowsNewValue(ctx context.Context, what, alias string) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	u, err := w.user(alias)
	if err != nil {
		return ctx, err
	}
	ex, err := w.getUserOK(ctx, u)
	if err != nil {
		return ctx, err
	}
	for _, p := range changedPaths[what] {
		a, ok := w.Env.Profile.Attribute(p)
		if !ok {
			continue // not in this customer's profile: the IdP never sends it
		}
		want, _ := a.UserValue(u)
		got, found, err := a.ResourceValue(ex.ResponseBody)
		if err != nil {
			return ctx, w.mismatch(ctx, "the user resource", "a SCIM User as JSON", err)
		}
		if !found {
			return ctx, w.mismatch(ctx, alias+"'s "+p, fmt.Sprintf("%q", want), "nothing")
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			return ctx, w.mismatch(ctx, alias+"'s "+p, fmt.Sprintf("%q (the new value)", want), fmt.Sprintf("%q", got))
		}
	}
	return ctx, nil
}

func deactivateUser(ctx context.Context, alias string) (context.Context, error) {
	return userOp(ctx, alias, "deactivates", (*simulator.IdP).Deactivate)
}

// removeUser is a DELETE. An IdP that never deletes users (Okta) removes by
// deactivating, which deactivation.feature covers; the removal scenarios
// cannot run as that IdP and say so.
func removeUser(ctx context.Context, alias string) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	if d := w.IdP.Dialect; d.Remove == simulator.RemoveDeactivate {
		return ctx, w.Skip(fmt.Sprintf("the %s IdP never deletes users (removal is deactivation), so it cannot remove one", d.Name))
	}
	return userOp(ctx, alias, "removes", (*simulator.IdP).Remove)
}

func provisionAgain(ctx context.Context, alias string) (context.Context, error) {
	return userOp(ctx, alias, "provisions again", (*simulator.IdP).Reactivate)
}

func userOp(ctx context.Context, alias, what string, op func(*simulator.IdP, context.Context, *simulator.User) (*simulator.Exchange, error)) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	u, err := w.user(alias)
	if err != nil {
		return ctx, err
	}
	ex, err := op(w.IdP, ctx, u)
	w.remember(ex)
	if err != nil {
		return ctx, w.opFailed("the IdP "+what+" "+alias, ex, err)
	}
	return ctx, nil
}

func scimShowsActive(ctx context.Context, alias, state string) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	u, err := w.user(alias)
	if err != nil {
		return ctx, err
	}
	ex, err := w.getUserOK(ctx, u)
	if err != nil {
		return ctx, err
	}
	want := state == "active"
	got := gjson.GetBytes(ex.ResponseBody, "active")
	if !(got.IsBool() && got.Bool() == want) {
		return ctx, w.mismatch(ctx, alias+"'s active", want, describe(got))
	}
	return ctx, nil
}

func scimNoLongerFindsByID(ctx context.Context, alias string) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	u, err := w.user(alias)
	if err != nil {
		return ctx, err
	}
	ex, err := w.getUser(ctx, u)
	if err != nil {
		return ctx, err
	}
	if ex.Status != http.StatusNotFound {
		return ctx, w.mismatch(ctx, "GET /Users/{id} of the removed "+alias, 404, ex.Status)
	}
	return ctx, nil
}

// lookup runs the dialect's own user look-up for value.
func (w *World) lookup(ctx context.Context, value string) (*simulator.Exchange, error) {
	ex, err := w.SCIM.Do(ctx, simulator.Request{Method: http.MethodGet, Path: "/Users", RawQuery: w.IdP.Dialect.LookupRawQuery(value), Note: "look-up by userName"})
	w.remember(ex)
	if err != nil {
		return ex, w.opFailed("look-up", ex, err)
	}
	return ex, nil
}

// listTotal checks a ListResponse: 200, a numeric totalResults, and returns it.
func (w *World) listTotal(ctx context.Context, ex *simulator.Exchange) (int64, error) {
	if ex.Status != http.StatusOK {
		return 0, w.mismatch(ctx, "look-up status", "200 with a list", ex.Status)
	}
	total := gjson.GetBytes(ex.ResponseBody, "totalResults")
	if total.Type != gjson.Number {
		return 0, w.mismatch(ctx, "totalResults", "a number", describe(total))
	}
	return total.Int(), nil
}

func lookupFindsNobody(ctx context.Context, alias string) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	u, err := w.user(alias)
	if err != nil {
		return ctx, err
	}
	ex, err := w.lookup(ctx, u.UserName)
	if err != nil {
		return ctx, err
	}
	return ctx, w.expectEmptyList(ctx, ex)
}

func (w *World) expectEmptyList(ctx context.Context, ex *simulator.Exchange) error {
	total, err := w.listTotal(ctx, ex)
	if err != nil {
		return err
	}
	if total != 0 {
		return w.mismatch(ctx, "totalResults", 0, total)
	}
	if n := len(gjson.GetBytes(ex.ResponseBody, "Resources").Array()); n != 0 {
		return w.mismatch(ctx, "Resources", "no resources", fmt.Sprintf("%d", n))
	}
	return nil
}

func scimCreatedAgain(ctx context.Context, alias string) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	u, err := w.user(alias)
	if err != nil {
		return ctx, err
	}
	ex := w.Last
	if ex == nil || ex.Method != http.MethodPost {
		got := "no create request"
		if ex != nil {
			got = ex.Method + " " + ex.URL
			if u.Linked {
				got += " (the look-up still found the removed user)"
			}
		}
		return ctx, w.mismatch(ctx, "re-provisioning "+alias, "a POST /Users answered 201", got)
	}
	if ex.Status != http.StatusCreated {
		return ctx, w.mismatch(ctx, "POST /Users for "+alias, 201, ex.Status)
	}
	return ctx, nil
}

func lookupUnknownUserName(ctx context.Context) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	_, err = w.lookup(ctx, "nobody."+strings.ReplaceAll(w.Dir.GUID(), "-", "")+"@"+simulator.EmailDomain)
	return ctx, err
}

func answerIsEmptyList(ctx context.Context) (context.Context, error) {
	w, ex, err := lastExchange(ctx)
	if err != nil {
		return ctx, err
	}
	return ctx, w.expectEmptyList(ctx, ex)
}

func readUnknownID(ctx context.Context) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	ex, err := w.SCIM.Do(ctx, simulator.Request{Method: http.MethodGet, Path: "/Users/" + w.Dir.GUID(), Note: "read unknown id"})
	w.remember(ex)
	if err != nil {
		return ctx, w.opFailed("read an unknown id", ex, err)
	}
	return ctx, nil
}

// createDuplicate POSTs a different person with a taken userName, without
// the IdP's look-up (an IdP whose look-up attribute is not userName does
// exactly that). Should the target create it, the cleanup removes it.
func createDuplicate(ctx context.Context, alias string) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	u, err := w.user(alias)
	if err != nil {
		return ctx, err
	}
	dup := w.Dir.NewUser()
	dup.UserName = u.UserName
	ex, err := w.SCIM.Do(ctx, simulator.Request{Method: http.MethodPost, Path: "/Users", Body: w.IdP.UserBody(dup), Note: "create with a taken userName"})
	w.remember(ex)
	if err != nil {
		return ctx, w.opFailed("create a duplicate of "+alias, ex, err)
	}
	if ex.Status == http.StatusCreated {
		if id := gjson.GetBytes(ex.ResponseBody, "id").String(); id != "" {
			w.Defer("remove the duplicate of "+alias, func(ctx context.Context) error { return w.deleteResource(ctx, "Users", id) })
		}
	}
	return ctx, nil
}

// answerIsUniquenessConflict checks the 409 an IdP relies on to stop
// retrying. The error document's "status" type is an RFC 7644 §3.12 matter
// checked by its own scenario, so either JSON type is accepted here.
func answerIsUniquenessConflict(ctx context.Context) (context.Context, error) {
	w, ex, err := lastExchange(ctx)
	if err != nil {
		return ctx, err
	}
	if ex.Status != http.StatusConflict {
		return ctx, w.mismatch(ctx, "response status", 409, ex.Status)
	}
	if err := w.checkErrorSchema(ctx, ex); err != nil {
		return ctx, err
	}
	if got := gjson.GetBytes(ex.ResponseBody, "scimType"); got.Str != "uniqueness" {
		return ctx, w.mismatch(ctx, "error scimType", `"uniqueness"`, describe(got))
	}
	return ctx, nil
}

// checkErrorSchema requires a JSON body naming the SCIM error schema.
func (w *World) checkErrorSchema(ctx context.Context, ex *simulator.Exchange) error {
	var doc struct {
		Schemas []string `json:"schemas"`
	}
	if err := json.Unmarshal(ex.ResponseBody, &doc); err != nil {
		return w.mismatch(ctx, "error body", "a SCIM error document", fmt.Sprintf("%d bytes that are not a JSON object", len(ex.ResponseBody)))
	}
	for _, s := range doc.Schemas {
		if s == scimErrorSchema {
			return nil
		}
	}
	return w.mismatch(ctx, "error schemas", fmt.Sprintf("[%q]", scimErrorSchema), fmt.Sprintf("%q", doc.Schemas))
}

func lookupUpperCase(ctx context.Context, alias string) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	u, err := w.user(alias)
	if err != nil {
		return ctx, err
	}
	upper := strings.ToUpper(u.UserName)
	if upper == u.UserName {
		return ctx, w.failf("expected a user name with lower-case letters, got %q", u.UserName)
	}
	_, err = w.lookup(ctx, upper)
	return ctx, err
}

func exactlyOneUserFound(ctx context.Context, alias string) (context.Context, error) {
	w, ex, err := lastExchange(ctx)
	if err != nil {
		return ctx, err
	}
	u, err := w.user(alias)
	if err != nil {
		return ctx, err
	}
	total, err := w.listTotal(ctx, ex)
	if err != nil {
		return ctx, err
	}
	if total != 1 {
		return ctx, w.mismatch(ctx, "totalResults", 1, total)
	}
	if got := gjson.GetBytes(ex.ResponseBody, "Resources.0.id").String(); got != u.ID {
		return ctx, w.mismatch(ctx, "the user found", fmt.Sprintf("%s (id %s)", alias, u.ID), fmt.Sprintf("id %q", got))
	}
	return ctx, nil
}
