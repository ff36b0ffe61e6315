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
	sc.Step(`^the IdP provisions a new user "([^"]*)" whose (work|primary) email and phone are listed after home ones$`, provisionWithHomeFirst)
	sc.Step(`^Cantara's account for "([^"]*)" shows the (work|primary) email and the (?:work|primary) phone$`, accountShowsWorkValues)
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
	_, err = w.send(ctx, c, simulator.Request{Method: http.MethodGet, Path: "/Users", RawQuery: "count=1", Note: "tenant that does not exist"}, "call a tenant URL that does not exist")
	return ctx, err
}

// otherTenantProvisions POSTs, to the other tenant (made by "another
// tenant with its own provisioning token"), a user with a userName taken in
// this tenant. userName is unique per tenant, not across tenants.
func otherTenantProvisions(ctx context.Context, alias string) (context.Context, error) {
	w, u, err := worldUser(ctx, alias)
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
	ex, err := w.send(ctx, c, simulator.Request{Method: http.MethodPost, Path: "/Users", Body: w.IdP.UserBody(twin), Note: "other tenant: create the same userName"}, "create the user in the other tenant")
	if err != nil {
		return ctx, err
	}
	w.deferRemovalOfCreated("remove the other tenant's user", c, ex)
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
	ex, err := w.send(ctx, w.SCIM, simulator.Request{Method: http.MethodPost, Path: "/Users", Body: body, Header: header, Note: note}, "create "+alias)
	if err != nil {
		return ex, err
	}
	if id := gjson.GetBytes(ex.ResponseBody, "id").String(); ex.Status == http.StatusCreated && id != "" {
		u.ID = id
		w.deferUserRemoval(alias, u)
	}
	return ex, nil
}

func createUserAs(ctx context.Context, alias, contentType string) (context.Context, error) {
	w, u, err := worldNewUser(ctx, alias)
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
		return ctx, w.mismatch(ctx, "creating "+w.userWords(alias), "POST /Users answered 201", fmt.Sprintf("%s answered %d", ex.Method, ex.Status))
	}
	if u, err := w.user(alias); err != nil || u.ID == "" {
		return ctx, w.mismatch(ctx, "the created user "+w.userWords(alias), "an id in the 201 body", "none")
	}
	return ctx, nil
}

// patchOp is a PatchOp body with one replace operation.
func patchOp(path string, value any) map[string]any {
	return map[string]any{
		"schemas":    []string{"urn:ietf:params:scim:api:messages:2.0:PatchOp"},
		"Operations": []any{map[string]any{"op": "replace", "path": path, "value": value}},
	}
}

func patchDisplayNameAs(ctx context.Context, alias, contentType string) (context.Context, error) {
	w, u, err := worldUser(ctx, alias)
	if err != nil {
		return ctx, err
	}
	u.DisplayName = "Renamed " + w.Dir.NewUser().DisplayName
	ex, err := w.send(ctx, w.SCIM, simulator.Request{Method: http.MethodPatch, Path: resourcePath("Users", u.ID), Body: patchOp("displayName", u.DisplayName),
		Header: http.Header{"Content-Type": {contentType}}, Note: "patch sent as " + contentType}, "change the display name of "+alias)
	if err != nil {
		return ctx, err
	}
	if ex.Status != http.StatusOK && ex.Status != http.StatusNoContent {
		return ctx, w.mismatch(ctx, "PATCH sent as "+contentType, "200 or 204", ex.Status)
	}
	return ctx, nil
}

func scimShowsNewDisplayName(ctx context.Context, alias string) (context.Context, error) {
	w, u, ex, err := readUser(ctx, alias)
	if err != nil {
		return ctx, err
	}
	if got := gjson.GetBytes(ex.ResponseBody, "displayName"); got.String() != u.DisplayName {
		return ctx, w.mismatch(ctx, "the SCIM user "+w.userWords(alias)+", displayName", fmt.Sprintf("%q (the new value)", u.DisplayName), describe(got))
	}
	return ctx, nil
}

// provisionWithHomeFirst creates a user whose emails and phoneNumbers list
// a home value before the work one, none marked primary: the account must
// show the work values ("email/phone are the work (or primary) values").
// provisionWithHomeFirst sends the user's own email and phone after home
// ones: typed "work", or (kind "primary") typed "other" and marked primary,
// the contract's fallback when there is no work value.
func provisionWithHomeFirst(ctx context.Context, alias, kind string) (context.Context, error) {
	w, u, err := worldNewUser(ctx, alias)
	if err != nil {
		return ctx, err
	}
	home := w.Dir.NewUser()
	own := func(value string) map[string]any {
		if kind == "primary" {
			return map[string]any{"type": "other", "value": value, "primary": true}
		}
		return map[string]any{"type": "work", "value": value}
	}
	body := w.IdP.UserBody(u)
	body["emails"] = []any{map[string]any{"type": "home", "value": home.Email}, own(u.Email)}
	body["phoneNumbers"] = []any{map[string]any{"type": "home", "value": home.Phone}, own(u.Phone)}
	ex, err := w.postUser(ctx, alias, u, body, nil, "create with home values first")
	if err != nil {
		return ctx, err
	}
	return ctx, w.expectCreated(ctx, alias, ex)
}

func accountShowsWorkValues(ctx context.Context, alias, kind string) (context.Context, error) {
	w, u, a, err := userAccount(ctx, alias)
	if err != nil {
		return ctx, err
	}
	if err := w.expectAccountField(ctx, alias, "email", u.Email, a.Email, "the "+kind+" email"); err != nil {
		return ctx, err
	}
	return ctx, w.expectAccountField(ctx, alias, "phone", u.Phone, a.Phone, "the "+kind+" phone")
}

// putActive replaces the user with the IdP's full body and active set,
// whatever the dialect's own way of deactivating is.
func putActive(ctx context.Context, alias, active string) (context.Context, error) {
	w, u, err := worldUser(ctx, alias)
	if err != nil {
		return ctx, err
	}
	u.Active = active == "true"
	body := w.IdP.UserBody(u)
	delete(body, "password")
	body["active"] = u.Active
	ex, err := w.sendPut(ctx, u, body, "put active "+active, "replace "+alias)
	if err != nil {
		return ctx, err
	}
	if ex.Status != http.StatusOK {
		return ctx, w.mismatch(ctx, "PUT /Users/"+u.ID, 200, ex.Status)
	}
	return ctx, nil
}

func deleteGroup(ctx context.Context, alias string) (context.Context, error) {
	w, g, err := worldGroup(ctx, alias)
	if err != nil {
		return ctx, err
	}
	ex, err := w.IdP.DeleteGroup(ctx, g)
	return ctx, w.opDone("the IdP deletes "+alias, ex, err)
}

func adminGroupGone(ctx context.Context, alias string) (context.Context, error) {
	w, g, err := worldGroup(ctx, alias)
	if err != nil {
		return ctx, err
	}
	cg, found, _, err := w.adminGroupOf(ctx, g)
	if err != nil {
		return ctx, err
	}
	if found {
		return ctx, w.mismatch(ctx, "Cantara's groups", "no group with scimId "+g.ID, fmt.Sprintf("%q still there with %d members", cg.DisplayName, len(cg.Members)))
	}
	return ctx, nil
}

// putAsRead is Okta's update (idp-dialects.md quirk 10): GET, change, PUT
// the whole object back with its own id and meta.
func putAsRead(ctx context.Context, alias string) (context.Context, error) {
	w, u, ex, err := readUser(ctx, alias)
	if err != nil {
		return ctx, err
	}
	var doc map[string]any
	if err := json.Unmarshal(ex.ResponseBody, &doc); err != nil || doc == nil {
		return ctx, w.mismatch(ctx, "GET /Users/"+u.ID, "a JSON object", fmt.Sprintf("%d bytes that do not parse", len(ex.ResponseBody)))
	}
	u.DisplayName = "Replaced " + w.Dir.NewUser().DisplayName
	doc["displayName"] = u.DisplayName
	_, err = w.sendPut(ctx, u, doc, "put with its own id and meta", "replace "+u.UserName)
	return ctx, err
}

// sendPut replaces the user's SCIM resource with body.
func (w *World) sendPut(ctx context.Context, u *simulator.User, body any, note, what string) (*simulator.Exchange, error) {
	return w.send(ctx, w.SCIM, simulator.Request{Method: http.MethodPut, Path: resourcePath("Users", u.ID), Body: body, Note: note}, what)
}

func putOtherID(ctx context.Context, alias string) (context.Context, error) {
	w, u, err := worldUser(ctx, alias)
	if err != nil {
		return ctx, err
	}
	body := w.IdP.UserBody(u)
	delete(body, "password")
	body["id"] = w.Dir.GUID()
	_, err = w.sendPut(ctx, u, body, "put with another id", "replace "+u.UserName)
	return ctx, err
}

func patchID(ctx context.Context, alias string) (context.Context, error) {
	w, u, err := worldUser(ctx, alias)
	if err != nil {
		return ctx, err
	}
	_, err = w.send(ctx, w.SCIM, simulator.Request{Method: http.MethodPatch, Path: resourcePath("Users", u.ID), Body: patchOp("id", w.Dir.GUID()), Note: "patch the id"}, "patch the id of "+alias)
	return ctx, err
}

func stillUnderOwnID(ctx context.Context, alias string) (context.Context, error) {
	w, u, ex, err := readUser(ctx, alias)
	if err != nil {
		return ctx, err
	}
	if got := gjson.GetBytes(ex.ResponseBody, "id").String(); got != u.ID {
		return ctx, w.mismatch(ctx, "the id of the SCIM user "+w.userWords(alias), u.ID, fmt.Sprintf("%q", got))
	}
	return ctx, nil
}
