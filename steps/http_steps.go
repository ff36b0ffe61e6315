package steps

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/cucumber/godog"
	"github.com/tidwall/gjson"

	"github.com/scimharness/scimharness/simulator"
)

// quoted matches a double-quoted step argument in which \" stands for a quote.
const quoted = `"((?:[^"\\]|\\.)*)"`

// scimErrorSchema is the RFC 7644 §3.12 error message schema.
const scimErrorSchema = "urn:ietf:params:scim:api:messages:2.0:Error"

// registerHTTPSteps adds the generic request/response steps every feature
// (contract and RFC) shares.
func registerHTTPSteps(sc *godog.ScenarioContext) {
	const method = `(GET|POST|PUT|PATCH|DELETE)`
	sc.Step(`^the client sends `+method+` `+quoted+`$`, sendPlain)
	sc.Step(`^the client sends `+method+` `+quoted+` with body:$`, sendWithBody)
	sc.Step(`^the client sends `+method+` `+quoted+` without a token$`, sendWithoutToken)
	sc.Step(`^the client sends `+method+` `+quoted+` with the token `+quoted+`$`, sendWithToken)

	sc.Step(`^the response status is (\d{3})$`, responseStatusIs)
	sc.Step(`^the response status is one of (\d{3}(?:, \d{3})*)$`, responseStatusIsOneOf)
	sc.Step(`^the target may decline this optional feature with (\d{3}(?:, \d{3})*)$`, optionalFeatureDeclined)
	sc.Step(`^the response header `+quoted+` contains `+quoted+`$`, responseHeaderContains)
	sc.Step(`^the response JSON `+quoted+` is (-?\d+(?:\.\d+)?|true|false|null)$`, responseJSONIs)
	sc.Step(`^the response JSON `+quoted+` equals `+quoted+`$`, responseJSONEquals)
	sc.Step(`^the response JSON `+quoted+` exists$`, responseJSONExists)
	sc.Step(`^the response JSON `+quoted+` does not exist$`, responseJSONDoesNotExist)
	sc.Step(`^the response is a SCIM error with status "(\d{3})"$`, responseIsSCIMError)
	sc.Step(`^the response is a SCIM error with status "(\d{3})" and scimType `+quoted+`$`, responseIsSCIMErrorWithType)
	sc.Step(`^the response is a SCIM error with one of the statuses (\d{3}(?:, \d{3})*)$`, responseIsSCIMErrorOneOf)
	sc.Step(`^the response is a success, or a SCIM error with status "(\d{3})" and scimType `+quoted+`$`, responseIsSuccessOrSCIMError)
	sc.Step(`^I remember the response JSON `+quoted+` as `+quoted+`$`, rememberResponseJSON)
}

func sendPlain(ctx context.Context, method, path string) (context.Context, error) {
	return ctx, sendStep(ctx, stepRequest{method: method, path: path})
}

func sendWithBody(ctx context.Context, method, path string, body *godog.DocString) (context.Context, error) {
	text, err := docText(ctx, body)
	if err != nil {
		return ctx, err
	}
	return ctx, sendStep(ctx, stepRequest{method: method, path: path, body: text})
}

func sendWithoutToken(ctx context.Context, method, path string) (context.Context, error) {
	none := ""
	return ctx, sendStep(ctx, stepRequest{method: method, path: path, token: &none})
}

func sendWithToken(ctx context.Context, method, path, kind string) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	token, err := w.tokenOfKind(kind)
	if err != nil {
		return ctx, err
	}
	return ctx, sendStep(ctx, stepRequest{method: method, path: path, token: &token})
}

// docText is a step's doc string with its placeholders substituted.
func docText(ctx context.Context, doc *godog.DocString) ([]byte, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return nil, err
	}
	text, err := w.substitute(doc.Content)
	if err != nil {
		return nil, err
	}
	return []byte(text), nil
}

// stepRequest is a request as a step spells it: the path quoted, with
// placeholders; a nil body, token or header is the client's default.
type stepRequest struct {
	method, path string
	body         []byte
	token        *string
	header       http.Header
}

// sendStep makes one raw SCIM request and remembers the exchange. Only a
// transport failure is an error here; statuses are judged by Then steps.
func sendStep(ctx context.Context, r stepRequest) error {
	w, err := mustWorld(ctx)
	if err != nil {
		return err
	}
	path, query, err := w.resolvePath(unquote(r.path))
	if err != nil {
		return err
	}
	req := simulator.Request{Method: r.method, Path: path, RawQuery: query, Token: r.token, Header: r.header, Note: "step: " + r.method + " " + path}
	if r.body != nil {
		req.Body = r.body
	}
	_, err = w.ask(ctx, req, r.method+" "+path)
	return err
}

// tokenOfKind resolves the token a step names: "valid" (the run's token),
// "expired"/"revoked" (one this scenario made, else the user's
// SCIM_EXPIRED_TOKEN / SCIM_REVOKED_TOKEN), "unknown" (well-formed, never
// issued), "malformed", or any alias a step stored with SetToken.
func (w *World) tokenOfKind(kind string) (string, error) {
	if t, ok := w.Token(kind); ok {
		return t, nil
	}
	switch kind {
	case "valid":
		return w.Env.scimToken(), nil
	case "expired":
		if t := w.Env.Target.ExpiredToken; t != "" {
			return t, nil
		}
	case "revoked", "deleted":
		if t := w.Env.Target.RevokedToken; t != "" {
			return t, nil
		}
	case "unknown":
		// Shaped like a real token (prefix + 43 base64url characters) so only
		// the lookup, not a format check, can reject it.
		t := simulator.TokenPrefix + strings.ReplaceAll(w.Dir.GUID()+w.Dir.GUID(), "-", "")[:43]
		w.SetToken(kind, t)
		return t, nil
	case "malformed":
		return "not a token", nil
	}
	return "", fmt.Errorf("expected a token kind (valid, expired, revoked, unknown, malformed or one this scenario created), got %q", kind)
}

// lastExchange returns the last exchange or a failure saying there is none.
func lastExchange(ctx context.Context) (*World, *simulator.Exchange, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return nil, nil, err
	}
	if w.Last == nil {
		return w, nil, w.failf("expected a response to check, got none: no request was sent yet in this scenario")
	}
	return w, w.Last, nil
}

func responseStatusIs(ctx context.Context, want int) (context.Context, error) {
	w, ex, err := lastExchange(ctx)
	if err != nil {
		return ctx, err
	}
	if ex.Status != want {
		return ctx, w.mismatch(ctx, "response status", want, ex.Status)
	}
	return ctx, nil
}

func responseStatusIsOneOf(ctx context.Context, list string) (context.Context, error) {
	w, ex, err := lastExchange(ctx)
	if err != nil {
		return ctx, err
	}
	for _, s := range strings.Split(list, ", ") {
		if code, _ := strconv.Atoi(s); code == ex.Status {
			return ctx, nil
		}
	}
	return ctx, w.mismatch(ctx, "response status", "one of "+list, ex.Status)
}

// optionalFeatureDeclined skips the scenario when the target answered the
// last request with one of the listed statuses: the feature is a MAY of the
// RFC, so declining it is conformant and nothing further can be checked.
// Any other answer goes on to the scenario's checks.
func optionalFeatureDeclined(ctx context.Context, list string) (context.Context, error) {
	w, ex, err := lastExchange(ctx)
	if err != nil {
		return ctx, err
	}
	for _, s := range strings.Split(list, ", ") {
		if code, _ := strconv.Atoi(s); code == ex.Status {
			return ctx, w.Skip(fmt.Sprintf("the target declines this optional (RFC MAY) feature: %s %s answered %d", ex.Method, ex.URL, ex.Status))
		}
	}
	return ctx, nil
}

func responseHeaderContains(ctx context.Context, name, want string) (context.Context, error) {
	w, ex, err := lastExchange(ctx)
	if err != nil {
		return ctx, err
	}
	want = unquote(want)
	got := strings.Join(ex.ResponseHeader.Values(name), ", ")
	if !strings.Contains(strings.ToLower(got), strings.ToLower(want)) {
		return ctx, w.mismatch(ctx, "response header "+http.CanonicalHeaderKey(name), fmt.Sprintf("a value containing %q", want), fmt.Sprintf("%q", got))
	}
	return ctx, nil
}

// resourceJSONAt is jsonAt for a negative check: the last response must be
// a resource (anchorResource) before an attribute can be absent from it.
func resourceJSONAt(ctx context.Context, path string) (*World, gjson.Result, error) {
	w, ex, err := lastExchange(ctx)
	if err != nil {
		return nil, gjson.Result{}, err
	}
	if err := w.anchorResource(ctx, ex); err != nil {
		return w, gjson.Result{}, err
	}
	return jsonAt(ctx, path)
}

// jsonAt evaluates a gjson path against the last response body.
func jsonAt(ctx context.Context, path string) (*World, gjson.Result, error) {
	w, ex, err := lastExchange(ctx)
	if err != nil {
		return nil, gjson.Result{}, err
	}
	if !gjson.ValidBytes(ex.ResponseBody) {
		return w, gjson.Result{}, w.mismatch(ctx, "response body", "a JSON document", fmt.Sprintf("%d bytes that are not JSON", len(ex.ResponseBody)))
	}
	p, err := w.substitute(unquote(path))
	if err != nil {
		return w, gjson.Result{}, err
	}
	return w, gjson.GetBytes(ex.ResponseBody, p), nil
}

func responseJSONIs(ctx context.Context, path, literal string) (context.Context, error) {
	w, r, err := jsonAt(ctx, path)
	if err != nil {
		return ctx, err
	}
	if !jsonLiteralMatches(r, literal) {
		return ctx, w.mismatch(ctx, "response JSON "+path, literal, describe(r))
	}
	return ctx, nil
}

// jsonLiteralMatches compares a JSON value with a literal from a step by
// type as well as value: the string "0" is not the number 0.
func jsonLiteralMatches(r gjson.Result, literal string) bool {
	if !r.Exists() {
		return false
	}
	switch literal {
	case "true":
		return r.Type == gjson.True
	case "false":
		return r.Type == gjson.False
	case "null":
		return r.Type == gjson.Null
	}
	want, err := strconv.ParseFloat(literal, 64)
	return err == nil && r.Type == gjson.Number && r.Num == want
}

// describe renders a JSON value for "got ...": its raw JSON, or "nothing".
func describe(r gjson.Result) string {
	if !r.Exists() {
		return "nothing (no such value)"
	}
	const max = 300
	raw := r.Raw
	if len(raw) > max {
		raw = raw[:max] + "…"
	}
	return raw
}

func responseJSONEquals(ctx context.Context, path, want string) (context.Context, error) {
	w, r, err := jsonAt(ctx, path)
	if err != nil {
		return ctx, err
	}
	want, err = w.substitute(unquote(want))
	if err != nil {
		return ctx, err
	}
	if r.Type != gjson.String || r.Str != want {
		return ctx, w.mismatch(ctx, "response JSON "+path, fmt.Sprintf("%q", want), describe(r))
	}
	return ctx, nil
}

func responseJSONExists(ctx context.Context, path string) (context.Context, error) {
	w, r, err := jsonAt(ctx, path)
	if err != nil {
		return ctx, err
	}
	if !r.Exists() {
		return ctx, w.mismatch(ctx, "response JSON "+path, "a value", "nothing")
	}
	return ctx, nil
}

func responseJSONDoesNotExist(ctx context.Context, path string) (context.Context, error) {
	w, r, err := resourceJSONAt(ctx, path)
	if err != nil {
		return ctx, err
	}
	if r.Exists() {
		return ctx, w.mismatch(ctx, "response JSON "+path, "no value", describe(r))
	}
	return ctx, nil
}

func responseIsSCIMError(ctx context.Context, status string) (context.Context, error) {
	return responseIsSCIMErrorWithType(ctx, status, "")
}

// responseIsSCIMErrorWithType checks an RFC 7644 §3.12 error: the HTTP
// status, the error schema, "status" as a JSON string equal to it, and the
// scimType when one is named.
func responseIsSCIMErrorWithType(ctx context.Context, status, scimType string) (context.Context, error) {
	w, ex, err := lastExchange(ctx)
	if err != nil {
		return ctx, err
	}
	if err := w.checkSCIMError(ctx, ex, status, scimType); err != nil {
		return ctx, err
	}
	return ctx, nil
}

// responseIsSCIMErrorOneOf checks an RFC 7644 §3.12 error whose status may
// be any of the listed ones, for requests where the RFC allows more than one
// answer (say 501 or 404 for an endpoint the target does not offer).
func responseIsSCIMErrorOneOf(ctx context.Context, list string) (context.Context, error) {
	w, ex, err := lastExchange(ctx)
	if err != nil {
		return ctx, err
	}
	for _, s := range strings.Split(list, ", ") {
		if s == strconv.Itoa(ex.Status) {
			return ctx, w.checkSCIMError(ctx, ex, s, "")
		}
	}
	return ctx, w.mismatch(ctx, "response status", "one of "+list, ex.Status)
}

// responseIsSuccessOrSCIMError accepts a 2xx (the target ignored what the
// RFC lets it ignore) or exactly the named error; the scenario's later steps
// check that nothing changed either way.
func responseIsSuccessOrSCIMError(ctx context.Context, status, scimType string) (context.Context, error) {
	w, ex, err := lastExchange(ctx)
	if err != nil {
		return ctx, err
	}
	if ex.Status >= 200 && ex.Status < 300 {
		return ctx, nil
	}
	return ctx, w.checkSCIMError(ctx, ex, status, scimType)
}

func (w *World) checkSCIMError(ctx context.Context, ex *simulator.Exchange, status, scimType string) error {
	if strconv.Itoa(ex.Status) != status {
		return w.mismatch(ctx, "response status", status, ex.Status)
	}
	if !gjson.ValidBytes(ex.ResponseBody) || len(ex.ResponseBody) == 0 {
		return w.mismatch(ctx, "error body", "a SCIM error document", fmt.Sprintf("%d bytes that are not JSON", len(ex.ResponseBody)))
	}
	if err := w.checkErrorSchema(ctx, ex); err != nil {
		return err
	}
	body := gjson.ParseBytes(ex.ResponseBody)
	if st := body.Get("status"); st.Type != gjson.String || st.Str != status {
		return w.mismatch(ctx, "error status", fmt.Sprintf("the string %q", status), describe(st))
	}
	if scimType != "" {
		if got := body.Get("scimType"); got.Str != scimType {
			return w.mismatch(ctx, "error scimType", fmt.Sprintf("%q", scimType), describe(got))
		}
	}
	return nil
}

func rememberResponseJSON(ctx context.Context, path, name string) (context.Context, error) {
	w, r, err := jsonAt(ctx, path)
	if err != nil {
		return ctx, err
	}
	if !r.Exists() {
		return ctx, w.mismatch(ctx, "response JSON "+path, "a value to remember", "nothing")
	}
	w.Vars[name] = r.String()
	return ctx, nil
}
