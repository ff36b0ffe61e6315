package steps

// Requests the generic HTTP steps cannot make: one with an extra header
// (Accept, If-Match, If-None-Match) and an oversized bulk request.

import (
	"context"
	"fmt"
	"net/http"

	"github.com/cucumber/godog"
	"github.com/tidwall/gjson"

	"github.com/scimharness/scimharness/simulator"
)

// maxBulkProbe bounds the oversized bulk request: a declared limit beyond
// it is checked by a skip, not by sending megabytes.
const maxBulkProbe = 10000

func registerRFCRequestSteps(sc *godog.ScenarioContext) {
	const method = `(GET|POST|PUT|PATCH|DELETE)`
	sc.Step(`^the client sends `+method+` `+quoted+` with the header `+quoted+` set to `+quoted+`$`, rfcSendWithHeader)
	sc.Step(`^the client sends `+method+` `+quoted+` with the header `+quoted+` set to `+quoted+` and body:$`, rfcSendWithHeaderAndBody)
	sc.Step(`^the client sends a bulk request with one operation more than the declared maxOperations$`, rfcSendOversizedBulk)
}

func rfcSendWithHeader(ctx context.Context, method, path, name, value string) (context.Context, error) {
	return ctx, rfcSend(ctx, method, path, name, value, nil)
}

func rfcSendWithHeaderAndBody(ctx context.Context, method, path, name, value string, body *godog.DocString) (context.Context, error) {
	text, err := docText(ctx, body)
	if err != nil {
		return ctx, err
	}
	return ctx, rfcSend(ctx, method, path, name, value, text)
}

// rfcSend makes one request with one header set (an empty value removes a
// header the client would send by default).
func rfcSend(ctx context.Context, method, rawPath, name, value string, body []byte) error {
	w, err := mustWorld(ctx)
	if err != nil {
		return err
	}
	value, err = w.substitute(unquote(value))
	if err != nil {
		return err
	}
	return sendStep(ctx, stepRequest{method: method, path: rawPath, body: body, header: http.Header{http.CanonicalHeaderKey(name): {value}}})
}

// rfcSendOversizedBulk sends maxOperations+1 operations. Each deletes a
// user id that never existed, so a target that wrongly runs them changes
// nothing.
func rfcSendOversizedBulk(ctx context.Context) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	maxOps := gjson.GetBytes(w.Env.Caps.SPC.Raw, "bulk.maxOperations")
	if maxOps.Type != gjson.Number || maxOps.Int() < 1 {
		return ctx, w.failf("expected /ServiceProviderConfig to declare bulk.maxOperations (RFC 7644 §3.7.4), got %s", describe(maxOps))
	}
	if maxOps.Int() >= maxBulkProbe {
		return ctx, w.Skip(fmt.Sprintf("the declared bulk.maxOperations %d is too large to exceed with a test request", maxOps.Int()))
	}
	ops := make([]any, 0, maxOps.Int()+1)
	for i := int64(0); i <= maxOps.Int(); i++ {
		ops = append(ops, map[string]any{"method": http.MethodDelete, "path": "/Users/scimharness-never-existed-" + w.Dir.GUID()})
	}
	body := map[string]any{"schemas": []any{"urn:ietf:params:scim:api:messages:2.0:BulkRequest"}, "Operations": ops}
	_, err = w.ask(ctx, simulator.Request{Method: http.MethodPost, Path: "/Bulk", Body: body, Note: "oversized bulk"}, "POST /Bulk")
	return ctx, err
}
