package steps

// General response assertions the RFC features need and the generic HTTP
// steps do not offer: comparisons between two parts of one response,
// numeric bounds, types, and RFC 7644 §3.8 "unassigned". Named generally so
// any feature may use them.

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/cucumber/godog"
	"github.com/tidwall/gjson"
)

func registerRFCJSONSteps(sc *godog.ScenarioContext) {
	sc.Step(`^the response header `+quoted+` equals the response JSON `+quoted+`$`, rfcHeaderEqualsJSON)
	sc.Step(`^the response JSON `+quoted+` equals the response JSON `+quoted+`$`, rfcJSONEqualsJSON)
	sc.Step(`^the response JSON `+quoted+` does not equal `+quoted+`$`, rfcJSONNotEquals)
	sc.Step(`^the response JSON `+quoted+` is at (most|least) (-?\d+)$`, rfcJSONBound)
	sc.Step(`^the response JSON `+quoted+` equals the remembered number `+quoted+`$`, rfcJSONEqualsRememberedNumber)
	sc.Step(`^the response JSON `+quoted+` is a boolean$`, rfcJSONIsBoolean)
	sc.Step(`^the response JSON `+quoted+` is a valid xsd:dateTime$`, rfcJSONIsDateTime)
	sc.Step(`^the response JSON `+quoted+` is unassigned$`, rfcJSONIsUnassigned)
	sc.Step(`^the response body is empty$`, rfcBodyEmpty)
	sc.Step(`^the response body does not contain `+quoted+`$`, rfcBodyDoesNotContain)
	sc.Step(`^I remember the response header `+quoted+` as `+quoted+`$`, rfcRememberHeader)
}

func rfcHeaderEqualsJSON(ctx context.Context, header, path string) (context.Context, error) {
	w, r, err := jsonAt(ctx, path)
	if err != nil {
		return ctx, err
	}
	got := w.Last.ResponseHeader.Get(header)
	if got == "" {
		return ctx, w.mismatch(ctx, "response header "+header, fmt.Sprintf("%q (the value of %s)", r.String(), path), "no such header")
	}
	if !r.Exists() || r.String() != got {
		return ctx, w.mismatch(ctx, "response header "+header+" against "+path, fmt.Sprintf("%s equal to the header %q", path, got), describe(r))
	}
	return ctx, nil
}

func rfcJSONEqualsJSON(ctx context.Context, a, b string) (context.Context, error) {
	w, ra, err := jsonAt(ctx, a)
	if err != nil {
		return ctx, err
	}
	_, rb, err := jsonAt(ctx, b)
	if err != nil {
		return ctx, err
	}
	if !ra.Exists() || !rb.Exists() || ra.Raw != rb.Raw {
		return ctx, w.mismatch(ctx, "response JSON "+a, fmt.Sprintf("the value of %s, %s", b, describe(rb)), describe(ra))
	}
	return ctx, nil
}

func rfcJSONNotEquals(ctx context.Context, path, value string) (context.Context, error) {
	w, r, err := jsonAt(ctx, path)
	if err != nil {
		return ctx, err
	}
	value, err = w.substitute(unquote(value))
	if err != nil {
		return ctx, err
	}
	if r.Exists() && r.String() == value {
		return ctx, w.mismatch(ctx, "response JSON "+path, fmt.Sprintf("anything but %q", value), describe(r))
	}
	return ctx, nil
}

func rfcJSONBound(ctx context.Context, path, kind string, bound int) (context.Context, error) {
	w, r, err := jsonAt(ctx, path)
	if err != nil {
		return ctx, err
	}
	ok := r.Type == gjson.Number && ((kind == "most" && r.Num <= float64(bound)) || (kind == "least" && r.Num >= float64(bound)))
	if !ok {
		return ctx, w.mismatch(ctx, "response JSON "+path, fmt.Sprintf("a number at %s %d", kind, bound), describe(r))
	}
	return ctx, nil
}

func rfcJSONEqualsRememberedNumber(ctx context.Context, path, name string) (context.Context, error) {
	w, r, err := jsonAt(ctx, path)
	if err != nil {
		return ctx, err
	}
	n, err := w.rememberedInt(name)
	if err != nil {
		return ctx, err
	}
	if r.Type != gjson.Number || r.Num != float64(n) {
		return ctx, w.mismatch(ctx, "response JSON "+path, fmt.Sprintf("the number %d (remembered as %s)", n, name), describe(r))
	}
	return ctx, nil
}

func rfcJSONIsBoolean(ctx context.Context, path string) (context.Context, error) {
	w, r, err := jsonAt(ctx, path)
	if err != nil {
		return ctx, err
	}
	if r.Type != gjson.True && r.Type != gjson.False {
		return ctx, w.mismatch(ctx, "response JSON "+path, "a JSON boolean", describe(r))
	}
	return ctx, nil
}

// xsdDateTime is the lexical form of xsd:dateTime (XML Schema Part 2
// §3.2.7): date, "T", time, optional fraction and optional time zone.
var xsdDateTime = regexp.MustCompile(`^-?(\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-](\d{2}):(\d{2}))?$`)

// validXSDDateTime checks the lexical form and the ranges of each field
// (RFC 7643 §2.3.5: a date and a time, both required).
func validXSDDateTime(s string) bool {
	m := xsdDateTime.FindStringSubmatch(s)
	if m == nil {
		return false
	}
	n := func(i int) int { v, _ := strconv.Atoi(m[i]); return v }
	year, month, day, hour, minute, second := n(1), n(2), n(3), n(4), n(5), n(6)
	if month < 1 || month > 12 || day < 1 || minute > 59 || second > 59 {
		return false
	}
	// 24:00:00 is the only valid hour-24 time in xsd:dateTime.
	if hour > 24 || (hour == 24 && (minute != 0 || second != 0 || strings.Trim(m[7], ".0") != "")) {
		return false
	}
	if day > time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day() {
		return false
	}
	if m[8] != "" && m[8] != "Z" && (n(9) > 14 || n(10) > 59) {
		return false
	}
	return true
}

func rfcJSONIsDateTime(ctx context.Context, path string) (context.Context, error) {
	w, r, err := jsonAt(ctx, path)
	if err != nil {
		return ctx, err
	}
	if r.Type != gjson.String || !validXSDDateTime(r.Str) {
		return ctx, w.mismatch(ctx, "response JSON "+path, "an xsd:dateTime string with a date and a time", describe(r))
	}
	return ctx, nil
}

// rfcJSONIsUnassigned accepts the three equivalent states of RFC 7644 §3.8:
// absent, null, or an empty array.
func rfcJSONIsUnassigned(ctx context.Context, path string) (context.Context, error) {
	w, r, err := resourceJSONAt(ctx, path)
	if err != nil {
		return ctx, err
	}
	if !r.Exists() || r.Type == gjson.Null || (r.IsArray() && len(r.Array()) == 0) {
		return ctx, nil
	}
	return ctx, w.mismatch(ctx, "response JSON "+path, "unassigned (absent, null or [])", describe(r))
}

func rfcBodyEmpty(ctx context.Context) (context.Context, error) {
	w, ex, err := lastExchange(ctx)
	if err != nil {
		return ctx, err
	}
	if len(strings.TrimSpace(string(ex.ResponseBody))) != 0 {
		return ctx, w.mismatch(ctx, "response body", "empty", fmt.Sprintf("%d bytes", len(ex.ResponseBody)))
	}
	return ctx, nil
}

func rfcBodyDoesNotContain(ctx context.Context, text string) (context.Context, error) {
	w, ex, err := lastExchange(ctx)
	if err != nil {
		return ctx, err
	}
	text, err = w.substitute(unquote(text))
	if err != nil {
		return ctx, err
	}
	// An empty body contains nothing: it would pass having shown nothing.
	if len(strings.TrimSpace(string(ex.ResponseBody))) == 0 {
		return ctx, w.mismatch(ctx, "response body", "a body to search for "+fmt.Sprintf("%q", text), "an empty body")
	}
	if strings.Contains(string(ex.ResponseBody), text) {
		return ctx, w.mismatch(ctx, "response body", fmt.Sprintf("no occurrence of %q", text), "an occurrence")
	}
	return ctx, nil
}

func rfcRememberHeader(ctx context.Context, header, name string) (context.Context, error) {
	w, ex, err := lastExchange(ctx)
	if err != nil {
		return ctx, err
	}
	v := ex.ResponseHeader.Get(header)
	if v == "" {
		return ctx, w.mismatch(ctx, "response header "+header, "a value to remember", "no such header")
	}
	w.Vars[name] = v
	return ctx, nil
}
