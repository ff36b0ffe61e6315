package sandbox

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"
)

// newEnvWith is newEnv with explicit options (limits, disabled capabilities).
func newEnvWith(t *testing.T, opts Options) *env {
	t.Helper()
	opts.AdminToken, opts.Clock = "admin-secret", NewFixedClock(testStart)
	sb, err := New(opts)
	require.NoError(t, err)
	tn, err := sb.CreateTenant("Acme", "acme")
	require.NoError(t, err)
	tok, _, err := sb.IssueToken(tn.ID, time.Time{})
	require.NoError(t, err)
	return &env{t: t, sb: sb, h: sb.Handler(), tenant: tn.ID, token: tok}
}

func bulkBody(ops ...map[string]any) map[string]any {
	list := make([]any, len(ops))
	for i, o := range ops {
		list[i] = o
	}
	return map[string]any{"schemas": []string{BulkRequestSchema}, "Operations": list}
}

func bulkOp(method, path, bulkID string, data any) map[string]any {
	m := map[string]any{"method": method, "path": path}
	if bulkID != "" {
		m["bulkId"] = bulkID
	}
	if data != nil {
		m["data"] = data
	}
	return m
}

func groupWith(name string, memberRefs ...string) map[string]any {
	ms := make([]any, len(memberRefs))
	for i, m := range memberRefs {
		ms[i] = map[string]any{"type": "User", "value": m}
	}
	return map[string]any{"schemas": []string{"urn:ietf:params:scim:schemas:core:2.0:Group"}, "displayName": name, "members": ms}
}

func patchBody(ops ...map[string]any) map[string]any {
	return map[string]any{"schemas": []string{"urn:ietf:params:scim:api:messages:2.0:PatchOp"}, "Operations": ops}
}

// opResult is one entry of a BulkResponse, by bulkId or by position.
func opResult(r resp, key string) gjson.Result {
	if strings.HasPrefix(key, "#") {
		return r.get("Operations." + strings.TrimPrefix(key, "#"))
	}
	return r.get(`Operations.#(bulkId=="` + key + `")`)
}

func TestBulkOperations(t *testing.T) {
	cases := []struct {
		name   string
		faults []Fault
		body   func(e *env) map[string]any
		check  func(t *testing.T, e *env, r resp)
	}{
		{
			name: "a failing operation does not stop the others and every result has a string status",
			body: func(e *env) map[string]any {
				return bulkBody(bulkOp("POST", "/Users", "a", user("dup")), bulkOp("POST", "/Users", "b", user("dup")),
					bulkOp("POST", "/Users", "c", user("carol")))
			},
			check: func(t *testing.T, e *env, r resp) {
				assert.Equal(t, BulkResponseSchema, r.get("schemas.0").String())
				require.Len(t, r.get("Operations").Array(), 3)
				for key, want := range map[string]string{"a": "201", "b": "409", "c": "201"} {
					assert.Equal(t, gjson.String, opResult(r, key).Get("status").Type, key)
					assert.Equal(t, want, opResult(r, key).Get("status").String(), key)
				}
				assert.True(t, strings.HasPrefix(opResult(r, "a").Get("location").String(), "http://sandbox.test/scim/v2/acme/Users/"))
				assert.False(t, opResult(r, "b").Get("location").Exists(), "a failed POST has no location")
				assert.Equal(t, "urn:ietf:params:scim:api:messages:2.0:Error", opResult(r, "b").Get("response.schemas.0").String())
				assert.Equal(t, "uniqueness", opResult(r, "b").Get("response.scimType").String())
				assert.False(t, opResult(r, "a").Get("response").Exists(), "a success carries no response body")
				assert.Equal(t, `W/"1"`, opResult(r, "a").Get("version").String())
				assert.Equal(t, "SCIM", e.account("carol").Get("0.accountSource").String(), "bulk users get a Cantara account")
			},
		},
		{
			name: "a group references a user created earlier by bulkId and the console sees the member",
			body: func(e *env) map[string]any {
				return bulkBody(bulkOp("POST", "/Users", "m", user("member")), bulkOp("POST", "/Groups", "g", groupWith("Team", "bulkId:m")))
			},
			check: func(t *testing.T, e *env, r resp) {
				require.Equal(t, "201", opResult(r, "g").Get("status").String(), r.String())
				uid := strings.TrimPrefix(opResult(r, "m").Get("location").String(), "http://sandbox.test/scim/v2/acme/Users/")
				gid := strings.TrimPrefix(opResult(r, "g").Get("location").String(), "http://sandbox.test/scim/v2/acme/Groups/")
				assert.Equal(t, uid, e.do("GET", e.scim("/Groups/"+gid), nil).get("members.0.value").String())
				assert.Equal(t, []any{"Team"}, e.account("member").Get("0.groups").Value())
			},
		},
		{
			name: "a reference may precede the POST that defines it",
			body: func(e *env) map[string]any {
				return bulkBody(bulkOp("POST", "/Groups", "g", groupWith("Team", "bulkId:m")), bulkOp("POST", "/Users", "m", user("member")))
			},
			check: func(t *testing.T, e *env, r resp) {
				assert.Equal(t, "201", opResult(r, "g").Get("status").String(), r.String())
				assert.Equal(t, "201", opResult(r, "m").Get("status").String())
				assert.Equal(t, "g", opResult(r, "#0").Get("bulkId").String(), "results keep request order")
			},
		},
		{
			name: "a reference to a failed POST, to an unknown bulkId or to itself is 409",
			body: func(e *env) map[string]any {
				e.createUser("taken")
				self := groupWith("Self", "bulkId:self")
				return bulkBody(bulkOp("POST", "/Users", "bad", user("taken")), bulkOp("POST", "/Groups", "g1", groupWith("One", "bulkId:bad")),
					bulkOp("POST", "/Groups", "g2", groupWith("Two", "bulkId:nowhere")), bulkOp("POST", "/Groups", "self", self))
			},
			check: func(t *testing.T, e *env, r resp) {
				for key, want := range map[string]string{"bad": "409", "g1": "409", "g2": "409", "self": "409"} {
					assert.Equal(t, want, opResult(r, key).Get("status").String(), key)
				}
				assert.Contains(t, opResult(r, "g2").Get("response.detail").String(), `"nowhere"`)
				assert.Contains(t, opResult(r, "self").Get("response.detail").String(), "circular")
				assert.Equal(t, 1, len(e.do("GET", e.scim("/Users"), nil).get("Resources").Array()), "nothing else was created")
			},
		},
		{
			name: "PATCH, PUT and DELETE address a new resource by bulkId in the path",
			body: func(e *env) map[string]any {
				return bulkBody(bulkOp("POST", "/Users", "u", user("alice")),
					bulkOp("PATCH", "/Users/bulkId:u", "", patchBody(op("replace", "title", "Boss"))),
					bulkOp("PUT", "/Users/bulkId:u", "", user("alice")),
					bulkOp("DELETE", "/Users/bulkId:u", "", nil))
			},
			check: func(t *testing.T, e *env, r resp) {
				loc := opResult(r, "#0").Get("location").String()
				for i, want := range []string{"201", "200", "200", "204"} {
					res := opResult(r, "#"+string(rune('0'+i)))
					assert.Equal(t, want, res.Get("status").String(), r.String())
					assert.Equal(t, loc, res.Get("location").String(), "operation %d", i)
				}
				assert.Equal(t, `W/"2"`, opResult(r, "#1").Get("version").String())
				assert.Equal(t, "deactivated", e.account("alice").Get("0.status").String(), "DELETE deactivates as a single request does")
			},
		},
		{
			name: "version is the operation's If-Match",
			body: func(e *env) map[string]any {
				id := e.createUser("alice")
				stale := bulkOp("PUT", "/Users/"+id, "", user("alice"))
				stale["version"] = `W/"7"`
				fresh := bulkOp("PATCH", "/Users/"+id, "", patchBody(op("replace", "title", "X")))
				fresh["version"] = `W/"1"`
				return bulkBody(stale, fresh)
			},
			check: func(t *testing.T, e *env, r resp) {
				assert.Equal(t, "412", opResult(r, "#0").Get("status").String(), r.String())
				assert.Equal(t, "200", opResult(r, "#1").Get("status").String(), r.String())
			},
		},
		{
			name: "failOnErrors stops after that many errors and omits the rest",
			body: func(e *env) map[string]any {
				b := bulkBody(bulkOp("POST", "/Users", "a", user("x")), bulkOp("POST", "/Users", "b", user("x")),
					bulkOp("POST", "/Users", "c", user("x")), bulkOp("POST", "/Users", "d", user("dora")))
				b["failOnErrors"] = 2
				return b
			},
			check: func(t *testing.T, e *env, r resp) {
				assert.Len(t, r.get("Operations").Array(), 3, r.String())
				assert.False(t, opResult(r, "d").Exists())
				assert.Empty(t, e.do("GET", e.filterPath("Users", `userName eq "dora"`), nil).get("Resources").Array())
			},
		},
		{
			name: "malformed operations fail alone",
			body: func(e *env) map[string]any {
				return bulkBody(bulkOp("GET", "/Users", "", nil), bulkOp("POST", "/Schemas", "s", map[string]any{}),
					bulkOp("POST", "/Users", "", user("nobulkid")), bulkOp("PUT", "/Users", "", user("p")),
					bulkOp("PATCH", "/Users/x", "", nil), bulkOp("POST", "/Users", "ok", user("fine")))
			},
			check: func(t *testing.T, e *env, r resp) {
				want := []string{"400", "400", "400", "400", "400", "201"}
				types := []string{"invalidValue", "invalidPath", "invalidValue", "invalidPath", "invalidSyntax", ""}
				for i := range want {
					res := opResult(r, "#"+string(rune('0'+i)))
					assert.Equal(t, want[i], res.Get("status").String(), "operation %d: %s", i, res.Raw)
					assert.Equal(t, types[i], res.Get("response.scimType").String(), "operation %d", i)
				}
			},
		},
		{
			name:   "faults apply to operations as to single requests",
			faults: []Fault{FaultDuplicateUsernameAllowed, FaultNumericErrorStatus},
			body: func(e *env) map[string]any {
				return bulkBody(bulkOp("POST", "/Users", "a", user("dup")), bulkOp("POST", "/Users", "b", user("dup")),
					bulkOp("DELETE", "/Users/none", "", nil))
			},
			check: func(t *testing.T, e *env, r resp) {
				assert.Equal(t, "201", opResult(r, "b").Get("status").String(), "duplicate-username-allowed reaches bulk")
				assert.Equal(t, gjson.Number, opResult(r, "#2").Get("response.status").Type, "numeric-error-status reaches bulk")
			},
		},
		{
			name:   "bulk-ignores-bulkid passes the reference on literally",
			faults: []Fault{FaultBulkIgnoresBulkID},
			body: func(e *env) map[string]any {
				return bulkBody(bulkOp("POST", "/Users", "m", user("member")), bulkOp("POST", "/Groups", "g", groupWith("Team", "bulkId:m")))
			},
			check: func(t *testing.T, e *env, r resp) {
				assert.Equal(t, "201", opResult(r, "m").Get("status").String())
				assert.Equal(t, "400", opResult(r, "g").Get("status").String())
				assert.Contains(t, opResult(r, "g").Get("response.detail").String(), "bulkId:m")
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, tc.faults...)
			r := e.do("POST", e.scim("/Bulk"), tc.body(e))
			require.Equal(t, http.StatusOK, r.Status, r.String())
			assert.Equal(t, "application/scim+json", r.Header.Get("Content-Type"))
			tc.check(t, e, r)
		})
	}
}

func TestBulkRequestRefused(t *testing.T) {
	three := bulkBody(bulkOp("DELETE", "/Users/a", "", nil), bulkOp("DELETE", "/Users/b", "", nil), bulkOp("DELETE", "/Users/c", "", nil))
	cases := []struct {
		name     string
		opts     Options
		method   string
		path     string
		body     any
		reqOpts  []reqOpt
		status   int
		scimType string
		detail   string
	}{
		{name: "more operations than maxOperations", opts: Options{BulkMaxOps: 2}, body: three, status: 413, detail: "at most 2 operations"},
		{name: "a body over maxPayloadSize", opts: Options{BulkMaxPayload: 64}, body: three, status: 413, detail: "maxPayloadSize"},
		{name: "no BulkRequest schema", body: map[string]any{"Operations": []any{}}, status: 400, scimType: "invalidSyntax"},
		{name: "no Operations", body: map[string]any{"schemas": []string{BulkRequestSchema}}, status: 400, scimType: "invalidSyntax"},
		{name: "Operations not an array", body: map[string]any{"schemas": []string{BulkRequestSchema}, "Operations": "x"}, status: 400, scimType: "invalidSyntax"},
		{name: "malformed JSON", body: `{"schemas": [`, status: 400, scimType: "invalidSyntax"},
		{name: "a bulkId used twice", body: bulkBody(bulkOp("POST", "/Users", "x", user("a")), bulkOp("POST", "/Users", "x", user("b"))), status: 400, scimType: "invalidValue"},
		{name: "failOnErrors below 1", body: map[string]any{"schemas": []string{BulkRequestSchema}, "Operations": []any{}, "failOnErrors": 0}, status: 400, scimType: "invalidValue"},
		{name: "GET /Bulk", method: "GET", status: 405},
		{name: "an id after /Bulk", path: "/Bulk/x", body: three, status: 404},
		{name: "no token", body: three, reqOpts: []reqOpt{withToken("")}, status: 401},
		{name: "a text body", body: three, reqOpts: []reqOpt{withHeader("Content-Type", "text/plain")}, status: 415},
		{name: "bulk switched off", opts: Options{Disable: []Capability{CapBulk}}, body: three, status: 501, detail: "bulk.supported false"},
		// /Bulk reads its body like every SCIM request, so the fault reaches it too.
		{name: "plain JSON under reject-plain-json", opts: Options{Faults: []Fault{FaultRejectPlainJSON}}, body: three,
			reqOpts: []reqOpt{withHeader("Content-Type", "application/json")}, status: 415},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnvWith(t, tc.opts)
			method, path := "POST", "/Bulk"
			if tc.method != "" {
				method = tc.method
			}
			if tc.path != "" {
				path = tc.path
			}
			r := e.do(method, e.scim(path), tc.body, tc.reqOpts...)
			require.Equal(t, tc.status, r.Status, r.String())
			assert.Equal(t, "urn:ietf:params:scim:api:messages:2.0:Error", r.get("schemas.0").String())
			assert.Equal(t, gjson.String, r.get("status").Type)
			assert.Equal(t, tc.scimType, r.get("scimType").String())
			assert.Contains(t, r.get("detail").String(), tc.detail)
		})
	}
}

func TestBulkAdvertisedInServiceProviderConfig(t *testing.T) {
	cases := []struct {
		name               string
		opts               Options
		supported          bool
		maxOps, maxPayload int64
	}{
		{name: "defaults", supported: true, maxOps: DefaultBulkMaxOps, maxPayload: DefaultBulkMaxPayload},
		{name: "chosen limits", opts: Options{BulkMaxOps: 5, BulkMaxPayload: 4096}, supported: true, maxOps: 5, maxPayload: 4096},
		{name: "switched off", opts: Options{Disable: []Capability{CapBulk}}, maxOps: DefaultBulkMaxOps, maxPayload: DefaultBulkMaxPayload},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnvWith(t, tc.opts)
			r := e.do("GET", e.scim("/ServiceProviderConfig"), nil)
			assert.Equal(t, tc.supported, r.get("bulk.supported").Bool())
			assert.Equal(t, tc.maxOps, r.get("bulk.maxOperations").Int())
			assert.Equal(t, tc.maxPayload, r.get("bulk.maxPayloadSize").Int())
		})
	}
}
