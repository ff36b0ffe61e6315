package sandbox

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"
)

// faultProbes: for each fault, a probe that reports whether the promise it
// breaks is kept. Each must hold without the fault and fail with it.
var faultProbes = map[Fault]func(t *testing.T, e *env) bool{
	FaultTokenDefaultExpiry90d: func(t *testing.T, e *env) bool {
		r := e.do("POST", e.admin("/provisioning-tokens"), nil)
		return r.get("expiresAt").String() == testStart.Add(30*24*time.Hour).Format(time.RFC3339)
	},
	FaultAcceptExpiredTokens: func(t *testing.T, e *env) bool {
		e.sb.Clock().Advance(31 * 24 * time.Hour)
		return e.do("GET", e.scim("/Users"), nil).Status == http.StatusUnauthorized
	},
	FaultAcceptDeletedTokens: func(t *testing.T, e *env) bool {
		id := e.do("GET", e.admin("/provisioning-tokens"), nil).get("tokens.0.id").String()
		require.Equal(t, http.StatusNoContent, e.do("DELETE", e.admin("/provisioning-tokens/"+id), nil).Status)
		return e.do("GET", e.scim("/Users"), nil).Status == http.StatusUnauthorized
	},
	FaultTokenInListing: func(t *testing.T, e *env) bool {
		r := e.do("GET", e.admin("/provisioning-tokens"), nil)
		return !r.get("tokens.0.token").Exists() && !containsString(r.Body, e.token)
	},
	FaultAcceptOtherTenantToken: func(t *testing.T, e *env) bool {
		_, err := e.sb.CreateTenant("Other", "other")
		require.NoError(t, err)
		return e.do("GET", "/scim/v2/other/Users", nil).Status == http.StatusUnauthorized
	},
	FaultAcceptMissingToken: func(t *testing.T, e *env) bool {
		return e.do("GET", e.scim("/Users"), nil, withToken("")).Status == http.StatusUnauthorized
	},
	FaultAccountSourceLocal: func(t *testing.T, e *env) bool {
		e.createUser("alice")
		return e.account("alice").Get("0.accountSource").String() == "SCIM"
	},
	FaultDropLocale: func(t *testing.T, e *env) bool {
		id := e.createUser("alice")
		return e.account("alice").Get("0.locale").String() == "en-US" &&
			e.do("GET", e.scim("/Users/"+id), nil).get("locale").String() == "en-US"
	},
	FaultAllowAdminEditSCIM: func(t *testing.T, e *env) bool {
		e.createUser("alice")
		aid := e.account("alice").Get("0.id").String()
		r := e.do("PATCH", e.admin("/accounts/"+aid), map[string]any{"givenName": "Eve"})
		return r.Status == http.StatusConflict && e.account("alice").Get("0.givenName").String() == "Given"
	},
	FaultLocalAccountReadonly: func(t *testing.T, e *env) bool {
		r := e.do("POST", e.admin("/accounts"), map[string]any{"userName": "loc"})
		require.Equal(t, http.StatusCreated, r.Status)
		return e.do("PATCH", e.admin("/accounts/"+r.get("id").String()), map[string]any{"givenName": "L"}).Status == http.StatusOK
	},
	FaultIgnoreUpdates: func(t *testing.T, e *env) bool {
		id := e.createUser("alice")
		r := e.patch(e.scim("/Users/"+id), op("replace", "name.familyName", "Newname"),
			op("replace", `emails[type eq "work"].value`, "new@example.com"))
		require.Equal(t, http.StatusOK, r.Status, r.String())
		a := e.account("alice").Get("0")
		return a.Get("familyName").String() == "Newname" && a.Get("email").String() == "new@example.com"
	},
	FaultIgnoreActiveFalse: func(t *testing.T, e *env) bool {
		id := e.createUser("alice")
		require.Equal(t, http.StatusOK, e.patch(e.scim("/Users/"+id), op("replace", "active", false)).Status)
		return e.account("alice").Get("0.status").String() == "deactivated"
	},
	FaultEraseOnDelete: func(t *testing.T, e *env) bool {
		id := e.createUser("alice")
		require.Equal(t, http.StatusNoContent, e.do("DELETE", e.scim("/Users/"+id), nil).Status)
		return e.account("alice").Get("0.status").String() == "deactivated"
	},
	FaultNoReactivate: func(t *testing.T, e *env) bool {
		id := e.createUser("alice")
		aid := e.account("alice").Get("0.id").String()
		require.Equal(t, http.StatusNoContent, e.do("DELETE", e.scim("/Users/"+id), nil).Status)
		e.createUser("alice")
		accts := e.account("alice").Array()
		return len(accts) == 1 && accts[0].Get("id").String() == aid && accts[0].Get("status").String() == "active"
	},
	FaultGroupsNotSynced: func(t *testing.T, e *env) bool {
		id := e.createUser("alice")
		gid := e.createGroup("Team")
		require.Equal(t, http.StatusOK, e.patch(e.scim("/Groups/"+gid), op("add", "members", []any{map[string]any{"value": id}})).Status)
		return len(e.do("GET", e.admin("/groups"), nil).get("groups.0.members").Array()) == 1 &&
			len(e.account("alice").Get("0.groups").Array()) == 1
	},
	FaultNotFoundOnEmptyFilter: func(t *testing.T, e *env) bool {
		r := e.do("GET", e.filterPath("Users", `userName eq "nobody"`), nil)
		return r.Status == http.StatusOK && r.get("totalResults").Int() == 0
	},
	FaultDuplicateUsernameAllowed: func(t *testing.T, e *env) bool {
		e.createUser("alice")
		return e.do("POST", e.scim("/Users"), user("alice")).Status == http.StatusConflict
	},
	FaultCaseSensitiveUsername: func(t *testing.T, e *env) bool {
		e.createUser("Alice")
		return e.do("POST", e.scim("/Users"), user("alice")).Status == http.StatusConflict &&
			e.do("GET", e.filterPath("Users", `userName eq "ALICE"`), nil).get("totalResults").Int() == 1
	},
	FaultRejectCapitalisedOps: func(t *testing.T, e *env) bool {
		id := e.createUser("alice")
		return e.patch(e.scim("/Users/"+id), op("Replace", "displayName", "X")).Status == http.StatusOK
	},
	FaultRejectStringBooleans: func(t *testing.T, e *env) bool {
		id := e.createUser("alice")
		return e.patch(e.scim("/Users/"+id), op("replace", "active", "False")).Status == http.StatusOK
	},
	FaultIgnoreNoPathReplace: func(t *testing.T, e *env) bool {
		id := e.createUser("alice")
		r := e.patch(e.scim("/Users/"+id), op("replace", "", map[string]any{"active": false}))
		return r.Status == http.StatusOK && e.do("GET", e.scim("/Users/"+id), nil).get("active").Value() == false
	},
	FaultBareRemoveEmptiesGroup: func(t *testing.T, e *env) bool {
		a, b := e.createUser("alice"), e.createUser("bob")
		gid := e.createGroup("Team", a, b)
		r := e.patch(e.scim("/Groups/"+gid), op("Remove", "members", []any{map[string]any{"value": a}}))
		return r.Status == http.StatusOK && len(e.do("GET", e.scim("/Groups/"+gid), nil).get("members").Array()) == 1
	},
	FaultDuplicateMemberAdd409: func(t *testing.T, e *env) bool {
		a := e.createUser("alice")
		gid := e.createGroup("Team", a)
		return e.patch(e.scim("/Groups/"+gid), op("Add", "members", []any{map[string]any{"value": a}})).Status == http.StatusOK
	},
	FaultNumericErrorStatus: func(t *testing.T, e *env) bool {
		r := e.do("GET", e.scim("/Users/nope"), nil)
		return r.get("status").Type == gjson.String && r.get("status").String() == "404"
	},
	FaultIgnoreStartIndex: func(t *testing.T, e *env) bool {
		e.createUser("alice")
		e.createUser("bob")
		return e.do("GET", e.scim("/Users?startIndex=2&count=1"), nil).get("Resources.0.userName").String() == "bob"
	},
	FaultMissingLocation: func(t *testing.T, e *env) bool {
		return e.do("POST", e.scim("/Users"), user("alice")).Header.Get("Location") != ""
	},
	FaultNonAtomicPatch: func(t *testing.T, e *env) bool {
		id := e.createUser("alice")
		r := e.patch(e.scim("/Users/"+id), op("replace", "displayName", "Partial"), op("replace", "nosuch.attr[", "x"))
		require.Equal(t, http.StatusBadRequest, r.Status, r.String())
		return e.do("GET", e.scim("/Users/"+id), nil).get("displayName").String() == "Display alice"
	},
}

func containsString(b []byte, s string) bool { return strings.Contains(string(b), s) }

func TestEveryFaultBreaksItsPromise(t *testing.T) {
	for _, f := range KnownFaults() {
		probe, ok := faultProbes[f]
		require.True(t, ok, "expected a probe for fault %s", f)
		t.Run(string(f), func(t *testing.T) {
			assert.True(t, probe(t, newEnv(t)), "expected the promise kept without the fault")
			assert.False(t, probe(t, newEnv(t, f)), "expected fault %s to break the promise", f)
		})
	}
	assert.Len(t, faultProbes, len(KnownFaults()))
}

func TestNoFaultsOnByDefault(t *testing.T) {
	e := newEnv(t)
	assert.Empty(t, e.sb.Faults())
	e2 := newEnv(t, FaultDropLocale)
	assert.Equal(t, []Fault{FaultDropLocale}, e2.sb.Faults())
}

// TestRecoverMiddleware proves a panic becomes a 500 SCIM error document.
func TestRecoverMiddleware(t *testing.T) {
	e := newEnv(t)
	h := e.sb.recoverPanics(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") }))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/scim/v2/acme/Users", nil))
	assert.Equal(t, http.StatusInternalServerError, rec.Code)
	assert.Equal(t, "application/scim+json", rec.Header().Get("Content-Type"))
	assert.Equal(t, "500", gjson.Get(rec.Body.String(), "status").String())
}
