package sandbox

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
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
	// Contract audit faults.
	FaultTokenIgnoreChosenExpiry: func(t *testing.T, e *env) bool {
		at := testStart.Add(7 * 24 * time.Hour).Format(time.RFC3339)
		return e.do("POST", e.admin("/provisioning-tokens"), map[string]any{"expiresAt": at}).get("expiresAt").String() == at
	},
	FaultTokenMaxExpiry90d: func(t *testing.T, e *env) bool {
		at := testStart.Add(366 * 24 * time.Hour).Format(time.RFC3339)
		return e.do("POST", e.admin("/provisioning-tokens"), map[string]any{"expiresAt": at}).Status == http.StatusCreated
	},
	FaultAcceptPastExpiry: func(t *testing.T, e *env) bool {
		r := e.do("POST", e.admin("/provisioning-tokens"), map[string]any{"expiresAt": testStart.Add(-time.Hour).Format(time.RFC3339)})
		return r.Status == http.StatusBadRequest && r.get("error").String() == "invalid_expiry"
	},
	FaultAcceptLongExpiry: func(t *testing.T, e *env) bool {
		r := e.do("POST", e.admin("/provisioning-tokens"), map[string]any{"expiresAt": testStart.Add(367 * 24 * time.Hour).Format(time.RFC3339)})
		return r.Status == http.StatusBadRequest && r.get("error").String() == "invalid_expiry"
	},
	FaultExpiredTokenListedActive: func(t *testing.T, e *env) bool {
		e.sb.Clock().Advance(31 * 24 * time.Hour)
		return e.do("GET", e.admin("/provisioning-tokens"), nil).get("tokens.0.status").String() == "expired"
	},
	FaultTokenWithoutPrefix: func(t *testing.T, e *env) bool {
		return strings.HasPrefix(e.do("POST", e.admin("/provisioning-tokens"), nil).get("token").String(), TokenPrefix)
	},
	FaultShortTokenSecret: func(t *testing.T, e *env) bool {
		tok := e.do("POST", e.admin("/provisioning-tokens"), nil).get("token").String()
		raw, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(tok, TokenPrefix))
		return err == nil && len(raw) >= 32
	},
	FaultTokenHashInListing: func(t *testing.T, e *env) bool {
		sum := sha256.Sum256([]byte(e.token))
		return !containsString(e.do("GET", e.admin("/provisioning-tokens"), nil).Body, hex.EncodeToString(sum[:]))
	},
	FaultTokenHintFirst4: func(t *testing.T, e *env) bool {
		return e.do("GET", e.admin("/provisioning-tokens"), nil).get("tokens.0.hint").String() == e.token[len(e.token)-4:]
	},
	FaultNoBearerChallenge: func(t *testing.T, e *env) bool {
		return strings.HasPrefix(e.do("GET", e.scim("/Users"), nil, withToken("")).Header.Get("WWW-Authenticate"), "Bearer")
	},
	FaultPlain401Body: func(t *testing.T, e *env) bool {
		return e.do("GET", e.scim("/Users"), nil, withToken("")).get("schemas.0").String() == "urn:ietf:params:scim:api:messages:2.0:Error"
	},
	FaultAcceptUnknownToken: func(t *testing.T, e *env) bool {
		return e.do("GET", e.scim("/Users"), nil, withToken(TokenPrefix+strings.Repeat("A", 43))).Status == http.StatusUnauthorized
	},
	FaultOtherTenantDistinct401: func(t *testing.T, e *env) bool {
		_, err := e.sb.CreateTenant("Other", "other")
		require.NoError(t, err)
		other := e.do("GET", "/scim/v2/other/Users", nil)
		unknown := e.do("GET", "/scim/v2/other/Users", nil, withToken(TokenPrefix+strings.Repeat("A", 43)))
		return other.Status == http.StatusUnauthorized && string(other.Body) == string(unknown.Body)
	},
	FaultUnknownTenant404: func(t *testing.T, e *env) bool {
		return e.do("GET", "/scim/v2/no-such-tenant/Users", nil).Status == http.StatusUnauthorized
	},
	FaultGlobalUsernameUniqueness: func(t *testing.T, e *env) bool {
		e.createUser("alice")
		_, err := e.sb.CreateTenant("Other", "other")
		require.NoError(t, err)
		tok, _, err := e.sb.IssueToken("other", time.Time{})
		require.NoError(t, err)
		return e.do("POST", "/scim/v2/other/Users", user("alice"), withToken(tok)).Status == http.StatusCreated
	},
	FaultRejectPlainJSON: func(t *testing.T, e *env) bool {
		return e.do("POST", e.scim("/Users"), user("alice"), withHeader("Content-Type", "application/json")).Status == http.StatusCreated
	},
	FaultAdminAuthOff: func(t *testing.T, e *env) bool {
		return e.do("GET", adminPrefix+"/tenants", nil, withToken("wrong")).Status == http.StatusUnauthorized
	},
	FaultAdminErrorShape: func(t *testing.T, e *env) bool {
		r := e.do("GET", adminPrefix+"/tenants/nope", nil)
		return r.get("error").String() == "not_found" && r.get("detail").Exists()
	},
	FaultAdminUnknown200: func(t *testing.T, e *env) bool {
		return e.do("GET", adminPrefix+"/tenants/nope", nil).Status == http.StatusNotFound &&
			e.do("GET", e.admin("/accounts/nope"), nil).Status == http.StatusNotFound
	},
	FaultAdminUsernameCaseSensitive: func(t *testing.T, e *env) bool {
		e.createUser("alice")
		return len(e.account("ALICE").Array()) == 1
	},
	FaultLocalAccountSourceSCIM: func(t *testing.T, e *env) bool {
		r := e.do("POST", e.admin("/accounts"), map[string]any{"userName": "loc"})
		return r.Status == http.StatusCreated && r.get("accountSource").String() == "Local" && r.get("readOnly").Value() == false
	},
	FaultReadOnlyPartialWrite: func(t *testing.T, e *env) bool {
		e.createUser("alice")
		aid := e.account("alice").Get("0.id").String()
		r := e.do("PATCH", e.admin("/accounts/"+aid), map[string]any{"email": "eve@example.com"})
		return r.Status == http.StatusConflict && e.account("alice").Get("0.email").String() == "alice@example.com"
	},
	FaultSCIMAccountNotReadOnly: func(t *testing.T, e *env) bool {
		e.createUser("alice")
		return e.account("alice").Get("0.readOnly").Value() == true
	},
	FaultAccountFirstEmail: func(t *testing.T, e *env) bool {
		u := user("alice")
		u["emails"] = []any{map[string]any{"type": "home", "value": "home@example.com"}, map[string]any{"type": "work", "value": "work@example.com"}}
		require.Equal(t, http.StatusCreated, e.do("POST", e.scim("/Users"), u).Status)
		return e.account("alice").Get("0.email").String() == "work@example.com"
	},
	FaultAccountGroupsIDs: func(t *testing.T, e *env) bool {
		e.createGroup("Team", e.createUser("alice"))
		return e.account("alice").Get("0.groups.0").String() == "Team"
	},
	FaultPutIgnoresActive: func(t *testing.T, e *env) bool {
		id := e.createUser("alice")
		u := user("alice")
		u["active"] = false
		require.Equal(t, http.StatusOK, e.do("PUT", e.scim("/Users/"+id), u).Status)
		return e.account("alice").Get("0.status").String() == "deactivated"
	},
	FaultGroupRenameNotSynced: func(t *testing.T, e *env) bool {
		gid := e.createGroup("Team")
		require.Equal(t, http.StatusOK, e.patch(e.scim("/Groups/"+gid), op("replace", "displayName", "Crew")).Status)
		return e.do("GET", e.admin("/groups"), nil).get("groups.0.displayName").String() == "Crew"
	},
	FaultGroupDeleteNotSynced: func(t *testing.T, e *env) bool {
		gid := e.createGroup("Team", e.createUser("alice"))
		require.Equal(t, http.StatusNoContent, e.do("DELETE", e.scim("/Groups/"+gid), nil).Status)
		return len(e.do("GET", e.admin("/groups"), nil).get("groups").Array()) == 0 && len(e.account("alice").Get("0.groups").Array()) == 0
	},
	FaultPutIDIgnored: func(t *testing.T, e *env) bool {
		id := e.createUser("alice")
		u := user("alice")
		u["id"] = "someone-else"
		r := e.do("PUT", e.scim("/Users/"+id), u)
		u["id"] = id
		same := e.do("PUT", e.scim("/Users/"+id), u)
		return r.Status == http.StatusBadRequest && r.get("scimType").String() == "mutability" && same.Status == http.StatusOK
	},
	// The declared-ignored faults keep the declaration: the probe checks it
	// still says supported, then that the behaviour matches it.
	FaultSortDeclaredIgnored: func(t *testing.T, e *env) bool {
		require.True(t, e.do("GET", e.scim("/ServiceProviderConfig"), nil).get("sort.supported").Bool())
		e.createUser("bravo")
		e.createUser("alpha")
		r := e.do("GET", e.scim("/Users?sortBy=userName"), nil)
		return r.get("Resources.0.userName").String() == "alpha"
	},
	FaultETagDeclaredIgnored: func(t *testing.T, e *env) bool {
		require.True(t, e.do("GET", e.scim("/ServiceProviderConfig"), nil).get("etag.supported").Bool())
		id := e.createUser("alice")
		r := e.do("PUT", e.scim("/Users/"+id), user("alice"), withHeader("If-Match", `W/"999"`))
		return r.Status == http.StatusPreconditionFailed
	},
	FaultBulkIgnoresBulkID: func(t *testing.T, e *env) bool {
		require.True(t, e.do("GET", e.scim("/ServiceProviderConfig"), nil).get("bulk.supported").Bool())
		r := e.do("POST", e.scim("/Bulk"), bulkBody(
			bulkOp("POST", "/Users", "u", user("alice")),
			bulkOp("POST", "/Groups", "g", map[string]any{"displayName": "Team", "members": []any{map[string]any{"value": "bulkId:u"}}})))
		require.Equal(t, http.StatusOK, r.Status, r.String())
		return r.get(`Operations.#(bulkId=="g").status`).String() == "201"
	},
	// The lost-write faults: each probe makes enough writes to meet the
	// one in lostWriteEvery that is dropped, and reads the end state.
	FaultLostUserUpdate: func(t *testing.T, e *env) bool {
		id := e.createUser("alice")
		for i := 1; i <= lostWriteEvery; i++ {
			require.Equal(t, http.StatusOK, e.patch(e.scim("/Users/"+id), op("replace", "name.givenName", fmt.Sprint("G", i))).Status)
		}
		want := fmt.Sprint("G", lostWriteEvery)
		return e.do("GET", e.scim("/Users/"+id), nil).get("name.givenName").String() == want &&
			e.account("alice").Get("0.givenName").String() == want
	},
	FaultRenameDropsMembers: func(t *testing.T, e *env) bool {
		gid := e.createGroup("Team", e.createUser("alice"))
		require.Equal(t, http.StatusOK, e.patch(e.scim("/Groups/"+gid), op("replace", "displayName", "Crew")).Status)
		return len(e.do("GET", e.scim("/Groups/"+gid), nil).get("members").Array()) == 1 &&
			len(e.do("GET", e.admin("/groups"), nil).get("groups.0.members").Array()) == 1
	},
	FaultLostReactivation: func(t *testing.T, e *env) bool {
		id := e.createUser("alice")
		require.Equal(t, http.StatusOK, e.patch(e.scim("/Users/"+id), op("replace", "active", false)).Status)
		require.Equal(t, http.StatusOK, e.patch(e.scim("/Users/"+id), op("replace", "active", true)).Status)
		return e.account("alice").Get("0.status").String() == "active"
	},
	FaultLostMemberAdd: func(t *testing.T, e *env) bool {
		gid := e.createGroup("Team")
		for i := range lostWriteEvery {
			uid := e.createUser(fmt.Sprint("u", i))
			r := e.patch(e.scim("/Groups/"+gid), op("add", "members", []any{map[string]any{"value": uid}}))
			require.Contains(t, []int{http.StatusOK, http.StatusNoContent}, r.Status)
		}
		return len(e.do("GET", e.scim("/Groups/"+gid), nil).get("members").Array()) == lostWriteEvery
	},
	FaultKeepDuplicateValues: func(t *testing.T, e *env) bool {
		u := user("alice")
		work := map[string]any{"type": "work", "value": "alice@example.com"}
		u["emails"] = []any{work, work}
		r := e.do("POST", e.scim("/Users"), u)
		require.Equal(t, http.StatusCreated, r.Status, r.String())
		return len(r.get("emails").Array()) == 1
	},
	FaultNoopPatchBumpsVersion: func(t *testing.T, e *env) bool {
		uid := e.createUser("alice")
		gid := e.createGroup("Team", uid)
		before := e.do("GET", e.scim("/Groups/"+gid), nil)
		r := e.patch(e.scim("/Groups/"+gid), op("add", "members", []any{map[string]any{"value": uid}}), op("add", "displayName", "Team"))
		require.Equal(t, http.StatusOK, r.Status, r.String())
		after := e.do("GET", e.scim("/Groups/"+gid), nil)
		return after.get("meta.version").String() == before.get("meta.version").String() &&
			after.get("meta.lastModified").String() == before.get("meta.lastModified").String() &&
			r.get("meta.version").String() == before.get("meta.version").String()
	},
	// Issue 12 faults.
	FaultListOmitsEmptyResources: func(t *testing.T, e *env) bool {
		e.createUser("alice")
		r := e.do("GET", e.scim("/Users?count=0"), nil)
		return r.get("totalResults").Int() == 1 && r.get("Resources").IsArray()
	},
	FaultBulkIgnoresFailOnErrors: func(t *testing.T, e *env) bool {
		e.createUser("alice")
		body := bulkBody(bulkOp("POST", "/Users", "dup", user("alice")), bulkOp("POST", "/Users", "after", user("bob")))
		body["failOnErrors"] = 1
		r := e.do("POST", e.scim("/Bulk"), body)
		require.Equal(t, http.StatusOK, r.Status, r.String())
		return !r.get(`Operations.#(bulkId=="after")`).Exists()
	},
	FaultWriteIgnoresAttributes: func(t *testing.T, e *env) bool {
		r := e.do("POST", e.scim("/Users?attributes=userName"), user("alice"))
		require.Equal(t, http.StatusCreated, r.Status, r.String())
		return r.get("userName").Exists() && !r.get("displayName").Exists()
	},
	FaultFilterScanBudget: func(t *testing.T, e *env) bool {
		for i := range FilterScanBudget {
			e.createUser(fmt.Sprintf("early%03d", i))
		}
		e.createUser("late")
		r := e.do("GET", e.scim(`/Users?filter=userName+sw+"late"`), nil)
		return r.get("totalResults").Int() == 1
	},
	FaultAccountKeepsUserName: func(t *testing.T, e *env) bool {
		id := e.createUser("alice")
		e.patch(e.scim("/Users/"+id), op("replace", "userName", "alice2"))
		return e.account("alice2").Get("#").Int() == 1
	},
	FaultASCIIUserNameFolding: func(t *testing.T, e *env) bool {
		e.createUser("josé")
		return e.do("POST", e.scim("/Users"), user("JOSÉ")).Status == http.StatusConflict
	},
	FaultAccountKeepsLocale: func(t *testing.T, e *env) bool {
		id := e.createUser("alice")
		e.patch(e.scim("/Users/"+id), op("replace", "locale", "fr-CA"))
		return e.account("alice").Get("0.locale").String() == "fr-CA"
	},
	FaultAccountKeepsClearedPhone: func(t *testing.T, e *env) bool {
		body := user("alice")
		body["phoneNumbers"] = []any{map[string]any{"value": "+15550100", "type": "work"}}
		r := e.do("POST", e.scim("/Users"), body)
		require.Equal(t, http.StatusCreated, r.Status, r.String())
		require.Equal(t, "+15550100", e.account("alice").Get("0.phone").String())
		e.patch(e.scim("/Users/"+r.get("id").String()), map[string]any{"op": "remove", "path": `phoneNumbers[type eq "work"]`})
		return e.account("alice").Get("0.phone").String() == ""
	},
	FaultListShowsStaleActive: func(t *testing.T, e *env) bool {
		id := e.createUser("alice")
		e.patch(e.scim("/Users/"+id), op("replace", "active", false))
		return !e.do("GET", e.scim(`/Users?filter=userName+eq+"alice"`), nil).get("Resources.0.active").Bool()
	},
	FaultValueFilterMatchesNothing: func(t *testing.T, e *env) bool {
		e.createUser("alice")
		email := e.do("GET", e.scim(`/Users?filter=userName+eq+"alice"`), nil).get(`Resources.0.emails.0.value`).String()
		require.NotEmpty(t, email)
		r := e.do("GET", e.scim(`/Users?filter=emails[type+eq+"work"].value+eq+"`+email+`"`), nil)
		return r.get("totalResults").Int() == 1
	},
	FaultSchemaNestedComplex: func(t *testing.T, e *env) bool {
		r := e.do("GET", e.scim("/Schemas"), nil)
		for _, sch := range r.get("Resources").Array() {
			for _, a := range sch.Get("attributes").Array() {
				for _, sub := range a.Get("subAttributes").Array() {
					if sub.Get("subAttributes").Exists() || sub.Get("type").String() == "complex" {
						return false
					}
				}
			}
		}
		return true
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
