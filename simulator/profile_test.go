package simulator

import (
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scimharness/scimharness/fixtures"
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
		{"empty file", ``, "expected a JSON object, got an empty file"},
		{"two documents", `{"attributes":[{"scim":"userName"}]} {}`, "expected one JSON object, got more after it"},
		{"attributes not a list", `{"attributes":{"scim":"userName"}}`, "expected a JSON []json.RawMessage, got a JSON object"},
		{"entry not an object", `{"attributes":[{"scim":"userName"},"locale"]}`, `profile attribute 2 (line 1, column 36): expected an object`},
		{"required not a boolean", `{"attributes":[{"scim":"userName"},{"scim":"locale","required":"yes"}]}`, `profile attribute 2 ("locale", line 1, column 36): required: expected a JSON bool, got a JSON string`},
		{"misspelt field", `{"attributes":[{"scim":"userName"},{"scim":"locale","requried":true}]}`, `profile attribute 2 ("locale", line 1, column 36): expected the fields "scim", "required", "account" and "source", got unknown field "requried"`},
		{"missing scim", `{"attributes":[{"scim":"userName"},{"required":true}]}`, `profile attribute 2 (line 1, column 36): expected a "scim" attribute path`},
		{"unknown attribute, suggested", `{"attributes":[{"scim":"userName"},{"scim":"emial"}]}`, `expected an attribute of the RFC 7643 User schema, got "emial" (did you mean "email`},
		{"unknown attribute", `{"attributes":[{"scim":"userName"},{"scim":"shoeSize"}]}`, `profile attribute 2 ("shoeSize", line 1, column 36): expected an attribute of the RFC 7643 User schema, got "shoeSize"`},
		{"unknown enterprise attribute", `{"attributes":[{"scim":"userName"},{"scim":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:departmnt"}]}`, `enterprise extension (RFC 7643 §4.3), got "departmnt" (did you mean "department"?)`},
		{"read-only attribute", `{"attributes":[{"scim":"userName"},{"scim":"groups[type eq \"direct\"].value"}]}`, "groups is readOnly"},
		{"id", `{"attributes":[{"scim":"userName"},{"scim":"id"}]}`, "id is assigned by the service provider"},
		{"multi-valued without filter", `{"attributes":[{"scim":"userName"},{"scim":"emails.value"}]}`, `expected a value filter on the multi-valued emails`},
		{"filter on a single-valued attribute", `{"attributes":[{"scim":"userName"},{"scim":"name[type eq \"x\"].givenName"}]}`, "expected a value filter only on a multi-valued attribute"},
		{"filter on an unknown sub-attribute", `{"attributes":[{"scim":"userName"},{"scim":"emails[kind eq \"work\"].value"}]}`, `expected the filter to test a sub-attribute of emails`},
		{"unknown sub-attribute", `{"attributes":[{"scim":"userName"},{"scim":"name.nickName"}]}`, `expected a sub-attribute of name (formatted, familyName`},
		{"sub-attribute of a simple attribute", `{"attributes":[{"scim":"userName"},{"scim":"locale.value"}]}`, "expected no sub-attribute on the simple attribute locale"},
		{"complex without sub-attribute", `{"attributes":[{"scim":"userName"},{"scim":"name"}]}`, "expected a sub-attribute of the complex name"},
		{"core schema URN", `{"attributes":[{"scim":"urn:ietf:params:scim:schemas:core:2.0:User:userName"}]}`, `expected a core attribute without its schema URN (e.g. "userName")`},
		{"duplicate spelled differently", `{"attributes":[{"scim":"userName"},{"scim":"emails[type eq \"work\"].value"},{"scim":"Emails[Type eq \"work\"]"}]}`, "(attributes 2 and 3)"},
		{"duplicate account field", `{"attributes":[{"scim":"userName","account":"userName"},{"scim":"nickName","account":"userName"}]}`, `expected each Account field once, got "userName" for attributes 1 and 2`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseProfile([]byte(tt.json))
			require.Error(t, err)
			var pe *ProfileError
			assert.ErrorAs(t, err, &pe)
			assert.Contains(t, err.Error(), tt.wantErr)
		})
	}
}

// A hand-edited file's problem is reported where it is.
func TestParseProfileErrorPosition(t *testing.T) {
	tests := []struct {
		name, json       string
		entry, line, col int
	}{
		{"syntax error", "{\n  \"attributes\": [\n    {\"scim\": \"userName\"},\n    {\"scim\": \"locale\" \"required\": true}\n  ]\n}", 0, 4, 24},
		{"third entry", "{\"attributes\": [\n  {\"scim\": \"userName\"},\n  {\"scim\": \"locale\"},\n  {\"scim\": \"nope\"}\n]}", 3, 4, 3},
		{"truncated", "{\"attributes\": [\n  {\"scim\": \"userName\"}", 0, 2, 23},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseProfile([]byte(tt.json))
			var pe *ProfileError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, []int{tt.entry, tt.line, tt.col}, []int{pe.Entry, pe.Line, pe.Column}, "error: %v", err)
		})
	}
}

// Every path the simulator knows how to fill, and custom extensions, pass.
func TestParseProfileAccepts(t *testing.T) {
	p, err := ParseProfile([]byte(`{"attributes":[
		{"scim":"USERNAME","required":true,"account":"userName"},
		{"scim":"name.formatted"},
		{"scim":"addresses[type eq \"work\"].locality"},
		{"scim":"phoneNumbers[type eq \"mobile\"]"},
		{"scim":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value"},
		{"scim":"urn:example:params:scim:schemas:extension:acme:2.0:User:badgeColour"}]}`))
	require.NoError(t, err)
	require.Len(t, p.Attributes, 6)
	line, col := p.Attributes[2].Position()
	assert.Equal(t, []int{4, 3}, []int{line, col})
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

// FuzzParseProfile: a hand-edited file never panics the parser, every
// rejection is a *ProfileError, and an accepted profile has a userName.
func FuzzParseProfile(f *testing.F) {
	def, err := fixtures.FS.ReadFile(ProfileFile)
	require.NoError(f, err)
	f.Add(def)
	f.Add([]byte(`{"attributes":[{"scim":"userName"},"x",{"scim":"emails[type eq \"w\"]"}]}`))
	f.Add([]byte("{\n\"attributes\": [\n{\"scim\": \"userName\",}\n]}"))
	f.Add([]byte(`{"Attributes":null,"attributes":[{"scim":"userName"}]} x`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ParseProfile(data)
		if err != nil {
			var pe *ProfileError
			require.ErrorAs(t, err, &pe)
			return
		}
		_, ok := p.Attribute("userName")
		require.True(t, ok)
	})
}
