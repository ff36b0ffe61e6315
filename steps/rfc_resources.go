package steps

// Steps that create the users and groups an RFC scenario works on, straight
// through the SCIM client (no IdP dialect in the way), each registered for
// deletion the moment it exists.

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

const (
	coreUserSchema  = "urn:ietf:params:scim:schemas:core:2.0:User"
	coreGroupSchema = "urn:ietf:params:scim:schemas:core:2.0:Group"
)

func registerRFCResourceSteps(sc *godog.ScenarioContext) {
	sc.Step(`^a unique marker remembered as "([A-Za-z][A-Za-z0-9_]*)"$`, rfcUniqueMarker)
	sc.Step(`^the client has created a user "([A-Za-z][A-Za-z0-9_]*)"$`, rfcCreateUser)
	sc.Step(`^the client has created a user "([A-Za-z][A-Za-z0-9_]*)" with:$`, rfcCreateUserWith)
	sc.Step(`^the client has created a group "([A-Za-z][A-Za-z0-9_]*)"$`, rfcCreateGroup)
	sc.Step(`^the client has created a group "([A-Za-z][A-Za-z0-9_]*)" with members "([^"]*)"$`, rfcCreateGroupWithMembers)
	sc.Step(`^the created resource is deleted after the scenario$`, rfcDeleteCreatedLater)
	sc.Step(`^every resource the bulk response created is deleted after the scenario$`, rfcDeleteBulkCreatedLater)
	sc.Step(`^user "([^"]*)" and user "([^"]*)" have different ids$`, rfcDifferentIDs)
}

// rfcUniqueMarker remembers a short lowercase token unique to this scenario
// and run, so filters can be narrowed to the scenario's own users on a
// target that holds any number of others.
func rfcUniqueMarker(ctx context.Context, name string) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	guid := strings.ReplaceAll(w.Dir.GUID(), "-", "")
	w.Vars[name] = "sh" + w.Dir.Suffix() + guid[:6]
	return ctx, nil
}

// defaultUserBody is the representation the client sends for a generated
// user before a scenario's own attributes are laid over it.
func defaultUserBody(u *simulator.User) map[string]any {
	return map[string]any{
		"schemas":     []any{coreUserSchema},
		"userName":    u.UserName,
		"externalId":  u.ExternalID,
		"displayName": u.DisplayName,
		"name":        map[string]any{"givenName": u.GivenName, "familyName": u.FamilyName},
		"emails":      []any{map[string]any{"value": u.Email, "type": "work", "primary": true}},
		"active":      true,
	}
}

func rfcCreateUser(ctx context.Context, alias string) (context.Context, error) {
	return ctx, rfcCreateUserFrom(ctx, alias, "")
}

func rfcCreateUserWith(ctx context.Context, alias string, doc *godog.DocString) (context.Context, error) {
	return ctx, rfcCreateUserFrom(ctx, alias, doc.Content)
}

// rfcCreateUserFrom POSTs a generated user with overrides (a JSON object
// whose top-level attributes replace the generated ones; null leaves the
// attribute out, so a scenario can create a user without, say, an
// externalId without sending a null some targets refuse). The user is
// named before the overrides are substituted, so they may refer to its own
// generated values ({alice.userName}).
func rfcCreateUserFrom(ctx context.Context, alias, overrides string) error {
	w, u, err := worldNewUser(ctx, alias)
	if err != nil {
		return err
	}
	body := defaultUserBody(u)
	if strings.TrimSpace(overrides) != "" {
		text, err := w.substitute(overrides)
		if err != nil {
			return err
		}
		var extra map[string]any
		if err := json.Unmarshal([]byte(text), &extra); err != nil {
			return w.failf("expected the attributes of user %q as a JSON object, got %v", alias, err)
		}
		for k, v := range extra {
			if v == nil {
				delete(body, k)
				continue
			}
			body[k] = v
		}
	}
	stored, err := w.postResource(ctx, "user", alias, body, func(id string) {
		u.ID = id
		w.deferUserRemoval(alias, u)
	})
	if err != nil {
		return err
	}
	// Later steps compare against what the target stored, not what was sent.
	res := gjson.ParseBytes(stored)
	if v := res.Get("userName"); v.Exists() {
		u.UserName = v.String()
	}
	u.ExternalID = res.Get("externalId").String()
	u.DisplayName = res.Get("displayName").String()
	u.GivenName = res.Get("name.givenName").String()
	u.FamilyName = res.Get("name.familyName").String()
	u.Email = res.Get(`emails.#(type=="work").value`).String()
	return nil
}

func rfcCreateGroup(ctx context.Context, alias string) (context.Context, error) {
	return ctx, rfcCreateGroupFrom(ctx, alias, "")
}

func rfcCreateGroupWithMembers(ctx context.Context, alias, members string) (context.Context, error) {
	return ctx, rfcCreateGroupFrom(ctx, alias, members)
}

// rfcCreateGroupFrom POSTs a generated group whose members are users the
// scenario created before.
func rfcCreateGroupFrom(ctx context.Context, alias, memberList string) error {
	w, err := mustWorld(ctx)
	if err != nil {
		return err
	}
	g, err := w.newGroup(alias)
	if err != nil {
		return err
	}
	members := []any{}
	for _, a := range splitAliases(memberList) {
		u, err := w.user(a)
		if err != nil {
			return err
		}
		members = append(members, map[string]any{"value": u.ID})
		g.Members = append(g.Members, u)
	}
	body := map[string]any{"schemas": []any{coreGroupSchema}, "displayName": g.DisplayName, "externalId": g.ExternalID}
	if len(members) > 0 {
		body["members"] = members
	}
	stored, err := w.postResource(ctx, "group", alias, body, func(id string) {
		g.ID = id
		w.deferGroupDeletion(alias, g)
	})
	if err != nil {
		return err
	}
	if name := gjson.GetBytes(stored, "displayName"); name.Exists() {
		g.DisplayName = name.String()
	}
	return nil
}

// postResource POSTs a user or group (kind) the scenario names; created
// is called with the id the moment there is one, to record it and register
// the deletion. Anything but 201 with an id fails. It returns what the
// target stored.
func (w *World) postResource(ctx context.Context, kind, alias string, body any, created func(id string)) ([]byte, error) {
	endpoint := map[string]string{"user": "Users", "group": "Groups"}[kind]
	ex, err := w.ask(ctx, simulator.Request{Method: http.MethodPost, Path: "/" + endpoint, Body: body, Note: "create " + kind + " " + alias}, fmt.Sprintf("POST /%s for %q", endpoint, alias))
	if err != nil {
		return nil, err
	}
	id, stored := w.createdResource(ctx, ex, endpoint)
	if id != "" {
		created(id)
	}
	if ex.Status != http.StatusCreated || id == "" {
		return nil, w.mismatch(ctx, "creating "+kind+" "+alias, "201 with an id", fmt.Sprintf("%d, id %q", ex.Status, id))
	}
	return stored, nil
}

// createdResource returns the id and stored representation of what a POST
// created. RFC 7644 §3.3: the 201 body SHOULD hold the representation but
// the Location header SHALL name the resource, so a body without an id is
// followed by a GET of the Location. The creating exchange stays the last
// one, for steps that check the 201 itself.
func (w *World) createdResource(ctx context.Context, ex *simulator.Exchange, endpoint string) (string, []byte) {
	if id := gjson.GetBytes(ex.ResponseBody, "id").String(); id != "" || ex.Status != http.StatusCreated {
		return id, ex.ResponseBody
	}
	rel, ok := w.relativePath(ex.ResponseHeader.Get("Location"))
	kind, id, found := strings.Cut(strings.TrimPrefix(rel, "/"), "/")
	if !ok || !found || kind != endpoint || id == "" {
		return "", ex.ResponseBody
	}
	id, _ = url.PathUnescape(id)
	got, err := w.SCIM.Do(ctx, simulator.Request{Method: http.MethodGet, Path: resourcePath(endpoint, id), Note: "read the created resource (the 201 had no body)"})
	if err != nil || got.Status != http.StatusOK {
		return id, ex.ResponseBody
	}
	return id, got.ResponseBody
}

// splitAliases turns "alice, bob and carol" into its aliases.
func splitAliases(list string) []string {
	list = strings.ReplaceAll(list, " and ", ",")
	var out []string
	for _, a := range strings.Split(list, ",") {
		if a = strings.TrimSpace(a); a != "" {
			out = append(out, a)
		}
	}
	return out
}

// rfcDeleteCreatedLater registers the deletion of whatever the last POST
// (or a PUT that wrongly created) made, so a scenario that sends raw
// creates leaves nothing behind even when the target misbehaves. Nothing
// to do when nothing was created.
func rfcDeleteCreatedLater(ctx context.Context) (context.Context, error) {
	w, ex, err := lastExchange(ctx)
	if err != nil {
		return ctx, err
	}
	created := ex.Status == http.StatusCreated || (ex.Method == http.MethodPut && ex.Status == http.StatusOK)
	id := gjson.GetBytes(ex.ResponseBody, "id").String()
	if !created || id == "" {
		return ctx, nil
	}
	rel, ok := w.relativePath(ex.URL)
	if !ok {
		return ctx, w.failf("expected the request URL %s under the base URL, got another", ex.URL)
	}
	endpoint := rel
	if ex.Method == http.MethodPut {
		endpoint = rel[:strings.LastIndex(rel, "/")]
	}
	kind := strings.Trim(endpoint, "/")
	w.Defer("delete created "+kind+" "+id, func(ctx context.Context) error { return w.deleteResource(ctx, kind, id) })
	return ctx, nil
}

// relativePath returns the path of an absolute URL relative to the target's
// base URL ("/Users/123"), without its query.
func (w *World) relativePath(abs string) (string, bool) {
	u, err := url.Parse(abs)
	if err != nil {
		return "", false
	}
	base, err := url.Parse(w.SCIM.BaseURL())
	if err != nil {
		return "", false
	}
	prefix := strings.TrimRight(base.Path, "/")
	if !strings.HasPrefix(u.Path, prefix+"/") {
		return "", false
	}
	return strings.TrimPrefix(u.Path, prefix), true
}

// rfcDeleteBulkCreatedLater registers the deletion of every resource a bulk
// response reports as created (RFC 7644 §3.7.3: location per operation).
func rfcDeleteBulkCreatedLater(ctx context.Context) (context.Context, error) {
	w, ex, err := lastExchange(ctx)
	if err != nil {
		return ctx, err
	}
	for _, op := range gjson.GetBytes(ex.ResponseBody, "Operations").Array() {
		if !strings.EqualFold(op.Get("method").String(), http.MethodPost) || !strings.HasPrefix(op.Get("status").String(), "2") {
			continue
		}
		loc := op.Get("location").String()
		rel, ok := w.relativePath(loc)
		if !ok {
			w.logf("scenario %q: bulk result location %q is not under the base URL; not cleaned up", w.scenario, loc)
			continue
		}
		kind, id, found := strings.Cut(strings.TrimPrefix(rel, "/"), "/")
		if !found || id == "" {
			continue
		}
		id, _ = url.PathUnescape(id)
		w.Defer("delete bulk-created "+kind+" "+id, func(ctx context.Context) error { return w.deleteResource(ctx, kind, id) })
	}
	return ctx, nil
}

func rfcDifferentIDs(ctx context.Context, a, b string) (context.Context, error) {
	w, ua, err := worldUser(ctx, a)
	if err != nil {
		return ctx, err
	}
	ub, err := w.user(b)
	if err != nil {
		return ctx, err
	}
	if ua.ID == "" || ua.ID == ub.ID {
		return ctx, w.mismatch(ctx, "ids of "+a+" and "+b, "two different non-empty ids", fmt.Sprintf("%q and %q", ua.ID, ub.ID))
	}
	return ctx, nil
}
