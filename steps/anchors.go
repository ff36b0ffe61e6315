package steps

// Anchors for negative checks. A step that asserts absence ("does not
// exist", "is unassigned", "Resources do not include ...") first requires
// the positive shape it reasons about; otherwise an error page, an empty
// body or a list without its Resources would pass it having compared
// nothing. features_lint_test.go keeps the feature files anchored too.

import (
	"context"
	"fmt"
	"net/http"

	"github.com/tidwall/gjson"

	"github.com/scimharness/scimharness/simulator"
)

// anchorResource requires ex to be a 2xx answer whose body is a SCIM
// resource: a JSON object that is not an RFC 7644 §3.12 error document. A
// 404, a 500, or an error answered with 200 has no attributes to be absent.
func (w *World) anchorResource(ctx context.Context, ex *simulator.Exchange) error {
	if ex.Status < 200 || ex.Status > 299 {
		return w.mismatch(ctx, "response status", "a 2xx answer carrying the resource (an absence is only read from a resource)", ex.Status)
	}
	body := gjson.ParseBytes(ex.ResponseBody)
	if !gjson.ValidBytes(ex.ResponseBody) || !body.IsObject() {
		return w.mismatch(ctx, "response body", "a SCIM resource (a JSON object)", bodyWords(ex.ResponseBody))
	}
	if hasSchema(body, scimErrorSchema) {
		return w.mismatch(ctx, "response body", "a SCIM resource", fmt.Sprintf("an error document with status %s", describe(body.Get("status"))))
	}
	return nil
}

// listResources reads ex as an RFC 7644 §3.4.2 ListResponse and returns its
// Resources. The shape: 200, the ListResponse schema, a non-negative integer
// totalResults, and a Resources array. RFC 7644 §3.4.2 makes Resources
// "REQUIRED if totalResults is non-zero", so a missing Resources is an
// empty list only when totalResults is 0; otherwise it is a broken answer,
// never an empty one.
func (w *World) listResources(ctx context.Context, ex *simulator.Exchange) ([]gjson.Result, error) {
	if ex.Status != http.StatusOK {
		return nil, w.mismatch(ctx, "response status", "200 with a ListResponse", ex.Status)
	}
	body := gjson.ParseBytes(ex.ResponseBody)
	if !gjson.ValidBytes(ex.ResponseBody) || !body.IsObject() {
		return nil, w.mismatch(ctx, "response body", "a ListResponse (a JSON object)", bodyWords(ex.ResponseBody))
	}
	if !hasSchema(body, listResponseSchema) {
		return nil, w.mismatch(ctx, "ListResponse schemas", fmt.Sprintf("[%q]", listResponseSchema), describe(body.Get("schemas")))
	}
	total := body.Get("totalResults")
	if total.Type != gjson.Number || total.Num < 0 || total.Num != float64(int64(total.Num)) {
		return nil, w.mismatch(ctx, "ListResponse totalResults", "a non-negative integer", describe(total))
	}
	res := body.Get("Resources")
	switch {
	case !res.Exists() && total.Int() == 0:
		return nil, nil
	case !res.Exists():
		return nil, w.mismatch(ctx, "ListResponse", "a ListResponse with Resources (REQUIRED when totalResults is non-zero)",
			fmt.Sprintf("totalResults %d and no Resources key", total.Int()))
	case !res.IsArray():
		return nil, w.mismatch(ctx, "ListResponse Resources", "an array", describe(res))
	}
	return res.Array(), nil
}

// hasSchema tells whether a document's schemas array lists urn.
func hasSchema(doc gjson.Result, urn string) bool {
	for _, s := range doc.Get("schemas").Array() {
		if s.Str == urn {
			return true
		}
	}
	return false
}

// bodyWords describes a body that is not what a step expected.
func bodyWords(b []byte) string {
	switch {
	case len(b) == 0:
		return "an empty body"
	case !gjson.ValidBytes(b):
		return fmt.Sprintf("%d bytes that are not JSON", len(b))
	}
	return describe(gjson.ParseBytes(b))
}
