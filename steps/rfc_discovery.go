package steps

// Steps that check behaviour against what the target declares in
// /ServiceProviderConfig, /Schemas and /ResourceTypes (RFC 7643 §5–7), so
// nothing is assumed about the target beyond the RFC and its own word.

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/cucumber/godog"
	"github.com/tidwall/gjson"

	"github.com/scimharness/scimharness/simulator"
)

const listResponseSchema = "urn:ietf:params:scim:api:messages:2.0:ListResponse"

// commonCaseExact is RFC 7643 §3.1 for the common attributes, which a
// target's /Schemas need not describe.
var commonCaseExact = map[string]bool{"id": true, "externalid": true}

func registerRFCDiscoverySteps(sc *godog.ScenarioContext) {
	sc.Step(`^filtering users by "([^"]*)" eq user "([^"]*)"'s value in (upper|lower) case matches as the target's schema declares$`, rfcCaseExactAsDeclared)
	sc.Step(`^every resource type's schema is served by /Schemas$`, rfcResourceTypeSchemasServed)
	sc.Step(`^every resource type's endpoint answers a ListResponse$`, rfcResourceTypeEndpointsList)
	sc.Step(`^the target declares "([^"]*)" unsupported$`, rfcDeclaredUnsupported)
}

// get makes one GET and fails unless it answers 200 with JSON.
func (w *World) get(ctx context.Context, path, rawQuery, note string) (gjson.Result, error) {
	ex, err := w.ask(ctx, simulator.Request{Method: http.MethodGet, Path: path, RawQuery: rawQuery, Note: note}, "GET "+path)
	if err != nil {
		return gjson.Result{}, err
	}
	if ex.Status != http.StatusOK || !gjson.ValidBytes(ex.ResponseBody) {
		return gjson.Result{}, w.mismatch(ctx, "GET "+path, "200 with JSON", ex.Status)
	}
	return gjson.ParseBytes(ex.ResponseBody), nil
}

// declaredCaseExact reads the caseExact of a core User attribute from the
// target's /Schemas; common attributes fall back to RFC 7643 §3.1.
func (w *World) declaredCaseExact(ctx context.Context, attr string) (bool, error) {
	schemas, err := w.get(ctx, "/Schemas", "", "read caseExact of "+attr)
	if err != nil {
		return false, err
	}
	for _, s := range schemas.Get("Resources").Array() {
		if s.Get("id").String() != coreUserSchema {
			continue
		}
		for _, a := range s.Get("attributes").Array() {
			if strings.EqualFold(a.Get("name").String(), attr) {
				// RFC 7643 §2.2: caseExact defaults to false.
				return a.Get("caseExact").Bool(), nil
			}
		}
	}
	if ce, ok := commonCaseExact[strings.ToLower(attr)]; ok {
		return ce, nil
	}
	return false, w.Skip(fmt.Sprintf("the target's /Schemas does not declare the User attribute %q; its caseExact is unknown", attr))
}

// rfcCaseExactAsDeclared filters for a user by one attribute with its value
// in another case and expects a match exactly when the target declares the
// attribute caseExact=false (RFC 7643 §2.2, RFC 7644 §3.4.2.2).
func rfcCaseExactAsDeclared(ctx context.Context, attr, alias, casing string) (context.Context, error) {
	w, u, err := worldUser(ctx, alias)
	if err != nil {
		return ctx, err
	}
	caseExact, err := w.declaredCaseExact(ctx, attr)
	if err != nil {
		return ctx, err
	}
	res, err := w.get(ctx, resourcePath("Users", u.ID), "", "read "+attr+" of "+alias)
	if err != nil {
		return ctx, err
	}
	value := res.Get(attr).String()
	changed := strings.ToUpper(value)
	if casing == "lower" {
		changed = strings.ToLower(value)
	}
	if value == "" || changed == value {
		return ctx, w.failf("expected user %s to have a %s whose %s-case form differs, got %q", alias, attr, casing, value)
	}
	filter := fmt.Sprintf("%s eq %q", attr, changed)
	if !strings.EqualFold(attr, "userName") {
		// Narrow to the user; userName is itself caseExact=false in RFC 7643.
		filter += fmt.Sprintf(" and userName eq %q", u.UserName)
	}
	list, err := w.get(ctx, "/Users", "filter="+encodeQueryComponent(filter), "filter by "+attr+" in "+casing+" case")
	if err != nil {
		return ctx, err
	}
	found := slices.Contains(idsOf(list.Get("Resources").Array()), u.ID)
	if found == caseExact {
		expect := fmt.Sprintf("%s found (declared caseExact=false)", alias)
		got := "not found"
		if caseExact {
			expect, got = fmt.Sprintf("%s not found (declared caseExact=true)", alias), "found"
		}
		return ctx, w.mismatch(ctx, "filter "+filter, expect, got)
	}
	return ctx, nil
}

// resourceTypes returns the World and the target's resource types; none
// at all fails (purpose says what they were wanted for).
func resourceTypes(ctx context.Context, purpose string) (*World, []gjson.Result, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return nil, nil, err
	}
	types, err := w.get(ctx, "/ResourceTypes", "", "list resource types")
	if err != nil {
		return w, nil, err
	}
	rts := types.Get("Resources").Array()
	if len(rts) == 0 {
		return w, nil, w.mismatch(ctx, "/ResourceTypes", purpose, "none")
	}
	return w, rts, nil
}

func rfcResourceTypeSchemasServed(ctx context.Context) (context.Context, error) {
	w, rts, err := resourceTypes(ctx, "at least one resource type")
	if err != nil {
		return ctx, err
	}
	schemas, err := w.get(ctx, "/Schemas", "", "list schemas")
	if err != nil {
		return ctx, err
	}
	var served []string
	for _, s := range schemas.Get("Resources").Array() {
		served = append(served, s.Get("id").String())
	}
	for _, rt := range rts {
		want := []string{rt.Get("schema").String()}
		for _, ext := range rt.Get("schemaExtensions").Array() {
			want = append(want, ext.Get("schema").String())
		}
		for _, s := range want {
			if !slices.Contains(served, s) {
				return ctx, w.mismatch(ctx, "schema of resource type "+rt.Get("name").String(), fmt.Sprintf("%q among /Schemas ids", s), strings.Join(served, ", "))
			}
		}
	}
	return ctx, nil
}

func rfcResourceTypeEndpointsList(ctx context.Context) (context.Context, error) {
	w, rts, err := resourceTypes(ctx, "at least one resource type to list")
	if err != nil {
		return ctx, err
	}
	for _, rt := range rts {
		endpoint := rt.Get("endpoint").String()
		if !strings.HasPrefix(endpoint, "/") {
			return ctx, w.mismatch(ctx, "endpoint of resource type "+rt.Get("name").String(), "a path relative to the base URL", fmt.Sprintf("%q", endpoint))
		}
		list, err := w.get(ctx, endpoint, "count=1", "list "+endpoint)
		if err != nil {
			return ctx, err
		}
		hasSchema := slices.ContainsFunc(list.Get("schemas").Array(), func(r gjson.Result) bool { return r.String() == listResponseSchema })
		if !hasSchema || list.Get("totalResults").Type != gjson.Number {
			return ctx, w.mismatch(ctx, "GET "+endpoint, "a ListResponse with totalResults", describe(list))
		}
	}
	return ctx, nil
}

// rfcDeclaredUnsupported skips the scenario unless the target declares the
// feature unsupported: it checks what an unsupported feature must answer.
func rfcDeclaredUnsupported(ctx context.Context, feature string) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	spc := w.Env.Caps.SPC
	supported := map[string]bool{"patch": spc.Patch, "bulk": spc.Bulk, "filter": spc.Filter,
		"changepassword": spc.ChangePassword, "sort": spc.Sort, "etag": spc.ETag}
	s, ok := supported[strings.ToLower(feature)]
	if !ok {
		return ctx, w.failf("expected a ServiceProviderConfig feature (patch, bulk, filter, changePassword, sort, etag), got %q", feature)
	}
	if s {
		return ctx, w.NotApplicable(fmt.Sprintf("the target declares %s supported; this check is for targets that do not", feature))
	}
	// A flag that is false only because /ServiceProviderConfig could not be
	// read is not a declaration: the check would judge an unknown.
	if r := w.Env.Caps.Reasons[canonicalSPCName(feature)]; r != "" {
		return ctx, w.Skip(fmt.Sprintf("needs the target to declare %s unsupported, but its support is %s", feature, r))
	}
	return ctx, nil
}

// canonicalSPCName maps a feature name in any case to its key in
// Capabilities.Reasons.
func canonicalSPCName(feature string) string {
	for _, c := range []string{"patch", "bulk", "filter", "changePassword", "sort", "etag"} {
		if strings.EqualFold(c, feature) {
			return c
		}
	}
	return feature
}
