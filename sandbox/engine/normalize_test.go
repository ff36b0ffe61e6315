package engine

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNormalizeAccepts(t *testing.T) {
	cases := []struct {
		name string
		rs   ResourceSchema
		in   Resource
		want Resource
	}{
		{"Entra create: core + enterprise, roles:[] and meta.resourceType", UserResource(), Resource{
			"schemas":            []any{UserSchema, EnterpriseUserSchema},
			"externalId":         "0a21f0f2-8d2a-4f8e-bf98-7b2c4d8d34d3",
			"userName":           "Test_User_ab6490ee@contoso.com",
			"active":             true,
			"emails":             []any{map[string]any{"primary": true, "type": "work", "value": "Test_User_fd0ea19b@contoso.com"}},
			"meta":               map[string]any{"resourceType": "User"},
			"name":               map[string]any{"formatted": "givenName familyName", "familyName": "familyName", "givenName": "givenName"},
			"roles":              []any{},
			EnterpriseUserSchema: map[string]any{"manager": "mgr-1", "department": "Sales"},
		}, Resource{
			"schemas":            []any{UserSchema, EnterpriseUserSchema},
			"externalId":         "0a21f0f2-8d2a-4f8e-bf98-7b2c4d8d34d3",
			"userName":           "Test_User_ab6490ee@contoso.com",
			"active":             true,
			"emails":             []any{map[string]any{"primary": true, "type": "work", "value": "Test_User_fd0ea19b@contoso.com"}},
			"name":               map[string]any{"formatted": "givenName familyName", "familyName": "familyName", "givenName": "givenName"},
			EnterpriseUserSchema: map[string]any{"manager": map[string]any{"value": "mgr-1"}, "department": "Sales"},
		}},
		{"Okta PUT carries id, meta and groups from the GET (quirk 10)", UserResource(), Resource{
			"schemas":  []any{UserSchema},
			"id":       "u1",
			"userName": "okta@example.com",
			"password": "secret",
			"locale":   "en-US",
			"groups":   []any{},
			"active":   false,
			"meta":     map[string]any{"resourceType": "User", "created": "2024-01-01T00:00:00Z"},
		}, Resource{
			"schemas":  []any{UserSchema},
			"userName": "okta@example.com",
			"password": "secret",
			"locale":   "en-US",
			"active":   false,
		}},
		{"OneLogin string boolean and attribute names in any case", UserResource(), Resource{
			"UserName": "ol@example.com", "ACTIVE": "true", "Name": map[string]any{"GIVENNAME": "O"},
		}, Resource{
			"schemas": []any{UserSchema}, "userName": "ol@example.com", "active": true, "name": map[string]any{"givenName": "O"},
		}},
		{"string booleans False and True", UserResource(), Resource{
			"userName": "x", "active": "False", "emails": []any{map[string]any{"value": "a", "primary": "True"}},
		}, Resource{
			"schemas": []any{UserSchema}, "userName": "x", "active": false, "emails": []any{map[string]any{"value": "a", "primary": true}},
		}},
		{"URN-qualified flat keys", UserResource(), Resource{
			"urn:ietf:params:scim:schemas:core:2.0:User:userName":                   "q",
			"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter": "cc",
		}, Resource{
			"schemas": []any{UserSchema, EnterpriseUserSchema}, "userName": "q", EnterpriseUserSchema: map[string]any{"costCenter": "cc"},
		}},
		{"extension URN key in another case", UserResource(), Resource{
			"userName": "q", "URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER": map[string]any{"Department": "D"},
		}, Resource{
			"schemas": []any{UserSchema, EnterpriseUserSchema}, "userName": "q", EnterpriseUserSchema: map[string]any{"department": "D"},
		}},
		{"nulls, empty arrays, unknown attributes and readOnly sub-attributes dropped", UserResource(), Resource{
			"userName": "n", "title": nil, "emails": []any{}, "shoeSize": 44, "nickName.x": "y",
			EnterpriseUserSchema: map[string]any{"manager": map[string]any{"value": "m", "displayName": "ignored"}, "bogus": 1},
		}, Resource{
			"schemas": []any{UserSchema, EnterpriseUserSchema}, "userName": "n",
			EnterpriseUserSchema: map[string]any{"manager": map[string]any{"value": "m"}},
		}},
		{"empty enterprise object dropped", UserResource(), Resource{"userName": "n", EnterpriseUserSchema: map[string]any{}},
			Resource{"schemas": []any{UserSchema}, "userName": "n"}},
		{"Entra group create", GroupResource(), Resource{
			"schemas": []any{GroupSchema}, "externalId": "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159", "displayName": "Group1", "members": []any{},
		}, Resource{
			"schemas": []any{GroupSchema}, "externalId": "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159", "displayName": "Group1",
		}},
		{"Okta group create with members", GroupResource(), Resource{
			"displayName": "G", "members": []any{map[string]any{"value": "u1", "display": "U", "$ref": nil}},
		}, Resource{
			"schemas": []any{GroupSchema}, "displayName": "G", "members": []any{map[string]any{"value": "u1", "display": "U"}},
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := Clone(c.in)
			got, err := Normalize(c.rs, c.in, Quirks{})
			require.Nil(t, err)
			assert.Equal(t, c.want, got)
			assert.Equal(t, before, c.in, "input must not change")
		})
	}
}

func TestNormalizeRejects(t *testing.T) {
	cases := []struct {
		name string
		rs   ResourceSchema
		in   Resource
		q    Quirks
	}{
		{"nil body", UserResource(), nil, Quirks{}},
		{"missing userName", UserResource(), Resource{"displayName": "x"}, Quirks{}},
		{"empty userName", UserResource(), Resource{"userName": ""}, Quirks{}},
		{"userName not a string", UserResource(), Resource{"userName": 5}, Quirks{}},
		{"missing group displayName", GroupResource(), Resource{"members": []any{}}, Quirks{}},
		{"boolean not a boolean", UserResource(), Resource{"userName": "x", "active": "yes"}, Quirks{}},
		{"string boolean with the fault on", UserResource(), Resource{"userName": "x", "active": "False"}, Quirks{RejectStringBooleans: true}},
		{"multi-valued not an array", UserResource(), Resource{"userName": "x", "emails": map[string]any{"value": "a"}}, Quirks{}},
		{"complex not an object", UserResource(), Resource{"userName": "x", "name": 5}, Quirks{}},
		{"extension not an object", UserResource(), Resource{"userName": "x", EnterpriseUserSchema: "x"}, Quirks{}},
		{"two primaries", UserResource(), Resource{"userName": "x", "emails": []any{
			map[string]any{"value": "a", "primary": true}, map[string]any{"value": "b", "primary": true}}}, Quirks{}},
		{"schemas not strings", UserResource(), Resource{"userName": "x", "schemas": []any{1}}, Quirks{}},
		{"member without value", GroupResource(), Resource{"displayName": "g", "members": []any{map[string]any{"display": "x"}}}, Quirks{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Normalize(c.rs, c.in, c.q)
			require.NotNil(t, err)
			assert.Nil(t, got)
			assert.Equal(t, 400, err.Status)
			assert.Equal(t, ScimTypeInvalidValue, err.ScimType)
		})
	}
}
