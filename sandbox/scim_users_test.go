package sandbox

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCreateUser(t *testing.T) {
	e := newEnv(t)
	r := e.do("POST", e.scim("/Users"), user("alice"))
	require.Equal(t, http.StatusCreated, r.Status, r.String())
	id := r.get("id").String()
	require.NotEmpty(t, id)
	loc := "http://sandbox.test/scim/v2/acme/Users/" + id
	assert.Equal(t, loc, r.Header.Get("Location"))
	assert.Equal(t, loc, r.get("meta.location").String())
	assert.Equal(t, loc, r.Header.Get("Content-Location"))
	assert.Equal(t, "User", r.get("meta.resourceType").String())
	assert.Equal(t, `W/"1"`, r.get("meta.version").String())
	assert.Equal(t, `W/"1"`, r.Header.Get("ETag"))
	assert.Equal(t, "2026-01-01T12:00:00.000Z", r.get("meta.created").String())
	assert.Equal(t, r.get("meta.created").String(), r.get("meta.lastModified").String())
	assert.Equal(t, "application/scim+json", r.Header.Get("Content-Type"))
	assert.Equal(t, "alice", r.get("userName").String())
	assert.Equal(t, "en-US", r.get("locale").String())
	assert.False(t, r.get("password").Exists())
}

func TestLocationHonoursForwardedProto(t *testing.T) {
	e := newEnv(t)
	r := e.do("POST", e.scim("/Users"), user("alice"), withHeader("X-Forwarded-Proto", "https"))
	require.Equal(t, http.StatusCreated, r.Status)
	assert.True(t, strings.HasPrefix(r.Header.Get("Location"), "https://sandbox.test/scim/v2/acme/Users/"), r.Header.Get("Location"))
	assert.True(t, strings.HasPrefix(r.get("meta.location").String(), "https://"))
}

func TestCreateUserErrors(t *testing.T) {
	tests := []struct {
		name     string
		body     any
		ct       string
		status   int
		scimType string
	}{
		{"malformed JSON", `{"userName":`, "application/scim+json", 400, "invalidSyntax"},
		{"array body", `[1,2]`, "application/scim+json", 400, "invalidSyntax"},
		{"trailing data", `{"userName":"a"} {}`, "application/scim+json", 400, "invalidSyntax"},
		{"missing userName", map[string]any{"displayName": "x"}, "application/scim+json", 400, "invalidValue"},
		{"wrong type", map[string]any{"userName": "x", "active": 3}, "application/scim+json", 400, "invalidValue"},
		{"plain json accepted", map[string]any{"userName": "plain"}, "application/json", 201, ""},
		{"json with charset accepted", map[string]any{"userName": "cs"}, "application/scim+json; charset=utf-8", 201, ""},
		{"form body refused", "userName=x", "application/x-www-form-urlencoded", 415, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			r := e.do("POST", e.scim("/Users"), tt.body, withHeader("Content-Type", tt.ct))
			require.Equal(t, tt.status, r.Status, r.String())
			assert.Equal(t, "application/scim+json", r.Header.Get("Content-Type"))
			if tt.status >= 400 {
				assert.Equal(t, tt.scimType, r.get("scimType").String())
			}
		})
	}
}

func TestBodyCap(t *testing.T) {
	e := newEnv(t)
	big := `{"userName":"x","displayName":"` + strings.Repeat("a", int(DefaultMaxBody)) + `"}`
	r := e.do("POST", e.scim("/Users"), big)
	require.Equal(t, http.StatusRequestEntityTooLarge, r.Status)
	assert.Equal(t, "413", r.get("status").String())
	r = e.do("PATCH", e.scim("/Users/x"), big)
	assert.Equal(t, http.StatusRequestEntityTooLarge, r.Status)
}

func TestUserNameUniqueCaseInsensitive(t *testing.T) {
	e := newEnv(t)
	id := e.createUser("Alice")
	for _, name := range []string{"Alice", "alice", "ALICE"} {
		r := e.do("POST", e.scim("/Users"), user(name))
		require.Equal(t, http.StatusConflict, r.Status, name)
		assert.Equal(t, "uniqueness", r.get("scimType").String())
		assert.Equal(t, "409", r.get("status").String())
	}
	other := e.createUser("bob")
	// PUT and PATCH cannot take another user's name either, but may re-case their own.
	assert.Equal(t, http.StatusConflict, e.do("PUT", e.scim("/Users/"+other), user("aLiCe")).Status)
	assert.Equal(t, http.StatusConflict, e.patch(e.scim("/Users/"+other), op("replace", "userName", "alice")).Status)
	assert.Equal(t, http.StatusOK, e.patch(e.scim("/Users/"+id), op("replace", "userName", "ALICE")).Status)
}

func TestGetUser(t *testing.T) {
	e := newEnv(t)
	id := e.createUser("alice")
	r := e.do("GET", e.scim("/Users/"+id), nil)
	require.Equal(t, http.StatusOK, r.Status)
	assert.Equal(t, `W/"1"`, r.Header.Get("ETag"))
	assert.Equal(t, "alice", r.get("userName").String())

	nm := e.do("GET", e.scim("/Users/"+id), nil, withHeader("If-None-Match", `W/"1"`))
	assert.Equal(t, http.StatusNotModified, nm.Status)
	assert.Empty(t, nm.Body)

	nf := e.do("GET", e.scim("/Users/nope"), nil)
	assert.Equal(t, http.StatusNotFound, nf.Status)
	assert.Equal(t, "404", nf.get("status").String())

	proj := e.do("GET", e.scim("/Users/"+id+"?attributes=userName"), nil)
	assert.True(t, proj.get("id").Exists())
	assert.True(t, proj.get("userName").Exists())
	assert.False(t, proj.get("emails").Exists())
	excl := e.do("GET", e.scim("/Users/"+id+"?excludedAttributes=emails,name.givenName"), nil)
	assert.False(t, excl.get("emails").Exists())
	assert.False(t, excl.get("name.givenName").Exists())
	assert.True(t, excl.get("name.familyName").Exists())
}

func TestPutUser(t *testing.T) {
	e := newEnv(t)
	id := e.createUser("alice")
	got := e.do("GET", e.scim("/Users/"+id), nil)
	// Okta's PUT: the GET body with changes, carrying id and meta (quirk 10).
	body := strings.Replace(got.String(), `"Given"`, `"Alicia"`, 1)
	body = strings.Replace(body, `"en-US"`, `"de-DE"`, 1)
	r := e.do("PUT", e.scim("/Users/"+id), body)
	require.Equal(t, http.StatusOK, r.Status, r.String())
	assert.Equal(t, id, r.get("id").String())
	assert.Equal(t, "Alicia", r.get("name.givenName").String())
	assert.Equal(t, `W/"2"`, r.Header.Get("ETag"))
	assert.Equal(t, got.get("meta.created").String(), r.get("meta.created").String())
	acct := e.account("alice").Array()[0]
	assert.Equal(t, "Alicia", acct.Get("givenName").String())
	assert.Equal(t, "de-DE", acct.Get("locale").String())

	// replace drops what the body leaves out
	r = e.do("PUT", e.scim("/Users/"+id), map[string]any{"userName": "alice", "active": false})
	require.Equal(t, http.StatusOK, r.Status)
	assert.False(t, r.get("emails").Exists())
	assert.Equal(t, "deactivated", e.account("alice").Array()[0].Get("status").String())

	// the contract's readOnly rule (scim_resources.go checkReplace): the
	// resource's own id is accepted, another id is a write → 400 mutability
	r = e.do("PUT", e.scim("/Users/"+id), map[string]any{"id": "other", "userName": "alice"})
	assert.Equal(t, http.StatusBadRequest, r.Status, r.String())
	assert.Equal(t, "mutability", r.get("scimType").String())
	assert.Equal(t, id, e.do("GET", e.scim("/Users/"+id), nil).get("id").String())
	r = e.do("PUT", e.scim("/Users/"+id), map[string]any{"id": id, "userName": "alice", "meta": map[string]any{"resourceType": "User"}})
	assert.Equal(t, http.StatusOK, r.Status, r.String())

	assert.Equal(t, http.StatusNotFound, e.do("PUT", e.scim("/Users/nope"), user("x")).Status)
	assert.Equal(t, http.StatusPreconditionFailed, e.do("PUT", e.scim("/Users/"+id), user("alice"), withHeader("If-Match", `W/"1"`)).Status)
	assert.Equal(t, http.StatusOK, e.do("PUT", e.scim("/Users/"+id), user("alice"), withHeader("If-Match", `W/"4"`)).Status)
}

func TestPatchUser(t *testing.T) {
	e := newEnv(t)
	id := e.createUser("alice")
	tests := []struct {
		name     string
		ops      []map[string]any
		status   int
		scimType string
		path     string
		want     any
	}{
		{"replace path", []map[string]any{op("replace", "displayName", "New")}, 200, "", "displayName", "New"},
		{"value filter path", []map[string]any{op("replace", `emails[type eq "work"].value`, "w@x.com")}, 200, "", "emails.0.value", "w@x.com"},
		{"readOnly id", []map[string]any{op("replace", "id", "x")}, 400, "mutability", "", nil},
		{"bad path", []map[string]any{op("replace", "emails[type eq", "x")}, 400, "invalidPath", "", nil},
		{"remove no path", []map[string]any{op("remove", "", nil)}, 400, "noTarget", "", nil},
		{"all or nothing", []map[string]any{op("replace", "displayName", "Partial"), op("replace", "id", "x")}, 400, "mutability", "displayName", "New"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.patch(e.scim("/Users/"+id), tt.ops...)
			require.Equal(t, tt.status, r.Status, r.String())
			if tt.scimType != "" {
				assert.Equal(t, tt.scimType, r.get("scimType").String())
			}
			if tt.path != "" {
				g := e.do("GET", e.scim("/Users/"+id), nil)
				assert.Equal(t, tt.want, g.get(tt.path).Value())
			}
		})
	}
	assert.Equal(t, "w@x.com", e.account("alice").Array()[0].Get("email").String())
	assert.Equal(t, http.StatusNotFound, e.patch(e.scim("/Users/nope"), op("replace", "displayName", "x")).Status)
	assert.Equal(t, http.StatusBadRequest, e.do("PATCH", e.scim("/Users/"+id), "{").Status)
}

func TestDeleteUserKeepsAccountAndReactivates(t *testing.T) {
	e := newEnv(t)
	id := e.createUser("alice")
	gid := e.createGroup("Team", id)
	aid := e.account("alice").Array()[0].Get("id").String()

	require.Equal(t, http.StatusNoContent, e.do("DELETE", e.scim("/Users/"+id), nil).Status)
	assert.Equal(t, http.StatusNotFound, e.do("GET", e.scim("/Users/"+id), nil).Status)
	assert.Equal(t, http.StatusNotFound, e.do("DELETE", e.scim("/Users/"+id), nil).Status)
	assert.EqualValues(t, 0, e.do("GET", e.scim("/Users"), nil).get("totalResults").Int())
	assert.EqualValues(t, 0, e.do("GET", e.filterPath("Users", `userName eq "alice"`), nil).get("totalResults").Int())
	g := e.do("GET", e.scim("/Groups/"+gid), nil)
	assert.False(t, g.get("members").Exists(), "expected the deleted user gone from the group, got %s", g.get("members"))

	accts := e.account("alice").Array()
	require.Len(t, accts, 1, "expected the Cantara account to remain")
	assert.Equal(t, "deactivated", accts[0].Get("status").String())
	assert.Empty(t, accts[0].Get("groups").Array())

	r := e.do("POST", e.scim("/Users"), user("ALICE"))
	require.Equal(t, http.StatusCreated, r.Status, r.String())
	accts = e.account("alice").Array()
	require.Len(t, accts, 1, "expected the same account reactivated, not a new one")
	assert.Equal(t, aid, accts[0].Get("id").String())
	assert.Equal(t, "active", accts[0].Get("status").String())
	assert.Equal(t, r.get("id").String(), accts[0].Get("scimId").String())
	assert.Equal(t, "ALICE", accts[0].Get("userName").String())
}

func TestMethodsAndPaths(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		method, path string
		status       int
	}{
		{"DELETE", "/Users", 405},
		{"PUT", "/Groups", 405},
		{"GET", "/Users/.search", 405},
		{"POST", "/ServiceProviderConfig", 405},
		{"GET", "/Nope", 404},
		{"GET", "/Users/a/b", 404},
		{"GET", "", 404},
		{"GET", "/users", 200},
		{"GET", "/Users/", 200},
	}
	for _, tt := range tests {
		t.Run(tt.method+tt.path, func(t *testing.T) {
			r := e.do(tt.method, e.scim(tt.path), nil)
			assert.Equal(t, tt.status, r.Status, r.String())
			assert.Equal(t, "application/scim+json", r.Header.Get("Content-Type"))
		})
	}
	assert.Equal(t, http.StatusNotFound, e.do("GET", "/elsewhere", nil).Status)
}
