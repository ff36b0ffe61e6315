package engine

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFilterMatchesUser(t *testing.T) {
	u := sampleUser()
	cases := []struct {
		name, expr string
		want       bool
	}{
		{"eq case-insensitive userName", `userName eq "BJENSEN@example.com"`, true},
		{"operator in any case", `userName Eq "bjensen@example.com"`, true},
		{"quirk 3: Ping admin filter, attribute and operator in any case", `username Eq "bjensen@example.com"`, true},
		{"Entra matching on emails[type eq work].value", `emails[type eq "work"].value eq "BJENSEN@example.com"`, true},
		{"Entra matching on emails[type eq work].value, other element", `emails[type eq "work"].value eq "babs@jensen.org"`, false},
		{"Entra matching with a random GUID", `externalId eq "5e5c0a9a-1d8f-4c51-9a0a-3f0e1c2b7d64"`, false},
		{"logical words in any case", `userName EQ "bjensen@example.com" AND active Eq TRUE`, true},
		{"eq mismatch", `userName eq "other"`, false},
		{"ne", `userName ne "other"`, true},
		{"ne on equal value", `userName ne "bjensen@example.com"`, false},
		{"ne on absent attribute", `nickName ne "x"`, true},
		{"co", `displayName co "JENS"`, true},
		{"sw", `displayName sw "babs"`, true},
		{"ew", `displayName ew "sen"`, true},
		{"ew mismatch", `displayName ew "xyz"`, false},
		{"gt string", `title gt "Tour"`, true},
		{"ge string equal", `title ge "tour guide"`, true},
		{"lt string", `title lt "Zebra"`, true},
		{"le string", `title le "A"`, false},
		{"caseExact externalId eq", `externalId eq "EXT-1"`, false},
		{"caseExact externalId exact", `externalId eq "ext-1"`, true},
		{"caseExact id", `id eq "U1"`, false},
		{"pr present", `title pr`, true},
		{"pr absent", `nickName pr`, false},
		{"pr complex", `name pr`, true},
		{"pr multi-valued", `emails pr`, true},
		{"boolean eq", `active eq true`, true},
		{"boolean eq false", `active eq false`, false},
		{"boolean string operand", `active eq "true"`, true},
		{"sub-attribute", `name.givenName eq "barbara"`, true},
		{"sub-attribute sw", `name.familyName sw "Jen"`, true},
		{"multi-valued sub any element", `emails.value eq "babs@jensen.org"`, true},
		{"multi-valued sub type", `emails.type eq "home"`, true},
		{"complex multi-valued compares value", `emails eq "BABS@jensen.org"`, true},
		{"complex multi-valued co", `emails co "jensen.org"`, true},
		{"complex multi-valued no match", `emails eq "nobody@x"`, false},
		{"value filter", `emails[type eq "work"]`, true},
		{"value filter and", `emails[type eq "work" and value co "@example.com"]`, true},
		{"value filter and across elements does not match", `emails[type eq "home" and value co "@example.com"]`, false},
		{"value filter or", `emails[type eq "other" or primary eq true]`, true},
		{"value filter not", `emails[not (type eq "work")]`, true},
		{"value filter primary", `emails[primary eq true and value eq "bjensen@example.com"]`, true},
		{"value filter combined", `userName sw "b" and emails[type eq "work"]`, true},
		{"not", `not (userName eq "x")`, true},
		{"not false", `not(active eq true)`, false},
		{"or", `userName eq "x" or title pr`, true},
		{"and false", `userName eq "x" and title pr`, false},
		{"grouping", `(userName eq "x" or title pr) and active eq true`, true},
		{"grouping precedence", `userName eq "x" and (title pr or active eq true)`, false},
		{"and binds tighter than or", `userName eq "x" and title pr or active eq true`, true},
		{"dateTime gt", `meta.lastModified gt "2011-05-13T04:42:33Z"`, true},
		{"dateTime gt equal instant", `meta.lastModified gt "2011-05-13T04:42:34Z"`, false},
		{"dateTime ge", `meta.lastModified ge "2011-05-13T04:42:34Z"`, true},
		{"dateTime lt other zone", `meta.created lt "2010-01-23T05:56:22+01:00"`, false},
		{"dateTime le other zone", `meta.created le "2010-01-23T05:56:22+01:00"`, true},
		{"dateTime eq", `meta.created eq "2010-01-23T04:56:22.000Z"`, true},
		{"dateTime sw literal", `meta.created sw "2010-01"`, true},
		{"enterprise URN path", `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "701984"`, true},
		{"enterprise manager value", `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "m1"`, true},
		{"enterprise manager compares value", `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager eq "m1"`, true},
		{"core URN prefix", `urn:ietf:params:scim:schemas:core:2.0:User:userName sw "bj"`, true},
		{"URN in any case", `URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER:USERNAME sw "bj"`, true},
		{"schemas", `schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"`, true},
		{"unknown attribute is unassigned", `foo eq "x"`, false},
		{"unknown attribute ne", `foo ne "x"`, true},
		{"eq null on absent", `nickName eq null`, true},
		{"ne null on present", `title ne null`, true},
		{"password is never revealed by pr", `password pr`, false},
		{"password is never revealed by eq", `password eq "t1meMa$heen"`, false},
		{"escaped quote in value", `displayName ne "a\"b"`, true},
		{"plus already decoded", `userName  eq  "bjensen@example.com"`, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, err := CompileFilter(UserResource(), c.expr)
			require.Nil(t, err, "compile %q", c.expr)
			assert.Equal(t, c.want, f.Match(u), c.expr)
		})
	}
}

func TestFilterNumbersAndTypes(t *testing.T) {
	// No integer attribute exists in the User schema, so exercise numeric
	// comparison through a resource type that has one.
	rs := ResourceSchema{Name: "Thing", Core: Schema{ID: "urn:test:Thing", Attributes: []Attribute{
		newAttr("count", TypeInteger, ""), newAttr("ratio", TypeDecimal, ""),
		newAttr("blob", TypeBinary, ""), str("tags", "", multiValued),
	}}}
	r := Resource{"count": float64(5), "ratio": 0.5, "blob": "AAEC", "tags": []any{"a", "b"}}
	cases := []struct {
		expr string
		want bool
	}{
		{`count eq 5`, true},
		{`count gt 4`, true},
		{`count ge 5`, true},
		{`count lt 5`, false},
		{`count le 5`, true},
		{`count ne 5`, false},
		{`ratio gt 0.25`, true},
		{`ratio lt 5e-1`, false},
		{`blob eq "AAEC"`, true},
		{`tags eq "B"`, true},
		{`tags ne "a"`, false},
	}
	for _, c := range cases {
		t.Run(c.expr, func(t *testing.T) {
			f, err := CompileFilter(rs, c.expr)
			require.Nil(t, err)
			assert.Equal(t, c.want, f.Match(r))
		})
	}
	for _, bad := range []string{`count co 5`, `count eq "x"`, `blob gt "A"`} {
		_, err := CompileFilter(rs, bad)
		require.NotNil(t, err, bad)
		assert.Equal(t, ScimTypeInvalidFilter, err.ScimType, bad)
	}
}

func TestFilterGroupMembers(t *testing.T) {
	g := sampleGroup()
	for expr, want := range map[string]bool{
		`members[value eq "u2"]`:                    true,
		`members.value eq "u1"`:                     true,
		`members eq "u3"`:                           false,
		`displayName eq "tour guides"`:              true,
		`members[type eq "User" and value eq "u1"]`: true,
	} {
		f, err := CompileFilter(GroupResource(), expr)
		require.Nil(t, err, expr)
		assert.Equal(t, want, f.Match(g), expr)
	}
}

func TestFilterErrors(t *testing.T) {
	cases := []struct{ name, expr string }{
		{"empty", ""},
		{"blank", "   "},
		{"unterminated string", `userName eq "x`},
		{"missing value", `userName eq`},
		{"unknown operator", `userName xx "x"`},
		{"dangling and", `userName eq "x" and`},
		{"unbalanced paren", `(userName eq "x"`},
		{"unbalanced bracket", `emails[type eq "work"`},
		{"gt on boolean", `active gt true`},
		{"co on boolean", `active co "t"`},
		{"boolean wrong operand", `active eq "maybe"`},
		{"string compared to number", `userName eq 5`},
		{"dateTime not a date", `meta.created gt "yesterday"`},
		{"complex without value", `name eq "x"`},
		{"value filter on simple attribute", `userName[value eq "x"]`},
		{"gt with null", `title gt null`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, err := CompileFilter(UserResource(), c.expr)
			require.NotNil(t, err, "expected an error for %q", c.expr)
			assert.Nil(t, f)
			assert.Equal(t, 400, err.Status)
			assert.Equal(t, ScimTypeInvalidFilter, err.ScimType)
		})
	}
}

func TestFilterMatchSurvivesIllTypedResources(t *testing.T) {
	f, err := CompileFilter(UserResource(), `emails[type eq "work"] or userName eq "x" or meta.created gt "2000-01-01T00:00:00Z" or emails.value co "a"`)
	require.Nil(t, err)
	for _, r := range fuzzUsers {
		assert.NotPanics(t, func() { f.Match(r) })
	}
	assert.False(t, f.Match(nil))
}

func TestIndexHint(t *testing.T) {
	cases := []struct {
		expr, attr, value string
		ok                bool
	}{
		{`userName eq "Bjensen"`, "userName", "Bjensen", true},
		{`USERNAME EQ "Bjensen"`, "userName", "Bjensen", true},
		{`externalId eq "e1" and active eq true`, "externalId", "e1", true},
		{`active eq true and displayName eq "d"`, "displayName", "d", true},
		{`id eq "x"`, "id", "x", true},
		{`urn:ietf:params:scim:schemas:core:2.0:User:userName eq "u"`, "userName", "u", true},
		{`userName eq "a" or userName eq "b"`, "", "", false},
		{`userName co "a"`, "", "", false},
		{`not (userName eq "a")`, "", "", false},
		{`title eq "a"`, "", "", false},
		{`emails[value eq "a"]`, "emails.value", "a", true},
		{`emails[type eq "work"].value eq "A@x.example"`, "emails.value", "A@x.example", true},
		{`emails[type eq "work" and value eq "a"] and active eq true`, "emails.value", "a", true},
		{`emails[type eq "work" or value eq "a"]`, "", "", false},
		{`emails[value ne "a"]`, "", "", false},
		{`emails[type eq "work"]`, "", "", false},
		{`phoneNumbers[value eq "1"]`, "", "", false},
	}
	for _, c := range cases {
		t.Run(c.expr, func(t *testing.T) {
			f, err := CompileFilter(UserResource(), c.expr)
			require.Nil(t, err)
			attr, value, ok := IndexHint(f)
			assert.Equal(t, c.ok, ok)
			assert.Equal(t, c.attr, attr)
			assert.Equal(t, c.value, value)
		})
	}
	_, _, ok := IndexHint(nil)
	assert.False(t, ok)
}

func TestPrefixHint(t *testing.T) {
	rs := UserResource()
	tests := []struct {
		filter, attr, prefix string
		ok                   bool
	}{
		{`userName sw "ab"`, "userName", "ab", true},
		{`USERNAME SW "Ab"`, "userName", "Ab", true},
		{`userName sw "ab" and meta.created gt "2000-01-01T00:00:00Z"`, "userName", "ab", true},
		{`active eq true and userName sw "ab"`, "userName", "ab", true},
		{`userName sw "ab" or active eq true`, "", "", false},
		{`displayName sw "ab"`, "", "", false},
		{`userName co "ab"`, "", "", false},
		{`not (userName sw "ab")`, "", "", false},
	}
	for _, tt := range tests {
		f, e := CompileFilter(rs, tt.filter)
		if e != nil {
			t.Fatalf("%s: %v", tt.filter, e)
		}
		attr, prefix, ok := PrefixHint(f)
		if attr != tt.attr || prefix != tt.prefix || ok != tt.ok {
			t.Errorf("PrefixHint(%s): expected %q %q %v, got %q %q %v", tt.filter, tt.attr, tt.prefix, tt.ok, attr, prefix, ok)
		}
	}
}
