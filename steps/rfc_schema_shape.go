package steps

// RFC 7643 §2.3.8 read from the target's own /Schemas: a complex attribute
// is made of simple sub-attributes only.

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/cucumber/godog"

	"github.com/scimharness/scimharness/simulator"
)

func registerRFCSchemaShapeSteps(sc *godog.ScenarioContext) {
	sc.Step(`^no attribute in /Schemas has a sub-attribute with sub-attributes of its own$`, rfcNoNestedComplex)
}

// rfcNoNestedComplex walks every schema /Schemas lists; a sub-attribute
// that is complex or carries subAttributes breaks RFC 7643 §2.3.8. It
// first requires a ListResponse holding at least one schema with
// attributes, so an empty answer cannot pass it.
func rfcNoNestedComplex(ctx context.Context) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	ex, err := w.ask(ctx, simulator.Request{Method: http.MethodGet, Path: "/Schemas", Note: "read every schema"}, "GET /Schemas")
	if err != nil {
		return ctx, err
	}
	schemas, err := w.listResources(ctx, ex)
	if err != nil {
		return ctx, err
	}
	var nested []string
	attributes := 0
	for _, s := range schemas {
		for _, a := range s.Get("attributes").Array() {
			attributes++
			for _, sub := range a.Get("subAttributes").Array() {
				if sub.Get("subAttributes").Exists() || strings.EqualFold(sub.Get("type").String(), "complex") {
					nested = append(nested, fmt.Sprintf("%s:%s.%s", s.Get("id").String(), a.Get("name").String(), sub.Get("name").String()))
				}
			}
		}
	}
	if attributes == 0 {
		return ctx, w.mismatch(ctx, "/Schemas", "schemas with attributes to check", fmt.Sprintf("%d schemas and no attributes", len(schemas)))
	}
	if len(nested) > 0 {
		return ctx, w.mismatch(ctx, "complex attributes in /Schemas", "sub-attributes that are all simple (RFC 7643 §2.3.8)",
			"complex sub-attributes "+strings.Join(nested, ", "))
	}
	return ctx, nil
}
