package engine

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestProject(t *testing.T) {
	users, groups := UserResource(), GroupResource()
	cases := []struct {
		name        string
		rs          ResourceSchema
		r           Resource
		attrs, excl []string
		want        Resource
		wantKeys    []string
		wantMissing []string
	}{
		{name: "password never returned", rs: users, r: sampleUser(),
			wantKeys: []string{"id", "userName", "emails", "meta", EnterpriseUserSchema}, wantMissing: []string{"password"}},
		{name: "attributes keeps always-returned id and schemas", rs: users, r: sampleUser(), attrs: []string{"userName"},
			want: Resource{"schemas": []any{UserSchema, EnterpriseUserSchema}, "id": "u1", "userName": "bjensen@example.com"}},
		{name: "attributes as a comma list with sub-attributes", rs: users, r: sampleUser(), attrs: []string{"name.givenName, emails.value"},
			want: Resource{"schemas": []any{UserSchema, EnterpriseUserSchema}, "id": "u1",
				"name":   map[string]any{"givenName": "Barbara"},
				"emails": []any{map[string]any{"value": "bjensen@example.com"}, map[string]any{"value": "babs@jensen.org"}}}},
		{name: "two sub-attributes of one multi-valued attribute merge", rs: users, r: sampleUser(), attrs: []string{"emails.value", "emails.type"},
			want: Resource{"schemas": []any{UserSchema, EnterpriseUserSchema}, "id": "u1",
				"emails": []any{map[string]any{"value": "bjensen@example.com", "type": "work"}, map[string]any{"value": "babs@jensen.org", "type": "home"}}}},
		{name: "URN-qualified attributes, any case", rs: users, r: sampleUser(),
			attrs: []string{"URN:ietf:params:scim:schemas:core:2.0:User:USERNAME", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value"},
			want: Resource{"schemas": []any{UserSchema, EnterpriseUserSchema}, "id": "u1", "userName": "bjensen@example.com",
				EnterpriseUserSchema: map[string]any{"manager": map[string]any{"value": "m1"}}}},
		{name: "whole extension URN", rs: users, r: sampleUser(), attrs: []string{EnterpriseUserSchema},
			want: Resource{"schemas": []any{UserSchema, EnterpriseUserSchema}, "id": "u1", EnterpriseUserSchema: sampleUser()[EnterpriseUserSchema]}},
		{name: "asking for password does not return it", rs: users, r: sampleUser(), attrs: []string{"password"},
			want: Resource{"schemas": []any{UserSchema, EnterpriseUserSchema}, "id": "u1"}},
		{name: "unknown attribute ignored", rs: users, r: sampleUser(), attrs: []string{"shoeSize"},
			want: Resource{"schemas": []any{UserSchema, EnterpriseUserSchema}, "id": "u1"}},
		{name: "Entra excludedAttributes=members", rs: groups, r: sampleGroup(), excl: []string{"members"},
			want: Resource{"schemas": []any{GroupSchema}, "id": "g1", "displayName": "Tour Guides", "meta": sampleGroup()["meta"]}},
		{name: "excluded cannot remove id", rs: groups, r: sampleGroup(), excl: []string{"id", "members", "meta"},
			want: Resource{"schemas": []any{GroupSchema}, "id": "g1", "displayName": "Tour Guides"}},
		{name: "exclude sub-attributes and extension attributes", rs: users, r: sampleUser(),
			excl:     []string{"emails.type", "name", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager"},
			wantKeys: []string{"emails", EnterpriseUserSchema}, wantMissing: []string{"name", "password"}},
		{name: "attributes wins over excludedAttributes", rs: users, r: sampleUser(), attrs: []string{"title"}, excl: []string{"title"},
			want: Resource{"schemas": []any{UserSchema, EnterpriseUserSchema}, "id": "u1", "title": "Tour Guide"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := Clone(c.r)
			got := Project(c.rs, c.r, c.attrs, c.excl)
			assert.Equal(t, before, c.r, "input must not change")
			if c.want != nil {
				assert.Equal(t, c.want, got)
			}
			for _, k := range c.wantKeys {
				assert.Contains(t, got, k)
			}
			for _, k := range c.wantMissing {
				assert.NotContains(t, got, k)
			}
		})
	}
	t.Run("excluded sub-attribute really removed", func(t *testing.T) {
		got := Project(users, sampleUser(), nil, []string{"emails.type", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager"})
		for _, e := range got["emails"].([]any) {
			assert.NotContains(t, e, "type")
		}
		assert.NotContains(t, got[EnterpriseUserSchema], "manager")
		assert.Contains(t, got[EnterpriseUserSchema], "department")
	})
	assert.Nil(t, Project(users, nil, nil, nil))
}
