package sandbox

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseCapabilities(t *testing.T) {
	cases := []struct {
		in   string
		want []Capability
		err  string
	}{
		{in: "", want: nil},
		{in: "patch", want: []Capability{CapPatch}},
		{in: " Patch , sort,,patch, ETAG,bulk", want: []Capability{CapPatch, CapSort, CapETag, CapBulk}},
		{in: "patch,filter", err: `unknown capability "filter": expected one of patch, sort, etag, bulk`},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseCapabilities(tc.in)
			if tc.err != "" {
				require.EqualError(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
	_, err := New(Options{Disable: []Capability{"changePassword"}})
	assert.ErrorContains(t, err, `unknown capability "changePassword"`)
}

// TestCapabilitySwitches: each capability switched off is declared
// unsupported and behaves so; the others stay on. Every probe also runs
// with everything on, where it must see the capability at work.
func TestCapabilitySwitches(t *testing.T) {
	cases := []struct {
		cap Capability
		// works reports whether the capability is at work on e.
		works func(t *testing.T, e *env) bool
		// off checks the answer of an honest target without it.
		off func(t *testing.T, e *env)
	}{
		{
			cap: CapPatch,
			works: func(t *testing.T, e *env) bool {
				return e.patch(e.scim("/Users/"+e.createUser("alice")), op("replace", "title", "X")).Status == http.StatusOK
			},
			off: func(t *testing.T, e *env) {
				id := e.createUser("bob")
				r := e.patch(e.scim("/Users/"+id), op("replace", "title", "X"))
				assert.Equal(t, http.StatusNotImplemented, r.Status)
				assert.Equal(t, "501", r.get("status").String())
				assert.Equal(t, "urn:ietf:params:scim:api:messages:2.0:Error", r.get("schemas.0").String())
				assert.False(t, e.do("GET", e.scim("/Users/"+id), nil).get("title").Exists(), "nothing changed")
			},
		},
		{
			cap: CapSort,
			works: func(t *testing.T, e *env) bool {
				e.createUser("bravo")
				e.createUser("alpha")
				return e.do("GET", e.scim("/Users?sortBy=userName"), nil).get("Resources.0.userName").String() == "alpha"
			},
			off: func(t *testing.T, e *env) {
				r := e.do("GET", e.scim("/Users?sortBy=nosuch.attr&sortOrder=sideways"), nil)
				assert.Equal(t, http.StatusOK, r.Status, "sortBy is ignored, even an invalid one: %s", r)
			},
		},
		{
			cap: CapETag,
			works: func(t *testing.T, e *env) bool {
				id := e.createUser("alice")
				get := e.do("GET", e.scim("/Users/"+id), nil)
				stale := e.do("PUT", e.scim("/Users/"+id), user("alice"), withHeader("If-Match", `W/"9"`))
				return get.Header.Get("ETag") != "" && stale.Status == http.StatusPreconditionFailed
			},
			off: func(t *testing.T, e *env) {
				id := e.createUser("bob")
				assert.Empty(t, e.do("GET", e.scim("/Users/"+id), nil).Header.Get("ETag"))
				assert.Equal(t, http.StatusOK, e.do("GET", e.scim("/Users/"+id), nil, withHeader("If-None-Match", "*")).Status)
				assert.Equal(t, http.StatusNoContent, e.do("DELETE", e.scim("/Users/"+id), nil, withHeader("If-Match", `W/"9"`)).Status)
			},
		},
		{
			cap: CapBulk,
			works: func(t *testing.T, e *env) bool {
				return e.do("POST", e.scim("/Bulk"), bulkBody(bulkOp("POST", "/Users", "u", user("alice")))).Status == http.StatusOK
			},
			off: func(t *testing.T, e *env) {
				r := e.do("POST", e.scim("/Bulk"), bulkBody(bulkOp("POST", "/Users", "u", user("bob"))))
				assert.Equal(t, http.StatusNotImplemented, r.Status)
				assert.Empty(t, e.do("GET", e.scim("/Users"), nil).get("Resources").Array(), "nothing was created")
			},
		},
	}
	flags := map[Capability]string{CapPatch: "patch", CapSort: "sort", CapETag: "etag", CapBulk: "bulk"}
	require.Len(t, cases, len(KnownCapabilities()))
	for _, tc := range cases {
		t.Run(string(tc.cap), func(t *testing.T) {
			on := newEnv(t)
			assert.True(t, tc.works(t, on), "expected %s at work with everything on", tc.cap)

			e := newEnvWith(t, Options{Disable: []Capability{tc.cap}})
			assert.Equal(t, []Capability{tc.cap}, e.sb.Disabled())
			spc := e.do("GET", e.scim("/ServiceProviderConfig"), nil)
			for c, flag := range flags {
				assert.Equal(t, c != tc.cap, spc.get(flag+".supported").Bool(), "%s.supported with %s off", flag, tc.cap)
			}
			assert.False(t, tc.works(t, e), "expected %s not at work when switched off", tc.cap)
			tc.off(t, e)
		})
	}
}

// TestDeclaredIgnoredFaultsKeepTheDeclaration: the fault leaves the flag
// true; switching the capability off is what makes it false.
func TestDeclaredIgnoredFaultsKeepTheDeclaration(t *testing.T) {
	cases := []struct {
		fault Fault
		flag  string
	}{
		{FaultSortDeclaredIgnored, "sort"},
		{FaultETagDeclaredIgnored, "etag"},
		{FaultBulkIgnoresBulkID, "bulk"},
	}
	for _, tc := range cases {
		t.Run(string(tc.fault), func(t *testing.T) {
			e := newEnv(t, tc.fault)
			assert.True(t, e.do("GET", e.scim("/ServiceProviderConfig"), nil).get(tc.flag+".supported").Bool())
		})
	}
}
