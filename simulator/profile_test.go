package simulator

import (
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDefaultProfile(t *testing.T) {
	p, err := DefaultProfile()
	require.NoError(t, err)
	assert.Len(t, p.Attributes, 9)
	assert.Len(t, p.Required(), 8, "contract section 4: eight required")
	a, ok := p.Attribute("emails[type eq \"work\"].value")
	require.True(t, ok)
	assert.Equal(t, "email", a.Account)
	assert.True(t, a.Path().Filtered())
}

func TestParseAttrPath(t *testing.T) {
	tests := []struct {
		in      string
		want    AttrPath
		dotted  string
		wantErr bool
	}{
		{in: "userName", want: AttrPath{Raw: "userName", Attr: "userName"}, dotted: "userName"},
		{in: "name.givenName", want: AttrPath{Raw: "name.givenName", Attr: "name", Sub: "givenName"}, dotted: "name.givenName"},
		{in: `emails[type eq "work"].value`, want: AttrPath{Raw: `emails[type eq "work"].value`, Attr: "emails", FilterAttr: "type", FilterVal: "work", Sub: "value"}, dotted: "emails"},
		{in: `phoneNumbers[type Eq "work"]`, want: AttrPath{Raw: `phoneNumbers[type Eq "work"]`, Attr: "phoneNumbers", FilterAttr: "type", FilterVal: "work"}, dotted: "phoneNumbers"},
		{
			in:     "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
			want:   AttrPath{Raw: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", Schema: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", Attr: "department"},
			dotted: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
		},
		{in: "", wantErr: true},
		{in: "a.b.c", wantErr: true},
		{in: `emails[type ne "work"].value`, wantErr: true},
		{in: "urn:x:", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseAttrPath(tt.in)
			if tt.wantErr {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.dotted, got.Dotted())
		})
	}
}

func TestParseProfileErrors(t *testing.T) {
	tests := []struct{ name, json, wantErr string }{
		{"bad path", `{"attributes":[{"scim":"userName"},{"scim":"a..b"}]}`, "profile attribute 2"},
		{"duplicate", `{"attributes":[{"scim":"userName"},{"scim":"USERNAME"}]}`, "twice"},
		{"no userName", `{"attributes":[{"scim":"displayName"}]}`, "expected a userName attribute"},
		{"unknown field", `{"attributes":[],"extra":1}`, "unknown field"},
		{"not json", `{`, "parse profile"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseProfile([]byte(tt.json))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.wantErr)
		})
	}
}

// A customer who edits the profile changes what the IdP sends.
func TestProfileDrivesCreateBody(t *testing.T) {
	fsys := fstest.MapFS{"p.json": {Data: []byte(`{"source":"edited","attributes":[
		{"scim":"userName","required":true},
		{"scim":"emails[type eq \"work\"].value","required":true},
		{"scim":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department","required":false}]}`)}}
	p, err := LoadProfile(fsys, "p.json")
	require.NoError(t, err)
	u := NewDirectory(3).NewUser()
	u.Extra = map[string]any{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department": "Finance"}
	idp := NewIdP(nil, Generic(), p, nil)
	body := idp.UserBody(u)
	assert.Equal(t, map[string]any{
		"schemas":  []string{SchemaUser, SchemaEnterprise},
		"userName": u.UserName,
		"emails":   []any{map[string]any{"type": "work", "value": u.Email}},
		"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": map[string]any{"department": "Finance"},
	}, body)
	_, err = LoadProfile(fsys, "missing.json")
	assert.Error(t, err)
}

func TestResourceValueAndCompare(t *testing.T) {
	p, err := DefaultProfile()
	require.NoError(t, err)
	u := &User{UserName: "a@example.com", ExternalID: "e1", Active: true, DisplayName: "A B", GivenName: "A", FamilyName: "B", Email: "a@example.com", Locale: "en-US", Phone: "+15555550100"}
	good := []byte(`{"id":"1","USERNAME":"a@example.com","externalId":"e1","active":true,"displayName":"A B",
		"name":{"givenName":"A","familyName":"B"},"emails":[{"type":"home","value":"h@x"},{"type":"Work","value":"a@example.com"}],
		"locale":"en-US","phoneNumbers":[{"type":"work","value":"+15555550100"}]}`)
	mism, err := p.Compare(good, u)
	require.NoError(t, err)
	assert.Empty(t, mism, "attribute names and filter values compare case-insensitively")

	bad := []byte(`{"userName":"a@example.com","externalId":"e1","active":"true","displayName":"A B",
		"name":{"givenName":"A","familyName":"Z"},"emails":[{"type":"home","value":"a@example.com"}],"locale":"en-US"}`)
	mism, err = p.Compare(bad, u)
	require.NoError(t, err)
	var got []string
	for _, m := range mism {
		got = append(got, m.String())
	}
	assert.Equal(t, []string{
		`active: expected true, got "true"`,
		`name.familyName: expected "B", got "Z"`,
		`emails[type eq "work"].value: expected "a@example.com", got nothing`,
		`phoneNumbers[type eq "work"].value: expected "+15555550100", got nothing`,
	}, got)

	v, ok, err := ResourceValue(good, `emails[type eq "work"].value`)
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, "a@example.com", v)
	_, ok, err = ResourceValue(good, "nickName")
	require.NoError(t, err)
	assert.False(t, ok)
	_, _, err = ResourceValue([]byte("nope"), "userName")
	assert.Error(t, err)
}
