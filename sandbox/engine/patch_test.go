package engine

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// patchBody wraps operations in a PatchOp envelope.
func patchBody(ops string) []byte {
	return []byte(`{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[` + ops + `]}`)
}

func mustPatch(t *testing.T, rs ResourceSchema, r Resource, body []byte, opt PatchOptions) Resource {
	t.Helper()
	out, err := ApplyPatch(rs, r, body, opt)
	require.Nil(t, err, "patch %s", body)
	require.NotNil(t, out)
	return out
}

func memberIDs(r Resource) []string {
	var ids []string
	list, _ := asList(r["members"])
	for _, e := range list {
		ids = append(ids, e.(map[string]any)["value"].(string))
	}
	return ids
}

func emailsOf(r Resource) []any {
	list, _ := asList(r["emails"])
	return list
}

// TestPatchIdPQuirks feeds the payloads documented in idp-dialects.md
// ("Quirks every target must survive").
func TestPatchIdPQuirks(t *testing.T) {
	users, groups := UserResource(), GroupResource()
	cases := []patchCase{
		{"1 op names in any case: Replace", users, sampleUser,
			`{"op":"Replace","path":"displayName","value":"B. Jensen"}`,
			func(t *testing.T, out Resource) { assert.Equal(t, "B. Jensen", out["displayName"]) }},
		{"1 op names in any case: ADD and REMOVE", users, sampleUser,
			`{"op":"ADD","path":"nickName","value":"Babs"},{"op":"REMOVE","path":"title"}`,
			func(t *testing.T, out Resource) {
				assert.Equal(t, "Babs", out["nickName"])
				assert.NotContains(t, out, "title")
			}},
		{"2 Entra deactivate with string False", users, sampleUser,
			`{"op":"Replace","path":"active","value":"False"}`,
			func(t *testing.T, out Resource) { assert.Equal(t, false, out["active"]) }},
		{"2 lower-case string false", users, sampleUser,
			`{"op":"replace","path":"active","value":"false"}`,
			func(t *testing.T, out Resource) { assert.Equal(t, false, out["active"]) }},
		{"2 string True", users, func() Resource { u := sampleUser(); u["active"] = false; return u },
			`{"op":"Replace","path":"active","value":"True"}`,
			func(t *testing.T, out Resource) { assert.Equal(t, true, out["active"]) }},
		{"2 string boolean inside value object", users, sampleUser,
			`{"op":"replace","value":{"active":"False"}}`,
			func(t *testing.T, out Resource) { assert.Equal(t, false, out["active"]) }},
		{"4 Okta deactivate: replace without path", users, sampleUser,
			`{"op":"replace","value":{"active":false}}`,
			func(t *testing.T, out Resource) { assert.Equal(t, false, out["active"]) }},
		{"4 Entra compliant: dotted keys and extension URN keys", users, sampleUser,
			`{"op":"replace","value":{"displayName":"Barb","name.givenName":"Barb","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department":"Sales","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager":"m2"}}`,
			func(t *testing.T, out Resource) {
				assert.Equal(t, "Barb", out["displayName"])
				name := out["name"].(map[string]any)
				assert.Equal(t, "Barb", name["givenName"])
				assert.Equal(t, "Jensen", name["familyName"], "other name parts kept")
				ext := out[EnterpriseUserSchema].(map[string]any)
				assert.Equal(t, "Sales", ext["department"])
				assert.Equal(t, "m2", ext["manager"].(map[string]any)["value"])
				assert.Equal(t, "701984", ext["employeeNumber"])
			}},
		{"4 no-path value with an extension URN key holding an object", users, func() Resource {
			u := sampleUser()
			delete(u, EnterpriseUserSchema)
			u["schemas"] = []any{UserSchema}
			return u
		},
			`{"op":"add","value":{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Ops","manager":{"value":"m3"}}}}`,
			func(t *testing.T, out Resource) {
				ext := out[EnterpriseUserSchema].(map[string]any)
				assert.Equal(t, "Ops", ext["department"])
				assert.Equal(t, map[string]any{"value": "m3"}, ext["manager"])
				assert.Equal(t, []any{UserSchema, EnterpriseUserSchema}, out["schemas"])
			}},
		{"4 no-path replace with a value-filter key creates the element", users, func() Resource {
			u := sampleUser()
			delete(u, "phoneNumbers")
			return u
		},
			`{"op":"replace","value":{"phoneNumbers[type eq \"work\"].value":"555-0100"}}`,
			func(t *testing.T, out Resource) {
				assert.Equal(t, []any{map[string]any{"type": "work", "value": "555-0100"}}, out["phoneNumbers"])
			}},
		{"5 Entra Add on a value-filtered path with no such element", users, func() Resource {
			u := sampleUser()
			u["emails"] = []any{map[string]any{"value": "babs@jensen.org", "type": "home"}}
			return u
		},
			`{"op":"Add","path":"emails[type eq \"work\"].value","value":"x@example.com"}`,
			func(t *testing.T, out Resource) {
				assert.Equal(t, []any{
					map[string]any{"value": "babs@jensen.org", "type": "home"},
					map[string]any{"type": "work", "value": "x@example.com"},
				}, out["emails"])
			}},
		{"5 Add on a value-filtered path with an existing element updates it", users, sampleUser,
			`{"op":"Add","path":"emails[type eq \"work\"].value","value":"new@example.com"}`,
			func(t *testing.T, out Resource) {
				e := emailsOf(out)
				require.Len(t, e, 2)
				assert.Equal(t, "new@example.com", e[0].(map[string]any)["value"])
				assert.Equal(t, true, e[0].(map[string]any)["primary"])
			}},
		{"5 Add creating an element from an and-filter", users, func() Resource { u := sampleUser(); delete(u, "phoneNumbers"); return u },
			`{"op":"Add","path":"phoneNumbers[type eq \"mobile\" and primary eq true].value","value":"555"}`,
			func(t *testing.T, out Resource) {
				assert.Equal(t, []any{map[string]any{"type": "mobile", "primary": true, "value": "555"}}, out["phoneNumbers"])
			}},
		{"6 Entra remove members by value array removes only those", groups, sampleGroup,
			`{"op":"Remove","path":"members","value":[{"value":"u1"}]}`,
			func(t *testing.T, out Resource) { assert.Equal(t, []string{"u2"}, memberIDs(out)) }},
		{"6 remove members by value filter", groups, sampleGroup,
			`{"op":"remove","path":"members[value eq \"u2\"]"}`,
			func(t *testing.T, out Resource) { assert.Equal(t, []string{"u1"}, memberIDs(out)) }},
		{"6 removing the last member leaves members unassigned", groups, sampleGroup,
			`{"op":"remove","path":"members[value eq \"u2\"]"},{"op":"Remove","path":"members","value":[{"value":"u1"}]}`,
			func(t *testing.T, out Resource) { assert.NotContains(t, out, "members") }},
		{"6 remove by value array naming an absent member is a no-op", groups, sampleGroup,
			`{"op":"Remove","path":"members","value":[{"value":"nobody"}]}`,
			func(t *testing.T, out Resource) { assert.Equal(t, []string{"u1", "u2"}, memberIDs(out)) }},
		{"7 Entra repeated add of an existing member is a no-op", groups, sampleGroup,
			`{"op":"Add","path":"members","value":[{"$ref":null,"value":"u1"}]}`,
			func(t *testing.T, out Resource) { assert.Equal(t, []string{"u1", "u2"}, memberIDs(out)) }},
		{"7 Okta add of new and existing members", groups, sampleGroup,
			`{"op":"add","path":"members","value":[{"value":"u3","display":"Carl"},{"value":"u2","display":"Mandy"}]}`,
			func(t *testing.T, out Resource) { assert.Equal(t, []string{"u1", "u2", "u3"}, memberIDs(out)) }},
		{"7 Entra add to a group without members", groups, func() Resource { g := sampleGroup(); delete(g, "members"); return g },
			`{"op":"Add","path":"members","value":[{"$ref":null,"value":"u9"}]}`,
			func(t *testing.T, out Resource) {
				assert.Equal(t, []any{map[string]any{"value": "u9"}}, out["members"])
			}},
		{"8 Entra manager as a plain string", users, sampleUser,
			`{"op":"Replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":"m9"}`,
			func(t *testing.T, out Resource) {
				assert.Equal(t, "m9", out[EnterpriseUserSchema].(map[string]any)["manager"].(map[string]any)["value"])
			}},
		{"8 Entra add manager to a user without the extension", users, func() Resource {
			u := sampleUser()
			delete(u, EnterpriseUserSchema)
			return u
		},
			`{"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":"m9"}`,
			func(t *testing.T, out Resource) {
				assert.Equal(t, map[string]any{"manager": map[string]any{"value": "m9"}}, out[EnterpriseUserSchema])
				assert.Contains(t, out["schemas"], EnterpriseUserSchema)
			}},
		{"Okta group rename carries the current id", groups, sampleGroup,
			`{"op":"replace","value":{"id":"g1","displayName":"Guides"}}`,
			func(t *testing.T, out Resource) {
				assert.Equal(t, "Guides", out["displayName"])
				assert.Equal(t, "g1", out["id"])
			}},
		{"Okta full push replaces members", groups, sampleGroup,
			`{"op":"replace","path":"members","value":[{"value":"u7"}]}`,
			func(t *testing.T, out Resource) { assert.Equal(t, []string{"u7"}, memberIDs(out)) }},
		{"Okta full push with an empty list", groups, sampleGroup,
			`{"op":"replace","path":"members","value":[]}`,
			func(t *testing.T, out Resource) { assert.NotContains(t, out, "members") }},
		{"Entra rename group", groups, sampleGroup,
			`{"op":"Replace","path":"displayName","value":"New Name"}`,
			func(t *testing.T, out Resource) { assert.Equal(t, "New Name", out["displayName"]) }},
		{"Entra several ops in one request", users, sampleUser,
			`{"op":"Replace","path":"name.familyName","value":"Smith"},{"op":"Replace","path":"emails[type eq \"work\"].value","value":"b@smith.com"},{"op":"Add","path":"locale","value":"de-DE"}`,
			func(t *testing.T, out Resource) {
				assert.Equal(t, "Smith", out["name"].(map[string]any)["familyName"])
				assert.Equal(t, "b@smith.com", emailsOf(out)[0].(map[string]any)["value"])
				assert.Equal(t, "de-DE", out["locale"])
			}},
		{"Entra remove manager", users, sampleUser,
			`{"op":"Remove","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager"}`,
			func(t *testing.T, out Resource) {
				assert.NotContains(t, out[EnterpriseUserSchema], "manager")
			}},
	}
	runPatchCases(t, cases)
}

func TestPatchSemantics(t *testing.T) {
	users, groups := UserResource(), GroupResource()
	cases := []patchCase{
		{"add simple attribute", users, sampleUser, `{"op":"add","path":"nickName","value":"Babs"}`,
			func(t *testing.T, out Resource) { assert.Equal(t, "Babs", out["nickName"]) }},
		{"add merges complex", users, sampleUser, `{"op":"add","path":"name","value":{"middleName":"J"}}`,
			func(t *testing.T, out Resource) {
				assert.Equal(t, "J", out["name"].(map[string]any)["middleName"])
				assert.Equal(t, "Barbara", out["name"].(map[string]any)["givenName"])
			}},
		{"add appends to a multi-valued attribute", users, sampleUser,
			`{"op":"add","path":"emails","value":[{"value":"o@x.org","type":"other"}]}`,
			func(t *testing.T, out Resource) { assert.Len(t, emailsOf(out), 3) }},
		{"add a single object to a multi-valued attribute", users, sampleUser,
			`{"op":"add","path":"emails","value":{"value":"o@x.org","type":"other"}}`,
			func(t *testing.T, out Resource) { assert.Len(t, emailsOf(out), 3) }},
		{"add a primary value clears the other primary", users, sampleUser,
			`{"op":"add","path":"emails","value":[{"value":"o@x.org","type":"other","primary":true}]}`,
			func(t *testing.T, out Resource) {
				e := emailsOf(out)
				assert.Equal(t, false, e[0].(map[string]any)["primary"])
				assert.Equal(t, true, e[2].(map[string]any)["primary"])
			}},
		{"replace a value filter element's primary clears others", users, sampleUser,
			`{"op":"replace","path":"emails[type eq \"home\"].primary","value":true}`,
			func(t *testing.T, out Resource) {
				e := emailsOf(out)
				assert.Equal(t, false, e[0].(map[string]any)["primary"])
				assert.Equal(t, true, e[1].(map[string]any)["primary"])
			}},
		{"add without path merges attributes", users, sampleUser,
			`{"op":"add","value":{"nickName":"B","emails":[{"value":"n@x.org"}]}}`,
			func(t *testing.T, out Resource) {
				assert.Equal(t, "B", out["nickName"])
				assert.Len(t, emailsOf(out), 3)
			}},
		{"replace without path replaces multi-valued attributes", users, sampleUser,
			`{"op":"replace","value":{"emails":[{"value":"n@x.org","type":"work"}]}}`,
			func(t *testing.T, out Resource) { assert.Len(t, emailsOf(out), 1) }},
		{"replace keeps unspecified sub-attributes", users, sampleUser,
			`{"op":"replace","path":"name","value":{"givenName":"Barb"}}`,
			func(t *testing.T, out Resource) {
				assert.Equal(t, map[string]any{"givenName": "Barb", "familyName": "Jensen", "formatted": "Ms. Barbara J Jensen"}, out["name"])
			}},
		{"replace a missing attribute adds it", users, sampleUser, `{"op":"replace","path":"nickName","value":"N"}`,
			func(t *testing.T, out Resource) { assert.Equal(t, "N", out["nickName"]) }},
		{"replace with null unassigns", users, sampleUser, `{"op":"replace","path":"title","value":null}`,
			func(t *testing.T, out Resource) { assert.NotContains(t, out, "title") }},
		{"replace a whole filtered element", users, sampleUser,
			`{"op":"replace","path":"emails[type eq \"home\"]","value":{"value":"h@x.org","type":"home"}}`,
			func(t *testing.T, out Resource) {
				assert.Equal(t, map[string]any{"value": "h@x.org", "type": "home"}, emailsOf(out)[1])
			}},
		{"attribute names in any case", users, sampleUser, `{"op":"replace","path":"NAME.GIVENNAME","value":"G"}`,
			func(t *testing.T, out Resource) { assert.Equal(t, "G", out["name"].(map[string]any)["givenName"]) }},
		{"core URN-prefixed path", users, sampleUser,
			`{"op":"replace","path":"urn:ietf:params:scim:schemas:core:2.0:User:userName","value":"new"}`,
			func(t *testing.T, out Resource) { assert.Equal(t, "new", out["userName"]) }},
		{"extension attribute path", users, sampleUser,
			`{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value","value":"m5"}`,
			func(t *testing.T, out Resource) {
				assert.Equal(t, "m5", out[EnterpriseUserSchema].(map[string]any)["manager"].(map[string]any)["value"])
			}},
		{"replace the whole extension object", users, sampleUser,
			`{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User","value":{"costCenter":"42"}}`,
			func(t *testing.T, out Resource) {
				assert.Equal(t, "42", out[EnterpriseUserSchema].(map[string]any)["costCenter"])
			}},
		{"remove the whole extension", users, sampleUser,
			`{"op":"remove","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"}`,
			func(t *testing.T, out Resource) {
				assert.NotContains(t, out, EnterpriseUserSchema)
				assert.Equal(t, []any{UserSchema}, out["schemas"])
			}},
		{"remove the last extension attribute drops the extension", users, func() Resource {
			u := sampleUser()
			u[EnterpriseUserSchema] = map[string]any{"department": "x"}
			return u
		},
			`{"op":"remove","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department"}`,
			func(t *testing.T, out Resource) {
				assert.NotContains(t, out, EnterpriseUserSchema)
				assert.Equal(t, []any{UserSchema}, out["schemas"])
			}},
		{"remove a sub-attribute", users, sampleUser, `{"op":"remove","path":"name.formatted"}`,
			func(t *testing.T, out Resource) { assert.NotContains(t, out["name"], "formatted") }},
		{"remove a sub-attribute of every element", users, sampleUser, `{"op":"remove","path":"emails.type"}`,
			func(t *testing.T, out Resource) {
				for _, e := range emailsOf(out) {
					assert.NotContains(t, e, "type")
				}
			}},
		{"remove a filtered sub-attribute", users, sampleUser, `{"op":"remove","path":"emails[type eq \"work\"].primary"}`,
			func(t *testing.T, out Resource) { assert.NotContains(t, emailsOf(out)[0], "primary") }},
		{"remove a whole multi-valued attribute", users, sampleUser, `{"op":"remove","path":"emails"}`,
			func(t *testing.T, out Resource) { assert.NotContains(t, out, "emails") }},
		{"remove an absent attribute is a no-op", users, sampleUser, `{"op":"remove","path":"nickName"}`,
			func(t *testing.T, out Resource) { assert.Equal(t, "bjensen@example.com", out["userName"]) }},
		{"remove members with a value filter and type", groups, sampleGroup,
			`{"op":"remove","path":"members[value eq \"u1\" and type eq \"User\"]"}`,
			func(t *testing.T, out Resource) { assert.Equal(t, []string{"u2"}, memberIDs(out)) }},
		{"lower-case operations key", groups, sampleGroup, `{"op":"add","path":"members","value":[{"value":"u4"}]}`,
			func(t *testing.T, out Resource) { assert.Equal(t, []string{"u1", "u2", "u4"}, memberIDs(out)) }},
		{"readOnly sub-attribute in a value is ignored", users, sampleUser,
			`{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":{"value":"m7","displayName":"Not Stored"}}`,
			func(t *testing.T, out Resource) {
				assert.Equal(t, map[string]any{"value": "m7", "displayName": "John Smith"}, out[EnterpriseUserSchema].(map[string]any)["manager"])
			}},
		{"password may be set", users, sampleUser, `{"op":"replace","path":"password","value":"n3w"}`,
			func(t *testing.T, out Resource) { assert.Equal(t, "n3w", out["password"]) }},
	}
	runPatchCases(t, cases)
}

func TestPatchErrors(t *testing.T) {
	users, groups := UserResource(), GroupResource()
	cases := []struct {
		name     string
		rs       ResourceSchema
		start    func() Resource
		body     string
		status   int
		scimType string
	}{
		{"invalid JSON", users, sampleUser, `{"Operations":`, 400, ScimTypeInvalidSyntax},
		{"not an object", users, sampleUser, `[1,2]`, 400, ScimTypeInvalidSyntax},
		{"wrong schema", users, sampleUser, `{"schemas":["urn:x"],"Operations":[{"op":"add","path":"title","value":"x"}]}`, 400, ScimTypeInvalidSyntax},
		{"no operations", users, sampleUser, `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"]}`, 400, ScimTypeInvalidSyntax},
		{"empty operations", users, sampleUser, string(patchBody(``)), 400, ScimTypeInvalidSyntax},
		{"operation not an object", users, sampleUser, string(patchBody(`"add"`)), 400, ScimTypeInvalidSyntax},
		{"unknown op", users, sampleUser, string(patchBody(`{"op":"merge","path":"title","value":"x"}`)), 400, ScimTypeInvalidSyntax},
		{"missing op", users, sampleUser, string(patchBody(`{"path":"title","value":"x"}`)), 400, ScimTypeInvalidSyntax},
		{"add without value", users, sampleUser, string(patchBody(`{"op":"add","path":"title"}`)), 400, ScimTypeInvalidSyntax},
		{"path not a string", users, sampleUser, string(patchBody(`{"op":"add","path":5,"value":"x"}`)), 400, ScimTypeInvalidPath},
		{"malformed path", users, sampleUser, string(patchBody(`{"op":"add","path":"emails[type eq","value":"x"}`)), 400, ScimTypeInvalidPath},
		{"unknown attribute", users, sampleUser, string(patchBody(`{"op":"replace","path":"shoeSize","value":"x"}`)), 400, ScimTypeInvalidPath},
		{"unknown sub-attribute", users, sampleUser, string(patchBody(`{"op":"replace","path":"name.nick","value":"x"}`)), 400, ScimTypeInvalidPath},
		{"unknown sub-attribute after filter", users, sampleUser, string(patchBody(`{"op":"replace","path":"emails[type eq \"work\"].nope","value":"x"}`)), 400, ScimTypeInvalidPath},
		{"filter on a single-valued attribute", users, sampleUser, string(patchBody(`{"op":"replace","path":"name[givenName eq \"x\"]","value":"x"}`)), 400, ScimTypeInvalidPath},
		{"bad filter inside path", users, sampleUser, string(patchBody(`{"op":"replace","path":"emails[primary gt true].value","value":"x"}`)), 400, ScimTypeInvalidPath},
		{"sub-attribute of multi-valued without filter", users, sampleUser, string(patchBody(`{"op":"replace","path":"emails.value","value":"x"}`)), 400, ScimTypeInvalidPath},
		{"remove without path", users, sampleUser, string(patchBody(`{"op":"remove"}`)), 400, ScimTypeNoTarget},
		{"replace on a filter matching nothing", users, sampleUser, string(patchBody(`{"op":"replace","path":"emails[type eq \"other\"].value","value":"x"}`)), 400, ScimTypeNoTarget},
		{"remove on a filter matching nothing", groups, sampleGroup, string(patchBody(`{"op":"remove","path":"members[value eq \"nobody\"]"}`)), 400, ScimTypeNoTarget},
		{"add on a filter that cannot build an element", users, sampleUser, string(patchBody(`{"op":"add","path":"emails[value co \"zzz\"].type","value":"work"}`)), 400, ScimTypeNoTarget},
		{"replace id", users, sampleUser, string(patchBody(`{"op":"replace","path":"id","value":"other"}`)), 400, ScimTypeMutability},
		{"Okta rename with a different id", groups, sampleGroup, string(patchBody(`{"op":"replace","value":{"id":"g2","displayName":"x"}}`)), 400, ScimTypeMutability},
		{"remove id", users, sampleUser, string(patchBody(`{"op":"remove","path":"id"}`)), 400, ScimTypeMutability},
		{"replace meta", users, sampleUser, string(patchBody(`{"op":"replace","path":"meta","value":{"resourceType":"X"}}`)), 400, ScimTypeMutability},
		{"replace meta sub-attribute", users, sampleUser, string(patchBody(`{"op":"replace","path":"meta.created","value":"2020-01-01T00:00:00Z"}`)), 400, ScimTypeMutability},
		{"add to readOnly groups", users, sampleUser, string(patchBody(`{"op":"add","path":"groups","value":[{"value":"g9"}]}`)), 400, ScimTypeMutability},
		{"change an immutable member value", groups, sampleGroup, string(patchBody(`{"op":"replace","path":"members[value eq \"u1\"].value","value":"u9"}`)), 400, ScimTypeMutability},
		{"boolean not a boolean", users, sampleUser, string(patchBody(`{"op":"replace","path":"active","value":"maybe"}`)), 400, ScimTypeInvalidValue},
		{"string given a number", users, sampleUser, string(patchBody(`{"op":"replace","path":"title","value":5}`)), 400, ScimTypeInvalidValue},
		{"multi-valued given a string array", users, sampleUser, string(patchBody(`{"op":"replace","path":"emails","value":[5]}`)), 400, ScimTypeInvalidValue},
		{"no-path value not an object", users, sampleUser, string(patchBody(`{"op":"replace","value":"x"}`)), 400, ScimTypeInvalidValue},
		{"removing a required attribute", users, sampleUser, string(patchBody(`{"op":"remove","path":"userName"}`)), 400, ScimTypeMutability},
		{"member without value", groups, sampleGroup, string(patchBody(`{"op":"add","path":"members","value":[{"display":"x"}]}`)), 400, ScimTypeInvalidValue},
		{"two primaries at once", users, sampleUser, string(patchBody(`{"op":"add","path":"emails","value":[{"value":"a","primary":true},{"value":"b","primary":true}]}`)), 400, ScimTypeInvalidValue},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			start := c.start()
			before := Clone(start)
			out, err := ApplyPatch(c.rs, start, []byte(c.body), PatchOptions{})
			require.NotNil(t, err, "expected an error")
			assert.Nil(t, out)
			assert.Equal(t, c.status, err.Status, err.Detail)
			assert.Equal(t, c.scimType, err.ScimType, err.Detail)
			assert.Equal(t, before, start)
		})
	}
}

func TestPatchAllOrNothing(t *testing.T) {
	u := sampleUser()
	body := patchBody(`{"op":"replace","path":"displayName","value":"Changed"},{"op":"replace","path":"id","value":"x"}`)
	out, err := ApplyPatch(UserResource(), u, body, PatchOptions{})
	require.NotNil(t, err)
	assert.Nil(t, out)
	assert.Equal(t, "Babs Jensen", u["displayName"], "the first op must not be applied")
	assert.Contains(t, err.Detail, "operation 2")
}

func TestPatchFaults(t *testing.T) {
	users, groups := UserResource(), GroupResource()
	t.Run("RejectStringBooleans", func(t *testing.T) {
		body := patchBody(`{"op":"Replace","path":"active","value":"False"}`)
		_, err := ApplyPatch(users, sampleUser(), body, PatchOptions{Quirks: Quirks{RejectStringBooleans: true}})
		require.NotNil(t, err)
		assert.Equal(t, ScimTypeInvalidValue, err.ScimType)
		out := mustPatch(t, users, sampleUser(), patchBody(`{"op":"replace","path":"active","value":false}`), PatchOptions{Quirks: Quirks{RejectStringBooleans: true}})
		assert.Equal(t, false, out["active"], "real booleans still work")
	})
	t.Run("StrictOpCase", func(t *testing.T) {
		_, err := ApplyPatch(users, sampleUser(), patchBody(`{"op":"Replace","path":"title","value":"x"}`), PatchOptions{StrictOpCase: true})
		require.NotNil(t, err)
		assert.Equal(t, 400, err.Status)
		assert.Equal(t, ScimTypeInvalidSyntax, err.ScimType)
		out := mustPatch(t, users, sampleUser(), patchBody(`{"op":"replace","path":"title","value":"x"}`), PatchOptions{StrictOpCase: true})
		assert.Equal(t, "x", out["title"])
	})
	t.Run("IgnoreNoPathReplace", func(t *testing.T) {
		out := mustPatch(t, users, sampleUser(), patchBody(`{"op":"replace","value":{"active":false}}`), PatchOptions{IgnoreNoPathReplace: true})
		assert.Equal(t, true, out["active"], "the fault ignores the replace")
		out = mustPatch(t, users, sampleUser(), patchBody(`{"op":"replace","path":"active","value":false}`), PatchOptions{IgnoreNoPathReplace: true})
		assert.Equal(t, false, out["active"], "replace with a path still works")
	})
	t.Run("BareRemoveClearsMembers", func(t *testing.T) {
		out := mustPatch(t, groups, sampleGroup(), patchBody(`{"op":"Remove","path":"members","value":[{"value":"u1"}]}`), PatchOptions{BareRemoveClearsMembers: true})
		assert.NotContains(t, out, "members", "the fault empties the group")
		out = mustPatch(t, groups, sampleGroup(), patchBody(`{"op":"remove","path":"members[value eq \"u1\"]"}`), PatchOptions{BareRemoveClearsMembers: true})
		assert.Equal(t, []string{"u2"}, memberIDs(out), "filter removal is unaffected")
	})
	t.Run("NonAtomic", func(t *testing.T) {
		u := sampleUser()
		body := patchBody(`{"op":"replace","path":"displayName","value":"Changed"},{"op":"replace","path":"id","value":"x"}`)
		out, err := ApplyPatch(users, u, body, PatchOptions{NonAtomic: true})
		require.NotNil(t, err)
		assert.Nil(t, out)
		assert.Equal(t, "Changed", u["displayName"], "the fault leaves the first op applied to the live resource")
		u2 := sampleUser()
		out = mustPatch(t, users, u2, patchBody(`{"op":"replace","path":"title","value":"T"}`), PatchOptions{NonAtomic: true})
		assert.Equal(t, "T", out["title"])
	})
}

func TestPatchResultIsIndependent(t *testing.T) {
	g := sampleGroup()
	out := mustPatch(t, GroupResource(), g, patchBody(`{"op":"add","path":"members","value":[{"value":"u3"}]}`), PatchOptions{})
	out["members"].([]any)[0].(map[string]any)["value"] = "mutated"
	assert.Equal(t, "u1", g["members"].([]any)[0].(map[string]any)["value"])
	b, err := json.Marshal(out)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"u3"`)
}

// patchCase is one successful PATCH: ops applied to start, then check.
type patchCase struct {
	name  string
	rs    ResourceSchema
	start func() Resource
	ops   string
	check func(t *testing.T, out Resource)
}

// runPatchCases applies each case and checks, too, that the caller's
// resource is left untouched (ApplyPatch works on a copy).
func runPatchCases(t *testing.T, cases []patchCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			start := c.start()
			before := Clone(start)
			out := mustPatch(t, c.rs, start, patchBody(c.ops), PatchOptions{})
			c.check(t, out)
			assert.Equal(t, before, start, "the input resource must not change")
		})
	}
}
