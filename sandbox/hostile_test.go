package sandbox

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scimharness/scimharness/sandbox/engine"
)

// Hostile requests (issue 12, item 6): what a client sends to break the
// server, and what the sandbox must answer instead of doing its bidding.

// echoLimit is what an answer or a log line may repeat of one client input:
// engine.MaxEcho characters, the "…(N bytes)" marker and JSON escaping.
const echoLimit = 2 * engine.MaxEcho

func TestHugeInputIsNotEchoed(t *testing.T) {
	var log strings.Builder
	sb, err := New(Options{AdminToken: "admin-secret", Logger: slog.New(slog.NewTextHandler(&log, nil)), Clock: NewFixedClock(testStart)})
	require.NoError(t, err)
	_, err = sb.CreateTenant("Acme", "acme")
	require.NoError(t, err)
	tok, _, err := sb.IssueToken("acme", time.Time{})
	require.NoError(t, err)
	e := &env{t: t, sb: sb, h: sb.Handler(), tenant: "acme", token: tok}

	huge := strings.Repeat("x", 1<<20)
	tests := []struct {
		name   string
		method string
		path   string
		body   any
		status int
	}{
		{"a 1 MB user id", "GET", e.scim("/Users/" + huge), nil, http.StatusNotFound},
		{"a 1 MB group id in a PATCH", "PATCH", e.scim("/Groups/" + huge), `{"Operations":[{"op":"add","path":"displayName","value":"x"}]}`, http.StatusNotFound},
		{"a 1 MB endpoint", "GET", e.scim("/" + huge), nil, http.StatusNotFound},
		{"a 1 MB filter", "GET", e.scim("/Users?filter=" + url.QueryEscape("userName eq \""+huge+"\" and")), nil, http.StatusBadRequest},
		{"a 1 MB sortBy", "GET", e.scim("/Users?sortBy=" + huge), nil, http.StatusBadRequest},
		{"a 1 MB unknown tenant", "GET", "/scim/v2/" + huge + "/Users", nil, http.StatusUnauthorized},
		{"a 1 MB admin path", "GET", adminPrefix + "/" + huge, nil, http.StatusNotFound},
		{"a 1 MB admin tenant", "GET", adminPrefix + "/tenants/" + huge, nil, http.StatusNotFound},
		{"a 1 MB path outside the API", "GET", "/" + huge, nil, http.StatusNotFound},
		{"a 1 MB method", strings.Repeat("M", 1<<20), e.scim("/Users"), nil, http.StatusMethodNotAllowed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			log.Reset()
			r := e.do(tt.method, tt.path, tt.body)
			require.Equal(t, tt.status, r.Status, "%.300s", r.String())
			assert.Less(t, len(r.Body), echoLimit+300, "expected the answer to echo at most %d characters of the input, got %d bytes: %.400s…", engine.MaxEcho, len(r.Body), r.String())
			assert.Less(t, log.Len(), 2*echoLimit+300, "expected the log line to clip the input, got %d bytes", log.Len())
		})
	}

	// A 100 kB PATCH path on an existing user (a body within the 1 MiB
	// limit): the engine's error quotes it.
	id := e.createUser("alice")
	r := e.patch(e.scim("/Users/"+id), op("replace", huge[:100_000]+"[", "x"))
	require.Equal(t, http.StatusBadRequest, r.Status)
	assert.Less(t, len(r.Body), echoLimit+300, "%.400s", r.String())
	assert.Contains(t, r.get("detail").String(), "bytes)", "expected the detail to say the input was cut")
}

func TestClipKeepsShortInputAndMarksCuts(t *testing.T) {
	assert.Equal(t, "short", engine.Clip("short"))
	long := strings.Repeat("é", engine.MaxEcho+1)
	got := engine.Clip(long)
	assert.Equal(t, strings.Repeat("é", engine.MaxEcho)+fmt.Sprintf("…(%d bytes)", len(long)), got)
	assert.Equal(t, `got "ab" and [1 2]`, engine.Detailf("got %q and %v", "ab", []int{1, 2}))
	formatted := fmt.Sprintf("%v", map[string]any{"k": strings.Repeat("v", 5000)})
	assert.Equal(t, engine.Clip(formatted), engine.Detailf("%v", map[string]any{"k": strings.Repeat("v", 5000)}))
	assert.Len(t, []rune(engine.Clip(formatted)), engine.MaxEcho+len([]rune(fmt.Sprintf("…(%d bytes)", len(formatted)))))
}

// TestMethodNotAllowedCarriesAllow: RFC 9110 §15.5.6, a 405 "MUST generate
// an Allow header field".
func TestMethodNotAllowedCarriesAllow(t *testing.T) {
	e := newEnv(t)
	id := e.createUser("alice")
	tests := []struct {
		method, path, allow string
	}{
		{"DELETE", e.scim("/Users"), "GET, POST"},
		{"PUT", e.scim("/Groups"), "GET, POST"},
		{"GET", e.scim("/Users/.search"), "POST"},
		{"POST", e.scim("/Users/" + id), "GET, PUT, PATCH, DELETE"},
		{"OPTIONS", e.scim("/Groups/" + id), "GET, PUT, PATCH, DELETE"},
		{"PUT", e.scim("/ServiceProviderConfig"), "GET"},
		{"POST", e.scim("/Schemas"), "GET"},
		{"DELETE", e.scim("/ResourceTypes/User"), "GET"},
		{"GET", e.scim("/Bulk"), "POST"},
		{"DELETE", adminPrefix + "/tenants", "GET, POST"},
		{"PUT", e.admin("/provisioning-tokens"), "GET, POST"},
		{"DELETE", adminPrefix + "/clock", "GET, POST"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			r := e.do(tt.method, tt.path, nil)
			require.Equal(t, http.StatusMethodNotAllowed, r.Status, r.String())
			assert.Equal(t, tt.allow, r.Header.Get("Allow"))
		})
	}

	off, err := New(Options{Disable: []Capability{CapPatch}, Clock: NewFixedClock(testStart)})
	require.NoError(t, err)
	e = envFor(t, off)
	id = e.createUser("bob")
	r := e.do("POST", e.scim("/Users/"+id), nil)
	require.Equal(t, http.StatusMethodNotAllowed, r.Status)
	assert.Equal(t, "GET, PUT, DELETE", r.Header.Get("Allow"), "expected no PATCH in Allow while patch is switched off")
}

// envFor wraps a sandbox built with other options in an env with a tenant and a token.
func envFor(t *testing.T, sb *Sandbox) *env {
	t.Helper()
	tn, err := sb.CreateTenant("Acme", "acme")
	require.NoError(t, err)
	tok, _, err := sb.IssueToken(tn.ID, time.Time{})
	require.NoError(t, err)
	return &env{t: t, sb: sb, h: sb.Handler(), tenant: tn.ID, token: tok}
}

// TestStringAttributesRefuseControlsAndBrokenText: control characters and
// text that is not UTF-8 are a 400 invalidValue wherever a string attribute
// is written, not stored to break logs and consoles (or silently turned
// into U+FFFD by the JSON decoder).
func TestStringAttributesRefuseControlsAndBrokenText(t *testing.T) {
	e := newEnv(t)
	id := e.createUser("alice")
	gid := e.createGroup("Team")
	userWith := func(attr, raw string) string {
		return `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"bob",` + `"` + attr + `":` + raw + `}`
	}
	refused := []struct {
		name, method, path, body string
	}{
		// A raw control byte inside a JSON string is malformed JSON (RFC 8259
		// §7 requires it escaped): 400 invalidSyntax, checked below.
		{"NUL in displayName", "POST", "/Users", userWith("displayName", `"a\u0000b"`)},
		{"BEL in userName", "POST", "/Users", `{"userName":"bo\u0007b"}`},
		{"ESC in a name part", "POST", "/Users", userWith("name", `{"givenName":"\u001b[31mred"}`)},
		{"DEL in an email", "POST", "/Users", userWith("emails", `[{"type":"work","value":"a\u007f@x"}]`)},
		{"C1 CSI in title", "PUT", "/Users/" + id, userWith("title", `"x\u009by"`)},
		{"invalid UTF-8", "POST", "/Users", userWith("displayName", "\"caf\xe9\"")},
		{"truncated UTF-8", "PUT", "/Users/" + id, userWith("displayName", "\"\xe2\x82\"")},
		{"lone high surrogate", "POST", "/Users", userWith("displayName", `"\ud800"`)},
		{"lone low surrogate", "POST", "/Users", userWith("displayName", `"x\uDC00y"`)},
		{"reversed pair", "POST", "/Users", userWith("displayName", `"\udc00\ud800"`)},
		{"control in a PATCH value", "PATCH", "/Users/" + id, `{"Operations":[{"op":"replace","path":"displayName","value":"a\u0000"}]}`},
		{"control in a no-path PATCH", "PATCH", "/Groups/" + gid, `{"Operations":[{"op":"replace","value":{"displayName":"T\u0008eam"}}]}`},
		{"invalid UTF-8 in a PATCH", "PATCH", "/Users/" + id, "{\"Operations\":[{\"op\":\"add\",\"path\":\"nickName\",\"value\":\"\xff\"}]}"},
		{"control in a group name", "POST", "/Groups", `{"displayName":"Te\u0000am"}`},
		{"control in an extension attribute", "POST", "/Users", userWith("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", `{"department":"R\u0000D"}`)},
	}
	for _, tt := range refused {
		t.Run(tt.name, func(t *testing.T) {
			r := e.do(tt.method, e.scim(tt.path), tt.body)
			require.Equal(t, http.StatusBadRequest, r.Status, r.String())
			assert.Equal(t, "invalidValue", r.get("scimType").String(), r.String())
		})
	}
	r := e.do("POST", e.scim("/Users"), userWith("nickName", "\"a\x01b\""))
	require.Equal(t, http.StatusBadRequest, r.Status, r.String())
	assert.Equal(t, "invalidSyntax", r.get("scimType").String(), r.String())
	got := e.do("GET", e.scim("/Users/"+id), nil)
	assert.Equal(t, "Display alice", got.get("displayName").String(), "expected refused writes to change nothing")

	accepted := []struct {
		name, attr, raw, want string
	}{
		{"a line break in a formatted address", "addresses", `[{"type":"work","formatted":"1 Main St\nSpringfield"}]`, "1 Main St\nSpringfield"},
		{"a tab", "displayName", `"a\tb"`, "a\tb"},
		{"an escaped surrogate pair", "displayName", `"smile \ud83d\ude00"`, "smile 😀"},
		{"raw non-ASCII", "displayName", `"Zoë Ñandú 東京"`, "Zoë Ñandú 東京"},
		{"an escaped backslash before u", "displayName", `"C:\\ud800"`, `C:\ud800`},
	}
	for i, tt := range accepted {
		t.Run(tt.name, func(t *testing.T) {
			body := `{"userName":"ok` + fmt.Sprint(i) + `","` + tt.attr + `":` + tt.raw + `}`
			r := e.do("POST", e.scim("/Users"), body)
			require.Equal(t, http.StatusCreated, r.Status, r.String())
			path := tt.attr
			if tt.attr == "addresses" {
				path = "addresses.0.formatted"
			}
			assert.Equal(t, tt.want, r.get(path).String())
		})
	}
}

// TestUndeclaredSchemaURNIsRefused: a "schemas" URN that is neither the
// resource type's schema nor one of its extensions is a 400 invalidValue,
// not silently dropped.
func TestUndeclaredSchemaURNIsRefused(t *testing.T) {
	e := newEnv(t)
	id := e.createUser("alice")
	refused := []struct {
		name, method, path, body string
	}{
		{"an unknown extension on a User", "POST", "/Users", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:example:acme:2.0:User"],"userName":"bob"}`},
		{"the Group schema on a User", "POST", "/Users", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"userName":"bob"}`},
		{"the enterprise extension on a Group", "POST", "/Groups", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],"displayName":"g"}`},
		{"an unknown URN in a PUT", "PUT", "/Users/" + id, `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:x"],"userName":"alice"}`},
	}
	for _, tt := range refused {
		t.Run(tt.name, func(t *testing.T) {
			r := e.do(tt.method, e.scim(tt.path), tt.body)
			require.Equal(t, http.StatusBadRequest, r.Status, r.String())
			assert.Equal(t, "invalidValue", r.get("scimType").String())
		})
	}
	r := e.do("POST", e.scim("/Users"), `{"schemas":["URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],"userName":"carol",
		"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"R&D"}}`)
	require.Equal(t, http.StatusCreated, r.Status, "expected declared URNs in any case to pass: %s", r.String())
	r = e.do("POST", e.scim("/Users"), `{"userName":"dave"}`)
	require.Equal(t, http.StatusCreated, r.Status, "expected a body without schemas to stay accepted (IdPs omit it): %s", r.String())
}

// TestFilterNestingIsBounded: 20,000 nested parentheses cost a second of
// parsing; beyond engine.MaxFilterDepth levels (or engine.MaxFilterLength
// bytes) a filter is a 400 invalidFilter, at the limit it still works.
func TestFilterNestingIsBounded(t *testing.T) {
	e := newEnv(t)
	e.createUser("alice")
	nested := func(depth int) string {
		return strings.Repeat("(", depth) + `userName eq "alice"` + strings.Repeat(")", depth)
	}
	r := e.do("GET", e.filterPath("Users", nested(engine.MaxFilterDepth)), nil)
	require.Equal(t, http.StatusOK, r.Status, r.String())
	assert.Equal(t, int64(1), r.get("totalResults").Int())

	for _, expr := range []string{
		nested(engine.MaxFilterDepth + 1),
		nested(20000),
		strings.Repeat("not (", 5000) + `userName eq "alice"` + strings.Repeat(")", 5000),
		`emails[` + strings.Repeat("(", 40) + `type eq "work"` + strings.Repeat(")", 40) + `]`,
	} {
		r := e.do("GET", e.filterPath("Users", expr), nil)
		require.Equal(t, http.StatusBadRequest, r.Status, "%.300s", r.String())
		assert.Equal(t, "invalidFilter", r.get("scimType").String())
		r = e.do("POST", e.scim("/Users/.search"), map[string]any{"schemas": []string{"urn:ietf:params:scim:api:messages:2.0:SearchRequest"}, "filter": expr})
		require.Equal(t, http.StatusBadRequest, r.Status, "%.300s", r.String())
		assert.Equal(t, "invalidFilter", r.get("scimType").String())
	}
	// A filter longer than engine.MaxFilterLength is refused whole.
	long := `userName eq "` + strings.Repeat("a", engine.MaxFilterLength) + `"`
	r = e.do("GET", e.filterPath("Users", long), nil)
	require.Equal(t, http.StatusBadRequest, r.Status, "%.300s", r.String())
	assert.Equal(t, "invalidFilter", r.get("scimType").String())
	r = e.do("GET", e.filterPath("Users", long[:engine.MaxFilterLength-1]+`"`), nil)
	assert.Equal(t, http.StatusOK, r.Status, "expected a filter of exactly MaxFilterLength bytes served: %.300s", r.String())

	// Parentheses inside a quoted value are text, not nesting.
	r = e.do("GET", e.filterPath("Users", `userName eq "`+strings.Repeat("(", 100)+`"`), nil)
	assert.Equal(t, http.StatusOK, r.Status, r.String())
}

// TestPatchOperationCountIsBounded: 5,000 operations held the write lock
// for 1.8 s; more than engine.MaxPatchOperations is a 400 tooMany and
// changes nothing, the limit itself is served.
func TestPatchOperationCountIsBounded(t *testing.T) {
	e := newEnv(t)
	id := e.createUser("alice")
	ops := func(n int) []map[string]any {
		out := make([]map[string]any, n)
		for i := range out {
			out[i] = op("replace", "displayName", fmt.Sprintf("name %d", i))
		}
		return out
	}
	r := e.patch(e.scim("/Users/"+id), ops(engine.MaxPatchOperations)...)
	require.Equal(t, http.StatusOK, r.Status, "%.300s", r.String())
	assert.Equal(t, fmt.Sprintf("name %d", engine.MaxPatchOperations-1), r.get("displayName").String())

	for _, n := range []int{engine.MaxPatchOperations + 1, 5000} {
		r = e.patch(e.scim("/Users/"+id), ops(n)...)
		require.Equal(t, http.StatusBadRequest, r.Status, "%.300s", r.String())
		assert.Equal(t, "tooMany", r.get("scimType").String())
		assert.Contains(t, r.get("detail").String(), fmt.Sprint(engine.MaxPatchOperations))
	}
	got := e.do("GET", e.scim("/Users/"+id), nil)
	assert.Equal(t, fmt.Sprintf("name %d", engine.MaxPatchOperations-1), got.get("displayName").String())
}

// TestLimitsAreValidJSONAnswers: every refusal above is a SCIM error
// document, so a client can read why.
func TestLimitsAreValidJSONAnswers(t *testing.T) {
	e := newEnv(t)
	r := e.do("GET", e.filterPath("Users", strings.Repeat("(", 100)), nil)
	var doc map[string]any
	require.NoError(t, json.Unmarshal(r.Body, &doc))
	assert.Equal(t, "400", doc["status"])
	assert.Equal(t, []any{engine.ErrorSchema}, doc["schemas"])
}
