package sandbox

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/tidwall/gjson"

	"github.com/scimharness/scimharness/sandbox/engine"
)

// BenchmarkHostile: what the bounded inputs cost through the HTTP handler.
// The refused cases (20,000 nested parentheses, 5,000 PATCH operations, a
// 1 MiB body of value-filter paths: 1 s, 1.8 s and 12 s before the limits)
// should cost about as much as reading the request; the largest accepted
// ones show the worst a client can still ask for. Read the ratios, the
// machine is shared.
func BenchmarkHostile(b *testing.B) {
	patchBody := func(n int) string {
		ops := make([]string, n)
		for i := range ops {
			ops[i] = fmt.Sprintf(`{"op":"replace","path":"displayName","value":"name %d"}`, i)
		}
		return `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[` + strings.Join(ops, ",") + `]}`
	}
	distinctPaths := func(n, size int) string {
		ops := make([]string, n)
		for i := range ops {
			ops[i] = fmt.Sprintf(`{"op":"add","path":"emails[value eq \"%04d%s\"].display","value":"d"}`, i, strings.Repeat("a", size))
		}
		return `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[` + strings.Join(ops, ",") + `]}`
	}
	nested := func(depth int) string {
		return "/scim/v2/bench/Users?filter=" + url.QueryEscape(strings.Repeat("(", depth)+`userName eq "user0000000@example.com"`+strings.Repeat(")", depth))
	}
	cases := []struct {
		name, method, target, body string
		want                       int
	}{
		{"filter-depth-32-accepted", "GET", nested(engine.MaxFilterDepth), "", http.StatusOK},
		{"filter-depth-20000-refused", "GET", nested(20000), "", http.StatusBadRequest},
		{"patch-1000-ops-accepted", "PATCH", "", patchBody(engine.MaxPatchOperations), http.StatusOK},
		{"patch-5000-ops-refused", "PATCH", "", patchBody(5000), http.StatusBadRequest},
		{"patch-16KiB-of-distinct-paths-accepted", "PATCH", "", distinctPaths(engine.MaxPatchPathBytes/520, 480), http.StatusOK},
		{"patch-800KiB-of-distinct-paths-refused", "PATCH", "", distinctPaths(1500, 480), http.StatusBadRequest},
		{"get-1MB-id-refused", "GET", "/scim/v2/bench/Users/" + strings.Repeat("x", 1<<20), "", http.StatusNotFound},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			_, h, tok := benchEnv(b)
			id := createBenchUser(b, h, tok)
			target := c.target
			if c.method == "PATCH" {
				target = "/scim/v2/bench/Users/" + id
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				serve(b, h, c.method, target, tok, c.body, c.want)
			}
		})
	}
}

// createBenchUser POSTs one user and returns its id.
func createBenchUser(b *testing.B, h http.Handler, tok string) string {
	b.Helper()
	req := httptest.NewRequest("POST", "/scim/v2/bench/Users", strings.NewReader(benchUserBody(0)))
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "application/scim+json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	id := gjson.GetBytes(rec.Body.Bytes(), "id").String()
	if rec.Code != http.StatusCreated || id == "" {
		b.Fatalf("expected 201 with an id, got %d %s", rec.Code, rec.Body.String())
	}
	return id
}
