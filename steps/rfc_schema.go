package steps

// Steps that let a scenario rely on no more than the target declares in
// /Schemas (RFC 7643 §7) and accept every answer the RFCs allow: optional
// attributes are checked only where declared, members are asked for when
// the schema returns them only on request, an optional header is checked
// only when sent.

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/cucumber/godog"
	"github.com/tidwall/gjson"

	"github.com/scimharness/scimharness/simulator"
)

func registerRFCSchemaSteps(sc *godog.ScenarioContext) {
	sc.Step(`^the target's (User|Group) schema declares "([^"]*)"$`, rfcSchemaDeclares)
	sc.Step(`^the target either refused the request with 400 mutability, or answered (\d{3}) with:$`, rfcRefusedOrAnswered)
	sc.Step(`^the response header `+quoted+`, if the target sends it, equals the response JSON `+quoted+`$`, rfcOptionalHeaderEqualsJSON)
	sc.Step(`^the client retrieves the group "([^"]*)" with its members$`, rfcGetGroupWithMembers)
}

// schemaCache holds the target's /Schemas for the run: it does not change
// while the run goes, and every scenario that gates on it would otherwise
// fetch it again.
type schemaCache struct {
	mu   sync.Mutex
	body []byte // a 200 JSON answer, once fetched
}

// declaredSchemas returns the target's /Schemas answer, fetched once per
// run. A target that does not serve it is an error the caller turns into
// a skip: what it does not declare cannot be relied on.
func (w *World) declaredSchemas(ctx context.Context) (gjson.Result, error) {
	cache := w.Env.schemas
	if cache == nil {
		cache = &schemaCache{}
	}
	cache.mu.Lock()
	defer cache.mu.Unlock()
	if cache.body == nil {
		ex, err := w.SCIM.Do(ctx, simulator.Request{Method: http.MethodGet, Path: "/Schemas", Note: "read the declared schemas"})
		if err != nil {
			return gjson.Result{}, fmt.Errorf("GET /Schemas got no answer: %v", err)
		}
		if ex.Status != http.StatusOK || !gjson.ValidBytes(ex.ResponseBody) {
			return gjson.Result{}, fmt.Errorf("GET /Schemas answered %d without a JSON schema list", ex.Status)
		}
		cache.body = ex.ResponseBody
	}
	return gjson.ParseBytes(cache.body), nil
}

// schemaAttribute finds an attribute ("title", "name.middleName") in the
// core schema of a resource type, names compared case-insensitively
// (RFC 7643 §2.1). ok is false when the schema or the attribute is absent.
func schemaAttribute(schemas gjson.Result, schemaID, path string) (attr gjson.Result, ok bool) {
	var schema gjson.Result
	list := schemas.Get("Resources")
	if !list.Exists() && schemas.Get("id").Exists() {
		list = gjson.Parse("[" + schemas.Raw + "]") // a target that answers one schema object
	}
	for _, s := range list.Array() {
		if s.Get("id").String() == schemaID {
			schema = s
		}
	}
	if !schema.Exists() {
		return gjson.Result{}, false
	}
	attrs := schema.Get("attributes")
	for _, part := range strings.Split(path, ".") {
		found := false
		for _, a := range attrs.Array() {
			if strings.EqualFold(a.Get("name").String(), part) {
				attr, found = a, true
				break
			}
		}
		if !found {
			return gjson.Result{}, false
		}
		attrs = attr.Get("subAttributes")
	}
	return attr, true
}

// commonAttributes are RFC 7643 §3.1's, which a schema need not list.
var commonAttributes = map[string]bool{"id": true, "externalid": true, "meta": true, "schemas": true}

// rfcSchemaDeclares skips the scenario unless the target's core schema
// declares every named attribute: RFC 7643 lets a service provider support
// a subset, and a check of an attribute it never claimed proves nothing.
func rfcSchemaDeclares(ctx context.Context, resource, list string) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	schemaID := coreUserSchema
	if resource == "Group" {
		schemaID = coreGroupSchema
	}
	schemas, err := w.declaredSchemas(ctx)
	if err != nil {
		return ctx, w.Skip(fmt.Sprintf("needs the %s attributes %s declared in /Schemas: %v", resource, list, err))
	}
	var missing []string
	for _, name := range splitAliases(list) {
		if commonAttributes[strings.ToLower(name)] {
			continue
		}
		if _, ok := schemaAttribute(schemas, schemaID, name); !ok {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		return ctx, w.Skip(fmt.Sprintf("the target's /Schemas does not declare the %s attribute(s) %s (RFC 7643 lets a service provider support a subset)", resource, strings.Join(missing, ", ")))
	}
	return ctx, nil
}

// rfcRefusedOrAnswered accepts the two answers the specifications allow
// for readOnly values a client sends: RFC 7643 §2.2 / RFC 7644 §3.5.1 say
// they are ignored, the Cantara contract (section 2) says 400 mutability.
// On the success status every row (path | equals / does not equal | value)
// must hold; on the refusal the error document must be well formed. Steps
// after this one check, for both answers, that nothing readOnly changed.
func rfcRefusedOrAnswered(ctx context.Context, status int, table *godog.Table) (context.Context, error) {
	w, ex, err := lastExchange(ctx)
	if err != nil {
		return ctx, err
	}
	if ex.Status == http.StatusBadRequest {
		return ctx, w.checkSCIMError(ctx, ex, "400", "mutability")
	}
	if ex.Status != status {
		return ctx, w.mismatch(ctx, "response status", fmt.Sprintf("%d (readOnly values ignored) or 400 mutability (refused)", status), ex.Status)
	}
	for i, row := range table.Rows {
		if len(row.Cells) != 3 {
			return ctx, w.failf("expected rows of path | equals or does not equal | value, got %d cells in row %d", len(row.Cells), i+1)
		}
		path, op, value := row.Cells[0].Value, row.Cells[1].Value, row.Cells[2].Value
		switch op {
		case "equals":
			ctx, err = responseJSONEquals(ctx, path, value)
		case "does not equal":
			ctx, err = rfcJSONNotEquals(ctx, path, value)
		default:
			return ctx, w.failf("expected \"equals\" or \"does not equal\" in row %d, got %q", i+1, op)
		}
		if err != nil {
			return ctx, err
		}
	}
	return ctx, nil
}

// rfcOptionalHeaderEqualsJSON checks a header RFC 7643 §3.1 makes
// conditional ("the same as the Content-Location header, if returned"): a
// target that does not send it is skipped, not passed, since nothing was
// compared.
func rfcOptionalHeaderEqualsJSON(ctx context.Context, header, path string) (context.Context, error) {
	w, ex, err := lastExchange(ctx)
	if err != nil {
		return ctx, err
	}
	if ex.ResponseHeader.Get(header) == "" {
		return ctx, w.Skip(fmt.Sprintf("the target sends no %s header, which is optional; nothing to compare with %s", header, path))
	}
	return rfcHeaderEqualsJSON(ctx, header, path)
}

// rfcGetGroupWithMembers reads a group so that its members come back and
// leaves the answer as the last exchange for the Then steps.
func rfcGetGroupWithMembers(ctx context.Context, alias string) (context.Context, error) {
	w, g, err := worldGroup(ctx, alias)
	if err != nil {
		return ctx, err
	}
	_, err = w.readGroupWithMembers(ctx, g)
	return ctx, err
}

// readGroupWithMembers GETs a group so that its members come back: RFC 7643
// §4.2 has members "returned": "default", but a target may declare
// "request" (large groups), and then only ?attributes=members returns them.
// Any step that reads membership should read it through here. The error
// is a skip when the target declares members never returned.
func (w *World) readGroupWithMembers(ctx context.Context, g *simulator.Group) (*simulator.Exchange, error) {
	query := ""
	if schemas, err := w.declaredSchemas(ctx); err == nil {
		if attr, ok := schemaAttribute(schemas, coreGroupSchema, "members"); ok {
			switch strings.ToLower(attr.Get("returned").String()) {
			case "request":
				query = "attributes=members"
			case "never":
				return nil, w.Skip("the target's /Schemas declares Group members returned \"never\"; membership cannot be read back")
			}
		}
	}
	path := resourcePath("Groups", g.ID)
	return w.ask(ctx, simulator.Request{Method: http.MethodGet, Path: path, RawQuery: query, Note: "read group " + g.DisplayName + " with members"}, "GET "+path)
}
