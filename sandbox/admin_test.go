package sandbox

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAdminAuth(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct {
		name string
		opt  reqOpt
	}{
		{"missing", withToken("")},
		{"wrong", withToken("nope")},
		{"provisioning token", withToken(e.token)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := e.do("GET", adminPrefix+"/tenants", nil, tc.opt)
			assert.Equal(t, http.StatusUnauthorized, r.Status)
			assert.Equal(t, "unauthorized", r.get("error").String())
			assert.NotEmpty(t, r.get("detail").String())
			assert.Contains(t, r.Header.Get("WWW-Authenticate"), "Bearer")
		})
	}
}

func TestAdminTenants(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		name   string
		method string
		path   string
		body   any
		status int
		check  func(t *testing.T, r resp)
	}{
		{"list", "GET", "/tenants", nil, 200, func(t *testing.T, r resp) {
			assert.Equal(t, "acme", r.get("tenants.0.id").String())
			assert.Equal(t, "Acme", r.get("tenants.0.name").String())
		}},
		{"create with generated id", "POST", "/tenants", map[string]any{"name": "Beta"}, 201, func(t *testing.T, r resp) {
			assert.NotEmpty(t, r.get("id").String())
			assert.Equal(t, "Beta", r.get("name").String())
			_, err := time.Parse(time.RFC3339, r.get("createdAt").String())
			assert.NoError(t, err)
		}},
		{"create with id", "POST", "/tenants", map[string]any{"name": "Gamma", "id": "gamma"}, 201, func(t *testing.T, r resp) {
			assert.Equal(t, "gamma", r.get("id").String())
		}},
		{"duplicate id", "POST", "/tenants", map[string]any{"name": "Acme2", "id": "acme"}, 409, nil},
		{"missing name", "POST", "/tenants", map[string]any{"id": "x"}, 400, nil},
		{"bad id", "POST", "/tenants", map[string]any{"name": "x", "id": "a/b"}, 400, nil},
		{"malformed", "POST", "/tenants", "{", 400, func(t *testing.T, r resp) {
			assert.Equal(t, "invalid_request", r.get("error").String())
		}},
		{"get", "GET", "/tenants/acme", nil, 200, func(t *testing.T, r resp) {
			assert.Equal(t, "Acme", r.get("name").String())
		}},
		{"get unknown", "GET", "/tenants/nope", nil, 404, func(t *testing.T, r resp) {
			assert.Equal(t, "not_found", r.get("error").String())
		}},
		{"unknown path", "GET", "/nothing", nil, 404, nil},
		{"wrong method", "DELETE", "/tenants", nil, 405, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.do(tt.method, adminPrefix+tt.path, tt.body)
			require.Equal(t, tt.status, r.Status, r.String())
			assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
			if tt.status >= 400 {
				assert.NotEmpty(t, r.get("error").String())
				assert.NotEmpty(t, r.get("detail").String())
			}
			if tt.check != nil {
				tt.check(t, r)
			}
		})
	}
}

func TestAdminProvisioningTokens(t *testing.T) {
	e := newEnv(t)
	// default expiry, body optional
	r := e.do("POST", e.admin("/provisioning-tokens"), nil)
	require.Equal(t, http.StatusCreated, r.Status, r.String())
	tok := r.get("token").String()
	id := r.get("id").String()
	assert.Equal(t, testStart.Add(30*24*time.Hour).Format(time.RFC3339), r.get("expiresAt").String())
	assert.Equal(t, testStart.Format(time.RFC3339), r.get("createdAt").String())
	assert.Equal(t, http.StatusOK, e.do("GET", e.scim("/Users"), nil, withToken(tok)).Status)

	expiryCases := []struct {
		name    string
		expires string
		status  int
	}{
		{"custom", testStart.Add(48 * time.Hour).Format(time.RFC3339), 201},
		{"past", testStart.Add(-time.Minute).Format(time.RFC3339), 400},
		{"over 366 days", testStart.Add(367 * 24 * time.Hour).Format(time.RFC3339), 400},
		{"not RFC 3339", "tomorrow", 400},
	}
	for _, c := range expiryCases {
		t.Run(c.name, func(t *testing.T) {
			r := e.do("POST", e.admin("/provisioning-tokens"), map[string]any{"expiresAt": c.expires})
			require.Equal(t, c.status, r.Status, r.String())
			if c.status == 400 {
				assert.Equal(t, "invalid_expiry", r.get("error").String())
			} else {
				assert.Equal(t, c.expires, r.get("expiresAt").String())
			}
		})
	}

	// listing: hint, status, never the token or its hash
	e.sb.Clock().Advance(72 * time.Hour) // the 48h token is now expired
	l := e.do("GET", e.admin("/provisioning-tokens"), nil)
	require.Equal(t, http.StatusOK, l.Status)
	items := l.get("tokens").Array()
	require.Len(t, items, 3)
	statuses := map[string]int{}
	for _, it := range items {
		assert.False(t, it.Get("token").Exists(), "expected no secret in the listing")
		assert.Len(t, it.Get("hint").String(), 4)
		assert.NotContains(t, l.String(), tok)
		statuses[it.Get("status").String()]++
		for _, k := range []string{"id", "createdAt", "expiresAt"} {
			assert.True(t, it.Get(k).Exists(), "expected %s in listing", k)
		}
	}
	assert.Equal(t, map[string]int{"active": 2, "expired": 1}, statuses)
	assert.Equal(t, tok[len(tok)-4:], items[1].Get("hint").String())

	// delete: 204, stops at once, gone from the listing, second delete 404
	require.Equal(t, http.StatusNoContent, e.do("DELETE", e.admin("/provisioning-tokens/"+id), nil).Status)
	assert.Equal(t, http.StatusUnauthorized, e.do("GET", e.scim("/Users"), nil, withToken(tok)).Status)
	assert.Len(t, e.do("GET", e.admin("/provisioning-tokens"), nil).get("tokens").Array(), 2)
	assert.Equal(t, http.StatusNotFound, e.do("DELETE", e.admin("/provisioning-tokens/"+id), nil).Status)
	assert.Equal(t, http.StatusNotFound, e.do("POST", adminPrefix+"/tenants/nope/provisioning-tokens", nil).Status)
}

func TestAdminClock(t *testing.T) {
	e := newEnv(t)
	r := e.do("GET", adminPrefix+"/clock", nil)
	require.Equal(t, http.StatusOK, r.Status)
	assert.Equal(t, testStart.Format(time.RFC3339), r.get("now").String())
	r = e.do("POST", adminPrefix+"/clock", map[string]any{"advance": "720h"})
	require.Equal(t, http.StatusOK, r.Status, r.String())
	assert.Equal(t, testStart.Add(720*time.Hour).Format(time.RFC3339), r.get("now").String())
	assert.Equal(t, http.StatusUnauthorized, e.do("GET", e.scim("/Users"), nil).Status, "expected the 30-day token expired")
	assert.Equal(t, http.StatusBadRequest, e.do("POST", adminPrefix+"/clock", map[string]any{"advance": "a while"}).Status)
}

func TestAdminAccounts(t *testing.T) {
	e := newEnv(t)
	scimID := e.createUser("Alice@Example.com")
	gid := e.createGroup("Engineers", scimID)

	accts := e.account("alice@example.COM")
	require.Len(t, accts.Array(), 1, "expected a case-insensitive userName match")
	a := accts.Array()[0]
	want := map[string]any{
		"scimId": scimID, "userName": "Alice@Example.com", "externalId": "ext-Alice@Example.com",
		"displayName": "Display Alice@Example.com", "givenName": "Given", "familyName": "Family",
		"email": "Alice@Example.com@example.com", "phone": "+1 555 0100", "locale": "en-US",
		"accountSource": "SCIM", "status": "active", "readOnly": true,
	}
	for k, v := range want {
		assert.Equal(t, v, a.Get(k).Value(), "account field %s", k)
	}
	assert.Equal(t, []any{"Engineers"}, a.Get("groups").Value())
	aid := a.Get("id").String()

	r := e.do("GET", e.admin("/accounts/"+aid), nil)
	require.Equal(t, http.StatusOK, r.Status)
	assert.Equal(t, scimID, r.get("scimId").String())
	assert.Equal(t, http.StatusNotFound, e.do("GET", e.admin("/accounts/nope"), nil).Status)

	// admin PATCH of a SCIM account: 409 read_only, nothing changed
	before := e.do("GET", e.admin("/accounts/"+aid), nil).Body
	p := e.do("PATCH", e.admin("/accounts/"+aid), map[string]any{"givenName": "Mallory"})
	require.Equal(t, http.StatusConflict, p.Status, p.String())
	assert.Equal(t, "read_only", p.get("error").String())
	assert.JSONEq(t, string(before), string(e.do("GET", e.admin("/accounts/"+aid), nil).Body))

	// Local account: created, editable
	l := e.do("POST", e.admin("/accounts"), map[string]any{"userName": "bob", "displayName": "Bob", "givenName": "Bob", "familyName": "B", "email": "bob@example.com"})
	require.Equal(t, http.StatusCreated, l.Status, l.String())
	assert.Equal(t, "Local", l.get("accountSource").String())
	assert.Equal(t, "", l.get("scimId").String())
	assert.False(t, l.get("readOnly").Bool())
	assert.Equal(t, "active", l.get("status").String())
	lid := l.get("id").String()
	p = e.do("PATCH", e.admin("/accounts/"+lid), map[string]any{"givenName": "Robert", "phone": "+1"})
	require.Equal(t, http.StatusOK, p.Status, p.String())
	assert.Equal(t, "Robert", p.get("givenName").String())
	assert.Equal(t, "+1", p.get("phone").String())
	assert.Equal(t, "bob@example.com", p.get("email").String())

	badCases := []struct {
		name   string
		method string
		path   string
		body   any
		status int
	}{
		{"local without userName", "POST", "/accounts", map[string]any{"displayName": "x"}, 400},
		{"local duplicate userName", "POST", "/accounts", map[string]any{"userName": "BOB"}, 409},
		{"unknown field", "PATCH", "/accounts/" + lid, map[string]any{"accountSource": "SCIM"}, 400},
		{"bad status", "PATCH", "/accounts/" + lid, map[string]any{"status": "gone"}, 400},
		{"unknown account", "PATCH", "/accounts/nope", map[string]any{"givenName": "x"}, 404},
	}
	for _, c := range badCases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.status, e.do(c.method, e.admin(c.path), c.body).Status)
		})
	}

	all := e.do("GET", e.admin("/accounts"), nil)
	assert.Len(t, all.get("accounts").Array(), 2)

	// groups view: scimId and member account ids
	g := e.do("GET", e.admin("/groups"), nil)
	require.Equal(t, http.StatusOK, g.Status)
	assert.Equal(t, gid, g.get("groups.0.scimId").String())
	assert.Equal(t, "Engineers", g.get("groups.0.displayName").String())
	assert.Equal(t, []any{aid}, g.get("groups.0.members").Value())
	assert.NotEmpty(t, g.get("groups.0.id").String())
}

func TestAdminBodyTooLarge(t *testing.T) {
	e := newEnv(t)
	big := `{"name":"` + string(make([]byte, DefaultMaxBody)) + `"}`
	r := e.do("POST", adminPrefix+"/tenants", big)
	assert.Equal(t, http.StatusRequestEntityTooLarge, r.Status)
	assert.Equal(t, "too_large", r.get("error").String())
}
