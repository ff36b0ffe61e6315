package steps

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
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

	sc.Step(`^the IdP changes the (name|email|phone|locale) of "([^"]*)"$`, changeUser)
	sc.Step(`^the SCIM endpoint returns the new (name|email|phone|locale) for "([^"]*)"$`, scimShowsNewValue)

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

// newUser generates a person for a new alias and names it in the scenario.
func (w *World) newUser(alias string) (*simulator.User, error) {
	if _, taken := w.Users[alias]; taken {
		return nil, w.failf("expected a new user name for this scenario, got %q twice", alias)
	}
	u := w.Dir.NewUser()
	w.Users[alias] = u
	return u, nil
}

// provision generates a user, provisions it and registers its removal.
func (w *World) provision(ctx context.Context, alias string) (*simulator.User, error) {
	u, err := w.newUser(alias)
	if err != nil {
		return nil, err
	}
	ex, err := w.IdP.Provision(ctx, u)
	if u.ID != "" {
		w.deferUserRemoval(alias, u)
	}
	return u, w.opDone("the IdP provisions "+alias, ex, err)
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
	return deleteWith(ctx, w.SCIM, kind, id)
}

// deleteWith deletes a SCIM resource through c (another tenant's client,
// say); already gone (404) is fine.
func deleteWith(ctx context.Context, c *simulator.Client, kind, id string) error {
	ex, err := c.Do(ctx, simulator.Request{Method: http.MethodDelete, Path: resourcePath(kind, id), Note: "cleanup"})
	if err != nil {
		return err
	}
	if ex.Status != http.StatusNoContent && ex.Status != http.StatusOK && ex.Status != http.StatusNotFound {
		return fmt.Errorf("expected 204 (or 404), got %d", ex.Status)
	}
	return nil
}

// deferRemovalOfCreated registers the deletion of what a raw POST created
// (its 201 body names the id), should the target have created it.
func (w *World) deferRemovalOfCreated(desc string, c *simulator.Client, ex *simulator.Exchange) {
	if id := gjson.GetBytes(ex.ResponseBody, "id").String(); ex.Status == http.StatusCreated && id != "" {
		w.Defer(desc, func(ctx context.Context) error { return deleteWith(ctx, c, "Users", id) })
	}
}

func provisionUser(ctx context.Context, alias string) (context.Context, error) {
	return provisionUsers(ctx, alias)
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
	return provisionUsers(ctx, a, b)
}

func provisionUsers(ctx context.Context, aliases ...string) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	for _, alias := range aliases {
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
	return w.send(ctx, w.SCIM, simulator.Request{Method: http.MethodGet, Path: resourcePath("Users", u.ID), Note: "check: read user"}, "read "+u.UserName)
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

// readUser is the preamble of a check on a user's SCIM resource: the
// World, the user and its 200 answer.
func readUser(ctx context.Context, alias string) (*World, *simulator.User, *simulator.Exchange, error) {
	w, u, err := worldUser(ctx, alias)
	if err != nil {
		return nil, nil, nil, err
	}
	ex, err := w.getUserOK(ctx, u)
	if err != nil {
		return nil, nil, nil, err
	}
	return w, u, ex, nil
}

// scimHasEverySentAttribute compares what the IdP sent with what the
// target returns. It never compares nothing: every profile holds userName
// (ParseProfile insists) and every user has one.
func scimHasEverySentAttribute(ctx context.Context, alias string) (context.Context, error) {
	w, u, ex, err := readUser(ctx, alias)
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
		return ctx, w.mismatch(ctx, "the SCIM user "+w.userWords(alias), "every value the IdP sent", strings.Join(lines, "; "))
	}
	return ctx, nil
}

// changedPaths are the profile attributes each kind of change touches.
var changedPaths = map[string][]string{
	"name":   {"name.givenName", "name.familyName", "displayName"},
	"email":  {`emails[type eq "work"].value`},
	"phone":  {`phoneNumbers[type eq "work"].value`},
	"locale": {"locale"},
}

// profileLacksChange is the skip of a check on a change whose attributes
// the profile holds none of: the IdP sent nothing to compare.
func (w *World) profileLacksChange(what string) error {
	return w.Skip(fmt.Sprintf("the attribute profile holds none of %s, so the IdP sends no %s change", strings.Join(changedPaths[what], ", "), what))
}

func changeUser(ctx context.Context, what, alias string) (context.Context, error) {
	w, u, err := worldUser(ctx, alias)
	if err != nil {
		return ctx, err
	}
	if !w.profileHolds(changedPaths[what]) {
		return ctx, w.profileLacksChange(what)
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
	case "locale":
		c.Locale = otherLocale(u.Locale)
	}
	ex, err := w.IdP.Update(ctx, u, c)
	return ctx, w.opDone("the IdP changes the "+what+" of "+alias, ex, err)
}

// scimShowsNewValue compares every changed attribute the profile holds;
// when it holds none of them the step skips rather than pass having
// compared nothing.
func scimShowsNewValue(ctx context.Context, what, alias string) (context.Context, error) {
	w, u, ex, err := readUser(ctx, alias)
	if err != nil {
		return ctx, err
	}
	compared := 0
	for _, p := range changedPaths[what] {
		a, ok := w.Env.Profile.Attribute(p)
		if !ok {
			continue // not in this customer's profile: the IdP never sends it
		}
		compared++
		want, _ := a.UserValue(u)
		got, found, err := a.ResourceValue(ex.ResponseBody)
		if err != nil {
			return ctx, w.mismatch(ctx, "the user resource", "a SCIM User as JSON", err)
		}
		if !found {
			return ctx, w.mismatch(ctx, "the SCIM user "+w.userWords(alias)+", "+p, fmt.Sprintf("%q", want), "nothing")
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			return ctx, w.mismatchMeaning(ctx, "the SCIM user "+w.userWords(alias)+", "+p, fmt.Sprintf("%q (the new value)", want), fmt.Sprintf("%q", got),
				"the update was answered but not applied")
		}
	}
	if compared == 0 {
		return ctx, w.profileLacksChange(what)
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
	w, u, err := worldUser(ctx, alias)
	if err != nil {
		return ctx, err
	}
	ex, err := op(w.IdP, ctx, u)
	return ctx, w.opDone("the IdP "+what+" "+w.userWords(alias), ex, err)
}

func scimShowsActive(ctx context.Context, alias, state string) (context.Context, error) {
	w, _, ex, err := readUser(ctx, alias)
	if err != nil {
		return ctx, err
	}
	want := state == "active"
	got := gjson.GetBytes(ex.ResponseBody, "active")
	if !(got.IsBool() && got.Bool() == want) {
		meaning := "the deactivation was answered but not applied"
		if want {
			meaning = "the user stays inactive"
		}
		return ctx, w.mismatchMeaning(ctx, "the SCIM user "+w.userWords(alias)+", active", want, describe(got), meaning)
	}
	return ctx, nil
}

func scimNoLongerFindsByID(ctx context.Context, alias string) (context.Context, error) {
	w, u, err := worldUser(ctx, alias)
	if err != nil {
		return ctx, err
	}
	ex, err := w.getUser(ctx, u)
	if err != nil {
		return ctx, err
	}
	if ex.Status != http.StatusNotFound {
		return ctx, w.mismatchMeaning(ctx, "GET /Users/{id} of the removed user "+w.userWords(alias), 404, ex.Status, "the SCIM endpoint still serves a user the IdP removed")
	}
	return ctx, nil
}

// lookup runs the dialect's own user look-up for value.
func (w *World) lookup(ctx context.Context, value string) (*simulator.Exchange, error) {
	return w.send(ctx, w.SCIM, simulator.Request{Method: http.MethodGet, Path: "/Users", RawQuery: w.IdP.Dialect.LookupRawQuery(value), Note: "look-up by userName"}, "look-up")
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
	w, u, err := worldUser(ctx, alias)
	if err != nil {
		return ctx, err
	}
	ex, err := w.lookup(ctx, u.UserName)
	if err != nil {
		return ctx, err
	}
	return ctx, w.expectEmptyList(ctx, ex)
}

// expectEmptyList requires an empty ListResponse: the list shape first
// (listResources), then totalResults 0 and no resources.
func (w *World) expectEmptyList(ctx context.Context, ex *simulator.Exchange) error {
	items, err := w.listResources(ctx, ex)
	if err != nil {
		return err
	}
	if total := gjson.GetBytes(ex.ResponseBody, "totalResults").Int(); total != 0 {
		return w.mismatch(ctx, "totalResults", 0, total)
	}
	if n := len(items); n != 0 {
		return w.mismatch(ctx, "Resources", "no resources", fmt.Sprintf("%d", n))
	}
	return nil
}

func scimCreatedAgain(ctx context.Context, alias string) (context.Context, error) {
	w, u, err := worldUser(ctx, alias)
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
		return ctx, w.mismatch(ctx, "provisioning "+w.userWords(alias)+" again", "a POST /Users answered 201", got)
	}
	return ctx, w.expectCreated(ctx, alias, ex)
}

// expectCreated requires the 201 of a POST /Users for alias.
func (w *World) expectCreated(ctx context.Context, alias string, ex *simulator.Exchange) error {
	if ex.Status != http.StatusCreated {
		return w.mismatch(ctx, "POST /Users for "+w.userWords(alias), 201, ex.Status)
	}
	return nil
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
	_, err = w.send(ctx, w.SCIM, simulator.Request{Method: http.MethodGet, Path: "/Users/" + w.Dir.GUID(), Note: "read unknown id"}, "read an unknown id")
	return ctx, err
}

// createDuplicate POSTs a different person with a taken userName, without
// the IdP's look-up (an IdP whose look-up attribute is not userName does
// exactly that). Should the target create it, the cleanup removes it.
func createDuplicate(ctx context.Context, alias string) (context.Context, error) {
	w, u, err := worldUser(ctx, alias)
	if err != nil {
		return ctx, err
	}
	dup := w.Dir.NewUser()
	dup.UserName = u.UserName
	ex, err := w.send(ctx, w.SCIM, simulator.Request{Method: http.MethodPost, Path: "/Users", Body: w.IdP.UserBody(dup), Note: "create with a taken userName"}, "create a duplicate of "+alias)
	if err != nil {
		return ctx, err
	}
	w.deferRemovalOfCreated("remove the duplicate of "+alias, w.SCIM, ex)
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
	return ctx, w.checkUniqueness(ctx, ex)
}

// checkUniqueness requires the SCIM error of a taken userName: the error
// schema and scimType "uniqueness".
func (w *World) checkUniqueness(ctx context.Context, ex *simulator.Exchange) error {
	if err := w.checkErrorSchema(ctx, ex); err != nil {
		return err
	}
	if got := gjson.GetBytes(ex.ResponseBody, "scimType"); got.Str != "uniqueness" {
		return w.mismatch(ctx, "error scimType", `"uniqueness"`, describe(got))
	}
	return nil
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

// upperUserName returns the World and the named user's userName in upper
// case, which must differ from it for a case-insensitivity check to mean
// anything.
func upperUserName(ctx context.Context, alias string) (*World, string, error) {
	w, u, err := worldUser(ctx, alias)
	if err != nil {
		return nil, "", err
	}
	upper := strings.ToUpper(u.UserName)
	if upper == u.UserName {
		return w, "", w.failf("expected a user name with lower-case letters, got %q", u.UserName)
	}
	return w, upper, nil
}

func lookupUpperCase(ctx context.Context, alias string) (context.Context, error) {
	w, upper, err := upperUserName(ctx, alias)
	if err != nil {
		return ctx, err
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

// otherLocale is a locale different from the user's current one.
func otherLocale(current string) string {
	if current == "fr-CA" {
		return "de-AT"
	}
	return "fr-CA"
}

// profileHolds tells whether this customer's profile holds any of paths.
func (w *World) profileHolds(paths []string) bool {
	for _, p := range paths {
		if _, ok := w.Env.Profile.Attribute(p); ok {
			return true
		}
	}
	return false
}
