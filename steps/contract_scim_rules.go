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

func registerSCIMRuleSteps(sc *godog.ScenarioContext) {
	sc.Step(`^the client calls a tenant URL that does not exist with the run's token$`, callUnknownTenant)
	sc.Step(`^the other tenant's IdP provisions a user with the same user name as "([^"]*)"$`, otherTenantProvisions)
	sc.Step(`^the other tenant created that user$`, otherTenantCreated)
	sc.Step(`^the client creates a user "([^"]*)" sent as "([^"]*)"$`, createUserAs)
	sc.Step(`^the SCIM endpoint created "([^"]*)"$`, scimCreated)
	sc.Step(`^the client changes the display name of "([^"]*)" with a PATCH sent as "([^"]*)"$`, patchDisplayNameAs)
	sc.Step(`^the SCIM endpoint returns the new display name for "([^"]*)"$`, scimShowsNewDisplayName)
	sc.Step(`^the IdP provisions a new user "([^"]*)" whose work email and phone are listed after home ones$`, provisionWithHomeFirst)
	sc.Step(`^Cantara's account for "([^"]*)" shows the work email and the work phone$`, accountShowsWorkValues)
	sc.Step(`^the IdP replaces "([^"]*)" with a PUT that sets active to (true|false)$`, putActive)
	sc.Step(`^the IdP deletes the group "([^"]*)"$`, deleteGroup)
	sc.Step(`^Cantara no longer shows the group "([^"]*)"$`, adminGroupGone)
	sc.Step(`^the client replaces "([^"]*)" with the resource it just read and a new display name$`, putAsRead)
	sc.Step(`^the client replaces "([^"]*)" with a body carrying another id$`, putOtherID)
	sc.Step(`^the client patches the id of "([^"]*)"$`, patchID)
	sc.Step(`^the SCIM endpoint still has "([^"]*)" under its own id$`, stillUnderOwnID)
}

// tenantBaseURL is the tenant URL of tid on the same host: the contract's
// {host}/scim/v2/{tenantId} with the last segment swapped.
func tenantBaseURL(base, tid string) (string, error) {
	u, err := url.Parse(strings.TrimRight(base, "/"))
	if err != nil {
		return "", fmt.Errorf("expected a tenant URL, got %q: %w", base, err)
	}
	i := strings.LastIndex(u.Path, "/")
	if i < 0 {
		return "", fmt.Errorf("expected a tenant URL ending in /{tenantId}, got %q", base)
	}
	u.Path = u.Path[:i+1] + url.PathEscape(tid)
	u.RawPath = ""
	return u.String(), nil
}

// scimClientFor is a SCIM client for another tenant URL, recorded and
// masked like the scenario's own.
func (w *World) scimClientFor(base, token string) *simulator.Client {
	return simulator.NewClient(simulator.ClientConfig{
		BaseURL: base, Token: token, Masker: w.Env.Masker, Recorder: w.Rec, HTTPClient: w.Env.HTTPClient,
	})
}

// callUnknownTenant sends the run's valid token to a tenant URL that does
// not exist: the token is "a token of another tenant" there, so the answer
// must be the unknown-token 401 (no hint which tenants exist).
func callUnknownTenant(ctx context.Context) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	base, err := tenantBaseURL(w.Env.Target.BaseURL, "scimharness-none-"+strings.ReplaceAll(w.Dir.GUID(), "-", ""))
	if err != nil {
		return ctx, w.failf("%v", err)
	}
	c := w.scimClientFor(base, w.Env.scimToken())
	ex, err := c.Do(ctx, simulator.Request{Method: http.MethodGet, Path: "/Users", RawQuery: "count=1", Note: "tenant that does not exist"})
	w.remember(ex)
	if err != nil {
		return ctx, w.opFailed("call a tenant URL that does not exist", ex, err)
	}
	return ctx, nil
}

// otherTenantProvisions POSTs, to the other tenant (made by "another
// tenant with its own provisioning token"), a user with a userName taken in
// this tenant. userName is unique per tenant, not across tenants.
func otherTenantProvisions(ctx context.Context, alias string) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	u, err := w.user(alias)
	if err != nil {
		return ctx, err
	}
	st, ok := w.generatedTokens["other tenant"]
	if !ok || st.tenant == w.Env.Target.Tenant() {
		return ctx, w.failf(`expected "another tenant with its own provisioning token \"other tenant\"" earlier in this scenario, got none`)
	}
	token, _ := w.Token("other tenant")
	base, err := tenantBaseURL(w.Env.Target.BaseURL, st.tenant)
	if err != nil {
		return ctx, w.failf("%v", err)
	}
	c := w.scimClientFor(base, token)
	twin := w.Dir.NewUser()
	twin.UserName = u.UserName
	ex, err := c.Do(ctx, simulator.Request{Method: http.MethodPost, Path: "/Users", Body: w.IdP.UserBody(twin), Note: "other tenant: create the same userName"})
	w.remember(ex)
	if err != nil {
		return ctx, w.opFailed("create the user in the other tenant", ex, err)
	}
	if id := gjson.GetBytes(ex.ResponseBody, "id").String(); ex.Status == http.StatusCreated && id != "" {
		w.Defer("remove the other tenant's user", func(ctx context.Context) error {
			ex, err := c.Do(ctx, simulator.Request{Method: http.MethodDelete, Path: "/Users/" + url.PathEscape(id), Note: "cleanup"})
			if err != nil {
				return err
			}
			if ex.Status != http.StatusNoContent && ex.Status != http.StatusNotFound {
				return fmt.Errorf("expected 204 (or 404), got %d", ex.Status)
			}
			return nil
		})
	}
	return ctx, nil
}

func otherTenantCreated(ctx context.Context) (context.Context, error) {
	w, ex, err := lastExchange(ctx)
	if err != nil {
		return ctx, err
	}
	if ex.Method != http.MethodPost || ex.Status != http.StatusCreated {
		return ctx, w.mismatch(ctx, "creating the same user name in another tenant", "201 (userName is unique per tenant only)", fmt.Sprintf("%s answered %d", ex.Method, ex.Status))
	}
	return ctx, nil
}

// postUser creates u with a raw POST (no look-up) and registers its removal.
func (w *World) postUser(ctx context.Context, alias string, u *simulator.User, body any, header http.Header, note string) (*simulator.Exchange, error) {
	w.Users[alias] = u
	ex, err := w.SCIM.Do(ctx, simulator.Request{Method: http.MethodPost, Path: "/Users", Body: body, Header: header, Note: note})
	w.remember(ex)
	if err != nil {
		return ex, w.opFailed("create "+alias, ex, err)
	}
	if id := gjson.GetBytes(ex.ResponseBody, "id").String(); ex.Status == http.StatusCreated && id != "" {
		u.ID = id
		w.deferUserRemoval(alias, u)
	}
	return ex, nil
}

func (w *World) newUserAlias(alias string) (*simulator.User, error) {
	if _, taken := w.Users[alias]; taken {
		return nil, w.failf("expected a new user name for this scenario, got %q twice", alias)
	}
	return w.Dir.NewUser(), nil
}

func createUserAs(ctx context.Context, alias, contentType string) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	u, err := w.newUserAlias(alias)
	if err != nil {
		return ctx, err
	}
	h := http.Header{"Content-Type": {contentType}}
	_, err = w.postUser(ctx, alias, u, w.IdP.UserBody(u), h, "create sent as "+contentType)
	return ctx, err
}

func scimCreated(ctx context.Context, alias string) (context.Context, error) {
	w, ex, err := lastExchange(ctx)
	if err != nil {
		return ctx, err
	}
	if ex.Method != http.MethodPost || ex.Status != http.StatusCreated {
		return ctx, w.mismatch(ctx, "creating "+alias, "POST /Users answered 201", fmt.Sprintf("%s answered %d", ex.Method, ex.Status))
	}
	if u, err := w.user(alias); err != nil || u.ID == "" {
		return ctx, w.mismatch(ctx, "the created "+alias, "an id in the 201 body", "none")
	}
	return ctx, nil
}

func patchDisplayNameAs(ctx context.Context, alias, contentType string) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	u, err := w.user(alias)
	if err != nil {
		return ctx, err
	}
	u.DisplayName = "Renamed " + w.Dir.NewUser().DisplayName
	body := map[string]any{
		"schemas":    []string{"urn:ietf:params:scim:api:messages:2.0:PatchOp"},
		"Operations": []any{map[string]any{"op": "replace", "path": "displayName", "value": u.DisplayName}},
	}
	ex, err := w.SCIM.Do(ctx, simulator.Request{Method: http.MethodPatch, Path: "/Users/" + url.PathEscape(u.ID), Body: body,
		Header: http.Header{"Content-Type": {contentType}}, Note: "patch sent as " + contentType})
	w.remember(ex)
	if err != nil {
		return ctx, w.opFailed("change the display name of "+alias, ex, err)
	}
	if ex.Status != http.StatusOK && ex.Status != http.StatusNoContent {
		return ctx, w.mismatch(ctx, "PATCH sent as "+contentType, "200 or 204", ex.Status)
	}
	return ctx, nil
}

func scimShowsNewDisplayName(ctx context.Context, alias string) (context.Context, error) {
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
	if got := gjson.GetBytes(ex.ResponseBody, "displayName"); got.String() != u.DisplayName {
		return ctx, w.mismatch(ctx, alias+"'s displayName", fmt.Sprintf("%q (the new value)", u.DisplayName), describe(got))
	}
	return ctx, nil
}

// provisionWithHomeFirst creates a user whose emails and phoneNumbers list
// a home value before the work one, none marked primary: the account must
// show the work values ("email/phone are the work (or primary) values").
func provisionWithHomeFirst(ctx context.Context, alias string) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	u, err := w.newUserAlias(alias)
	if err != nil {
		return ctx, err
	}
	home := w.Dir.NewUser()
	body := w.IdP.UserBody(u)
	body["emails"] = []any{
		map[string]any{"type": "home", "value": home.Email},
		map[string]any{"type": "work", "value": u.Email},
	}
	body["phoneNumbers"] = []any{
		map[string]any{"type": "home", "value": home.Phone},
		map[string]any{"type": "work", "value": u.Phone},
	}
	ex, err := w.postUser(ctx, alias, u, body, nil, "create with home values first")
	if err != nil {
		return ctx, err
	}
	if ex.Status != http.StatusCreated {
		return ctx, w.mismatch(ctx, "POST /Users for "+alias, 201, ex.Status)
	}
	return ctx, nil
}

func accountShowsWorkValues(ctx context.Context, alias string) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	u, err := w.user(alias)
	if err != nil {
		return ctx, err
	}
	a, err := w.account(ctx, alias)
	if err != nil {
		return ctx, err
	}
	if a.Email != u.Email {
		return ctx, w.mismatch(ctx, alias+"'s account email", fmt.Sprintf("%q (the work email)", u.Email), fmt.Sprintf("%q", a.Email))
	}
	if a.Phone != u.Phone {
		return ctx, w.mismatch(ctx, alias+"'s account phone", fmt.Sprintf("%q (the work phone)", u.Phone), fmt.Sprintf("%q", a.Phone))
	}
	return ctx, nil
}

// putActive replaces the user with the IdP's full body and active set,
// whatever the dialect's own way of deactivating is.
func putActive(ctx context.Context, alias, active string) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	u, err := w.user(alias)
	if err != nil {
		return ctx, err
	}
	u.Active = active == "true"
	body := w.IdP.UserBody(u)
	delete(body, "password")
	body["active"] = u.Active
	ex, err := w.SCIM.Do(ctx, simulator.Request{Method: http.MethodPut, Path: "/Users/" + url.PathEscape(u.ID), Body: body, Note: "put active " + active})
	w.remember(ex)
	if err != nil {
		return ctx, w.opFailed("replace "+alias, ex, err)
	}
	if ex.Status != http.StatusOK {
		return ctx, w.mismatch(ctx, "PUT /Users/"+u.ID, 200, ex.Status)
	}
	return ctx, nil
}

func deleteGroup(ctx context.Context, alias string) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	g, err := w.group(alias)
	if err != nil {
		return ctx, err
	}
	ex, err := w.IdP.DeleteGroup(ctx, g)
	w.remember(ex)
	if err != nil {
		return ctx, w.opFailed("the IdP deletes "+alias, ex, err)
	}
	return ctx, nil
}

func adminGroupGone(ctx context.Context, alias string) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	g, err := w.group(alias)
	if err != nil {
		return ctx, err
	}
	groups, err := w.Admin.Groups(ctx, w.Env.Target.Tenant())
	w.remember(w.Admin.LastExchange())
	if err != nil {
		return ctx, w.opFailed("list Cantara's groups", nil, err)
	}
	for _, cg := range groups {
		if cg.ScimID == g.ID {
			return ctx, w.mismatch(ctx, "Cantara's groups", "no group with scimId "+g.ID, fmt.Sprintf("%q still there with %d members", cg.DisplayName, len(cg.Members)))
		}
	}
	return ctx, nil
}

// putAsRead is Okta's update (idp-dialects.md quirk 10): GET, change, PUT
// the whole object back with its own id and meta.
func putAsRead(ctx context.Context, alias string) (context.Context, error) {
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
	var doc map[string]any
	if err := json.Unmarshal(ex.ResponseBody, &doc); err != nil || doc == nil {
		return ctx, w.mismatch(ctx, "GET /Users/"+u.ID, "a JSON object", fmt.Sprintf("%d bytes that do not parse", len(ex.ResponseBody)))
	}
	u.DisplayName = "Replaced " + w.Dir.NewUser().DisplayName
	doc["displayName"] = u.DisplayName
	_, err = w.sendPut(ctx, u, doc, "put with its own id and meta")
	return ctx, err
}

func (w *World) sendPut(ctx context.Context, u *simulator.User, body any, note string) (*simulator.Exchange, error) {
	ex, err := w.SCIM.Do(ctx, simulator.Request{Method: http.MethodPut, Path: "/Users/" + url.PathEscape(u.ID), Body: body, Note: note})
	w.remember(ex)
	if err != nil {
		return ex, w.opFailed("replace "+u.UserName, ex, err)
	}
	return ex, nil
}

func putOtherID(ctx context.Context, alias string) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	u, err := w.user(alias)
	if err != nil {
		return ctx, err
	}
	body := w.IdP.UserBody(u)
	delete(body, "password")
	body["id"] = w.Dir.GUID()
	_, err = w.sendPut(ctx, u, body, "put with another id")
	return ctx, err
}

func patchID(ctx context.Context, alias string) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	u, err := w.user(alias)
	if err != nil {
		return ctx, err
	}
	body := map[string]any{
		"schemas":    []string{"urn:ietf:params:scim:api:messages:2.0:PatchOp"},
		"Operations": []any{map[string]any{"op": "replace", "path": "id", "value": w.Dir.GUID()}},
	}
	ex, err := w.SCIM.Do(ctx, simulator.Request{Method: http.MethodPatch, Path: "/Users/" + url.PathEscape(u.ID), Body: body, Note: "patch the id"})
	w.remember(ex)
	if err != nil {
		return ctx, w.opFailed("patch the id of "+alias, ex, err)
	}
	return ctx, nil
}

func stillUnderOwnID(ctx context.Context, alias string) (context.Context, error) {
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
	if got := gjson.GetBytes(ex.ResponseBody, "id").String(); got != u.ID {
		return ctx, w.mismatch(ctx, alias+"'s id", u.ID, fmt.Sprintf("%q", got))
	}
	return ctx, nil
}
