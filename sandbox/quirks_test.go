package sandbox

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestIdPQuirks feeds each payload of idp-dialects.md "Quirks every target
// must survive" through HTTP and checks the sandbox accepts it.
func TestIdPQuirks(t *testing.T) {
	type fixture struct {
		e     *env
		user  string
		alice string
		bob   string
		group string
	}
	setup := func(t *testing.T) fixture {
		e := newEnv(t)
		f := fixture{e: e, alice: e.createUser("alice"), bob: e.createUser("bob")}
		f.user = f.alice
		f.group = e.createGroup("Team", f.alice, f.bob)
		return f
	}
	tests := []struct {
		name string
		run  func(t *testing.T, f fixture)
	}{
		{"1 op names in any case", func(t *testing.T, f fixture) {
			r := f.e.do("PATCH", f.e.scim("/Users/"+f.user), `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
				"Operations":[{"op":"Replace","path":"displayName","value":"R"},{"op":"Add","path":"title","value":"Dr"},{"op":"REMOVE","path":"locale"}]}`)
			require.Equal(t, http.StatusOK, r.Status, r.String())
			assert.Equal(t, "R", r.get("displayName").String())
			assert.Equal(t, "Dr", r.get("title").String())
			assert.False(t, r.get("locale").Exists())
		}},
		{"2 booleans as strings (Entra deactivation)", func(t *testing.T, f fixture) {
			for _, v := range []string{"False", "false", "True"} {
				r := f.e.do("PATCH", f.e.scim("/Users/"+f.user), `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
					"Operations":[{"op":"Replace","path":"active","value":"`+v+`"}]}`)
				require.Equal(t, http.StatusOK, r.Status, r.String())
				assert.Equal(t, v == "True", r.get("active").Bool(), v)
			}
			r := f.e.do("POST", f.e.scim("/Users"), `{"userName":"carol","active":"true"}`)
			require.Equal(t, http.StatusCreated, r.Status, r.String())
			assert.Equal(t, true, r.get("active").Value())
		}},
		{"3 filter spaces as + or %20, operators in any case", func(t *testing.T, f fixture) {
			for _, q := range []string{`userName+eq+%22alice%22`, `userName%20eq%20%22alice%22`, `username+Eq+%22alice%22`, `userName+EQ+%22ALICE%22`} {
				r := f.e.do("GET", f.e.scim("/Users?filter="+q+"&startIndex=1&count=100"), nil)
				require.Equal(t, http.StatusOK, r.Status, r.String())
				assert.EqualValues(t, 1, r.get("totalResults").Int(), q)
			}
		}},
		{"4 no-path replace with dotted keys and extension URNs", func(t *testing.T, f fixture) {
			r := f.e.do("PATCH", f.e.scim("/Users/"+f.user), `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
				"Operations":[{"op":"replace","value":{"active":false,"name.givenName":"Ally",
				"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department":"R&D"}}]}`)
			require.Equal(t, http.StatusOK, r.Status, r.String())
			assert.False(t, r.get("active").Bool())
			assert.Equal(t, "Ally", r.get("name.givenName").String())
			assert.Equal(t, "R&D", r.get(`urn:ietf:params:scim:schemas:extension:enterprise:2\.0:User.department`).String())
			acct := f.e.account("alice").Array()[0]
			assert.Equal(t, "deactivated", acct.Get("status").String())
			assert.Equal(t, "Ally", acct.Get("givenName").String())
		}},
		{"5 Add on a value-filtered path that does not exist yet", func(t *testing.T, f fixture) {
			r := f.e.do("PATCH", f.e.scim("/Users/"+f.user), `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
				"Operations":[{"op":"Add","path":"phoneNumbers[type eq \"mobile\"].value","value":"+49 1"}]}`)
			require.Equal(t, http.StatusOK, r.Status, r.String())
			assert.Equal(t, "+49 1", r.get(`phoneNumbers.#(type=="mobile").value`).String())
		}},
		{"6a member removal by value filter", func(t *testing.T, f fixture) {
			r := f.e.do("PATCH", f.e.scim("/Groups/"+f.group), `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
				"Operations":[{"op":"remove","path":"members[value eq \"`+f.alice+`\"]"}]}`)
			require.Equal(t, http.StatusOK, r.Status, r.String())
			assert.Equal(t, []any{f.bob}, r.get("members.#.value").Value())
		}},
		{"6b bare remove with a value array removes only those", func(t *testing.T, f fixture) {
			r := f.e.do("PATCH", f.e.scim("/Groups/"+f.group), `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
				"Operations":[{"op":"Remove","path":"members","value":[{"value":"`+f.alice+`"}]}]}`)
			require.Equal(t, http.StatusOK, r.Status, r.String())
			assert.Equal(t, []any{f.bob}, r.get("members.#.value").Value())
		}},
		{"7 repeated add of an existing member is 2xx", func(t *testing.T, f fixture) {
			for range 2 {
				r := f.e.do("PATCH", f.e.scim("/Groups/"+f.group), `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
					"Operations":[{"op":"Add","path":"members","value":[{"$ref":null,"value":"`+f.alice+`"}]}]}`)
				require.Equal(t, http.StatusOK, r.Status, r.String())
				assert.Len(t, r.get("members").Array(), 2)
			}
		}},
		{"8 enterprise manager as a plain string", func(t *testing.T, f fixture) {
			r := f.e.do("POST", f.e.scim("/Users"), `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
				"userName":"dave","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"manager":"`+f.alice+`"}}`)
			require.Equal(t, http.StatusCreated, r.Status, r.String())
			assert.Equal(t, f.alice, r.get(`urn:ietf:params:scim:schemas:extension:enterprise:2\.0:User.manager.value`).String())
			p := f.e.do("PATCH", f.e.scim("/Users/"+r.get("id").String()), `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
				"Operations":[{"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":"`+f.bob+`"}]}`)
			require.Equal(t, http.StatusOK, p.Status, p.String())
			assert.Equal(t, f.bob, p.get(`urn:ietf:params:scim:schemas:extension:enterprise:2\.0:User.manager.value`).String())
		}},
		{"9 missing or empty User-Agent", func(t *testing.T, f fixture) {
			r := f.e.do("GET", f.e.scim("/Users"), nil, withHeader("User-Agent", ""))
			assert.Equal(t, http.StatusOK, r.Status)
		}},
		{"10 Okta PUT carries id and meta from the GET", func(t *testing.T, f fixture) {
			got := f.e.do("GET", f.e.scim("/Users/"+f.user), nil)
			r := f.e.do("PUT", f.e.scim("/Users/"+f.user), got.Body)
			require.Equal(t, http.StatusOK, r.Status, r.String())
			assert.Equal(t, f.user, r.get("id").String())
			assert.Equal(t, `W/"2"`, r.get("meta.version").String())
		}},
		{"Entra add members answers with the group (200 accepted by RFC)", func(t *testing.T, f fixture) {
			carol := f.e.createUser("carol")
			r := f.e.do("PATCH", f.e.scim("/Groups/"+f.group), `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
				"Operations":[{"op":"Add","path":"members","value":[{"$ref":null,"value":"`+carol+`"}]}]}`,
				withHeader("Content-Type", "application/scim+json; charset=utf-8"))
			require.Equal(t, http.StatusOK, r.Status, r.String())
			assert.Len(t, r.get("members").Array(), 3)
		}},
		{"Okta full push replaces members with an empty list", func(t *testing.T, f fixture) {
			r := f.e.do("PATCH", f.e.scim("/Groups/"+f.group), `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
				"Operations":[{"op":"replace","path":"members","value":[]}]}`)
			require.Equal(t, http.StatusOK, r.Status, r.String())
			assert.False(t, r.get("members").Exists())
		}},
		{"Okta rename with a no-path value object carrying id", func(t *testing.T, f fixture) {
			r := f.e.do("PATCH", f.e.scim("/Groups/"+f.group), `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
				"Operations":[{"op":"replace","value":{"id":"`+f.group+`","displayName":"Renamed"}}]}`)
			require.Equal(t, http.StatusOK, r.Status, r.String())
			assert.Equal(t, "Renamed", r.get("displayName").String())
		}},
		{"Entra test connection: random GUID filter is 200 empty", func(t *testing.T, f fixture) {
			r := f.e.do("GET", f.e.filterPath("Users", `userName eq "6f1b0c44-9a8f-4f2a-8d2e-0d1c3b2a1f00"`), nil)
			require.Equal(t, http.StatusOK, r.Status)
			assert.EqualValues(t, 0, r.get("totalResults").Int())
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.run(t, setup(t)) })
	}
}
