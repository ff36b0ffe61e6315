package sandbox

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestGroupLifecycle(t *testing.T) {
	e := newEnv(t)
	alice, bob := e.createUser("alice"), e.createUser("bob")

	r := e.do("POST", e.scim("/Groups"), map[string]any{"displayName": "Eng", "externalId": "g-1",
		"members": []any{map[string]any{"value": alice}, map[string]any{"value": alice, "display": "dup"}}})
	require.Equal(t, http.StatusCreated, r.Status, r.String())
	gid := r.get("id").String()
	assert.Equal(t, "http://sandbox.test/scim/v2/acme/Groups/"+gid, r.Header.Get("Location"))
	assert.Equal(t, "Group", r.get("meta.resourceType").String())
	require.Len(t, r.get("members").Array(), 1, "expected duplicate members collapsed")
	assert.Equal(t, alice, r.get("members.0.value").String())
	assert.Equal(t, "Display alice", r.get("members.0.display").String())
	assert.Equal(t, "http://sandbox.test/scim/v2/acme/Users/"+alice, r.get("members.0.$ref").String())

	// the user shows its group
	u := e.do("GET", e.scim("/Users/"+alice), nil)
	assert.Equal(t, gid, u.get("groups.0.value").String())
	assert.Equal(t, "Eng", u.get("groups.0.display").String())

	// PATCH add bob, rename
	p := e.patch(e.scim("/Groups/"+gid), op("add", "members", []any{map[string]any{"value": bob}}), op("replace", "displayName", "Engineering"))
	require.Equal(t, http.StatusOK, p.Status, p.String())
	assert.Len(t, p.get("members").Array(), 2)
	assert.Equal(t, "Engineering", p.get("displayName").String())
	assert.ElementsMatch(t, []any{"Engineering"}, e.account("bob").Array()[0].Get("groups").Value())

	// unknown member id
	bad := e.patch(e.scim("/Groups/"+gid), op("add", "members", []any{map[string]any{"value": "ghost"}}))
	require.Equal(t, http.StatusBadRequest, bad.Status)
	assert.Equal(t, "invalidValue", bad.get("scimType").String())
	bad = e.do("POST", e.scim("/Groups"), map[string]any{"displayName": "X", "members": []any{map[string]any{"value": "ghost"}}})
	assert.Equal(t, http.StatusBadRequest, bad.Status)
	assert.Equal(t, http.StatusBadRequest, e.do("POST", e.scim("/Groups"), map[string]any{"members": []any{}}).Status)

	// excludedAttributes=members (Entra's group read)
	l := e.do("GET", e.filterPath("Groups", `displayName eq "engineering"`)+"&excludedAttributes=members", nil)
	require.EqualValues(t, 1, l.get("totalResults").Int(), l.String())
	assert.False(t, l.get("Resources.0.members").Exists())

	// PUT replaces the member list
	put := e.do("PUT", e.scim("/Groups/"+gid), map[string]any{"displayName": "Engineering", "members": []any{map[string]any{"value": bob}}})
	require.Equal(t, http.StatusOK, put.Status, put.String())
	assert.Equal(t, []any{bob}, put.get("members.#.value").Value())
	adm := e.do("GET", e.admin("/groups"), nil)
	bobAcct := e.account("bob").Array()[0].Get("id").String()
	assert.Equal(t, []any{bobAcct}, adm.get("groups.0.members").Value())
	assert.Empty(t, e.account("alice").Array()[0].Get("groups").Array())

	// deleting a member user removes it from the group everywhere
	require.Equal(t, http.StatusNoContent, e.do("DELETE", e.scim("/Users/"+bob), nil).Status)
	assert.False(t, e.do("GET", e.scim("/Groups/"+gid), nil).get("members").Exists())
	assert.Empty(t, e.do("GET", e.admin("/groups"), nil).get("groups.0.members").Array())

	// group delete
	require.Equal(t, http.StatusNoContent, e.do("DELETE", e.scim("/Groups/"+gid), nil).Status)
	assert.Equal(t, http.StatusNotFound, e.do("GET", e.scim("/Groups/"+gid), nil).Status)
	assert.Empty(t, e.do("GET", e.admin("/groups"), nil).get("groups").Array())
	assert.False(t, e.do("GET", e.scim("/Users/"+alice), nil).get("groups").Exists())
}
