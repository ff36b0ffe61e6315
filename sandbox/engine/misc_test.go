package engine

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestErrorJSON(t *testing.T) {
	cases := []struct {
		name string
		err  *Error
		want string
	}{
		{"status as string", Errorf(409, ScimTypeUniqueness, "expected a unique userName, got %q", "b"),
			`{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"409","scimType":"uniqueness","detail":"expected a unique userName, got \"b\""}`},
		{"scimType omitted when empty", Errorf(404, "", "expected a known id, got %q", "x"),
			`{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"404","detail":"expected a known id, got \"x\""}`},
		{"numeric status fault", &Error{Status: 400, ScimType: ScimTypeInvalidFilter, Detail: "d", StatusAsNumber: true},
			`{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":400,"scimType":"invalidFilter","detail":"d"}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b, err := json.Marshal(c.err)
			require.NoError(t, err)
			assert.JSONEq(t, c.want, string(b))
		})
	}
	assert.Equal(t, "scim 400 invalidPath: x", Errorf(400, ScimTypeInvalidPath, "x").Error())
	assert.Equal(t, "scim 404: x", Errorf(404, "", "x").Error())
}

func TestClone(t *testing.T) {
	orig := Resource{"a": []any{map[string]any{"b": "c"}}, "m": []map[string]any{{"x": 1.0}}, "s": []string{"q"}, "n": nil}
	c := Clone(orig)
	c["a"].([]any)[0].(map[string]any)["b"] = "changed"
	c["m"].([]any)[0].(map[string]any)["x"] = 2.0
	c["s"].([]any)[0] = "z"
	assert.Equal(t, "c", orig["a"].([]any)[0].(map[string]any)["b"])
	assert.Equal(t, 1.0, orig["m"].([]map[string]any)[0]["x"])
	assert.Equal(t, "q", orig["s"].([]string)[0])
	assert.Nil(t, Clone(nil))
}

func TestSchemaCharacteristics(t *testing.T) {
	users := UserResource()
	cases := []struct {
		path                                  string
		typ, mutability, returned, uniqueness string
		caseExact, multiValued, required      bool
		urn                                   string
	}{
		{"userName", TypeString, MutReadWrite, RetDefault, UniqServer, false, false, true, UserSchema},
		{"USERNAME", TypeString, MutReadWrite, RetDefault, UniqServer, false, false, true, UserSchema},
		{"id", TypeString, MutReadOnly, RetAlways, UniqServer, true, false, false, UserSchema},
		{"externalId", TypeString, MutReadWrite, RetDefault, UniqNone, true, false, false, UserSchema},
		{"password", TypeString, MutWriteOnly, RetNever, UniqNone, false, false, false, UserSchema},
		{"groups", TypeComplex, MutReadOnly, RetDefault, UniqNone, false, true, false, UserSchema},
		{"emails", TypeComplex, MutReadWrite, RetDefault, UniqNone, false, true, false, UserSchema},
		{"emails.primary", TypeBoolean, MutReadWrite, RetDefault, UniqNone, false, false, false, UserSchema},
		{"phoneNumbers.type", TypeString, MutReadWrite, RetDefault, UniqNone, false, false, false, UserSchema},
		{"addresses.postalCode", TypeString, MutReadWrite, RetDefault, UniqNone, false, false, false, UserSchema},
		{"active", TypeBoolean, MutReadWrite, RetDefault, UniqNone, false, false, false, UserSchema},
		{"meta.lastModified", TypeDateTime, MutReadOnly, RetDefault, UniqNone, false, false, false, UserSchema},
		{"urn:ietf:params:scim:schemas:core:2.0:User:name.givenName", TypeString, MutReadWrite, RetDefault, UniqNone, false, false, false, UserSchema},
		{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", TypeComplex, MutReadWrite, RetDefault, UniqNone, false, false, false, EnterpriseUserSchema},
		{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.$ref", TypeReference, MutReadWrite, RetDefault, UniqNone, true, false, false, EnterpriseUserSchema},
		{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.displayName", TypeString, MutReadOnly, RetDefault, UniqNone, false, false, false, EnterpriseUserSchema},
	}
	for _, c := range cases {
		t.Run(c.path, func(t *testing.T) {
			a, urn, ok := users.Lookup(c.path)
			require.True(t, ok)
			assert.Equal(t, c.urn, urn)
			assert.Equal(t, c.typ, a.Type)
			assert.Equal(t, c.mutability, a.Mutability)
			assert.Equal(t, c.returned, a.Returned)
			assert.Equal(t, c.uniqueness, a.Uniqueness)
			assert.Equal(t, c.caseExact, a.CaseExact)
			assert.Equal(t, c.multiValued, a.MultiValued)
			assert.Equal(t, c.required, a.Required)
		})
	}
	for _, p := range []string{"shoeSize", "name.nick", "urn:x:y:attr", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:nope"} {
		_, _, ok := users.Lookup(p)
		assert.False(t, ok, p)
	}
	members, _, ok := GroupResource().Lookup("members")
	require.True(t, ok)
	var subs []string
	for _, s := range members.SubAttributes {
		subs = append(subs, s.Name)
	}
	assert.ElementsMatch(t, []string{"value", "$ref", "type", "display"}, subs)
	for _, n := range []string{"emails", "phoneNumbers", "ims", "photos", "entitlements", "roles", "x509Certificates"} {
		a, _, ok := users.Lookup(n)
		require.True(t, ok, n)
		for _, s := range []string{"value", "display", "type", "primary"} {
			_, has := a.Sub(s)
			assert.True(t, has, "%s.%s", n, s)
		}
	}
}

func TestDiscoveryDocuments(t *testing.T) {
	base := "https://h/scim/v2/t1/"
	spc := ServiceProviderConfig(base, Capabilities{Patch: true, Filter: true, MaxResults: 200})
	b, err := json.Marshal(spc)
	require.NoError(t, err)
	var doc map[string]any
	require.NoError(t, json.Unmarshal(b, &doc))
	assert.Equal(t, []any{ServiceProviderConfigSchema}, doc["schemas"])
	assert.Equal(t, true, doc["patch"].(map[string]any)["supported"])
	assert.Equal(t, false, doc["bulk"].(map[string]any)["supported"])
	assert.Equal(t, 200.0, doc["filter"].(map[string]any)["maxResults"])
	assert.Equal(t, "oauthbearertoken", doc["authenticationSchemes"].([]any)[0].(map[string]any)["type"])
	assert.Equal(t, "https://h/scim/v2/t1/ServiceProviderConfig", doc["meta"].(map[string]any)["location"])

	schemas := SchemaDocuments(base)
	require.Len(t, schemas, 3)
	var idsSeen []string
	for _, s := range schemas {
		idsSeen = append(idsSeen, s["id"].(string))
		assert.Equal(t, "https://h/scim/v2/t1/Schemas/"+s["id"].(string), s["meta"].(map[string]any)["location"])
		_, err := json.Marshal(s)
		assert.NoError(t, err)
	}
	assert.Equal(t, []string{UserSchema, EnterpriseUserSchema, GroupSchema}, idsSeen)
	userName := schemas[0]["attributes"].([]any)[0].(Resource)
	assert.Equal(t, "userName", userName["name"])
	assert.Equal(t, false, userName["caseExact"])
	assert.Equal(t, "server", userName["uniqueness"])
	assert.Equal(t, true, userName["required"])

	rts := ResourceTypeDocuments(base)
	require.Len(t, rts, 2)
	assert.Equal(t, "/Users", rts[0]["endpoint"])
	assert.Equal(t, UserSchema, rts[0]["schema"])
	assert.Equal(t, []any{Resource{"schema": EnterpriseUserSchema, "required": false}}, rts[0]["schemaExtensions"])
	assert.Equal(t, "/Groups", rts[1]["endpoint"])
	assert.NotContains(t, rts[1], "schemaExtensions")
}
