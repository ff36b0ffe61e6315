package mapping

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var sampleValues = Values{"givenname": "Ada", "surname": "Lovelace", "mail": "ada@example.com", "userprincipalname": "ada@contoso.example",
	"issoftdeleted": "False", "country": "USA", "department": "Research", "preferredlanguage": "", "firstname": "Ada", "lastname": "Lovelace",
	"email": "ada@example.com", "locale": "", "displayname": ""}

func TestEntraExpressions(t *testing.T) {
	cases := []struct {
		src, want string
		ok        bool
	}{
		{`Switch([IsSoftDeleted], , "False", "True", "True", "False")`, "True", true},
		{`Switch([preferredLanguage], "en-US", "de", "de-DE")`, "en-US", true},
		{`Switch([country], , "DE", "x")`, "", false},
		{`Join(" ", [givenName], [surname])`, "Ada Lovelace", true},
		{`Join(" ", [givenName], [preferredLanguage])`, "Ada", true},
		{`Coalesce([preferredLanguage], [mail])`, "ada@example.com", true},
		{`Coalesce([preferredLanguage])`, "", false},
		{`ToLower([userPrincipalName], )`, "ada@contoso.example", true},
		{`ToUpper([givenName])`, "ADA", true},
		{`Append([givenName], "@example.com")`, "Ada@example.com", true},
		{`Append([preferredLanguage], "x")`, "", false},
		{`IIF([country]="USA",[country],[department])`, "USA", true},
		{`IIF([country]<>"USA",[country],[department])`, "Research", true},
		{`Not([IsSoftDeleted])`, "True", true},
		{`IsPresent([preferredLanguage])`, "False", true},
		{`ToLower(Coalesce([preferredLanguage], "EN-us"))`, "en-us", true},
		{`"literal"`, "literal", true},
		{`[mail]`, "ada@example.com", true},
	}
	for _, c := range cases {
		e, err := compileEntra(c.src)
		require.NoError(t, err, c.src)
		got, ok := e.eval(sampleValues)
		assert.Equal(t, c.ok, ok, c.src)
		assert.Equal(t, c.want, got, c.src)
	}
	for _, src := range []string{`SingleAppRoleAssignment([appRoleAssignments])`, `Replace([mail], , "@", , "_", , )`, `FormatDateTime([x], , "yyyy", "yy")`, `Join(" ", [a]`, `[unclosed`, `"open`} {
		_, err := compileEntra(src)
		var ue *unsupportedError
		assert.ErrorAs(t, err, &ue, src)
	}
	assert.Equal(t, []string{"IsSoftDeleted"}, entraAttrs(`Switch([IsSoftDeleted], , "False", "True")`))
}

func TestOktaExpressions(t *testing.T) {
	cases := []struct {
		src, want string
		ok        bool
	}{
		{`user.firstName`, "Ada", true},
		{`user.locale`, "", false},
		{`user.locale != null ? user.locale : 'en-US'`, "en-US", true},
		{`user.email != null ? user.email : 'none'`, "ada@example.com", true},
		{`user.locale == null ? "en-US" : user.locale`, "en-US", true},
		{`user.displayName ?: user.firstName + ' ' + user.lastName`, "Ada Lovelace", true},
		{`String.toLowerCase(user.email)`, "ada@example.com", true},
		{`String.toUpperCase(user.firstName)`, "ADA", true},
		{`(user.email != null && user.email != '') ? 'work' : ''`, "work", true},
		{`!(user.locale != null) ? 'x' : 'y'`, "x", true},
		{`user.locale != null || user.email != null ? 'some' : 'none'`, "some", true},
		{`'en-US'`, "en-US", true},
	}
	for _, c := range cases {
		e, err := compileOkta(c.src)
		require.NoError(t, err, c.src)
		got, ok := e.eval(sampleValues)
		assert.Equal(t, c.ok, ok, c.src)
		assert.Equal(t, c.want, got, c.src)
	}
	for _, src := range []string{`String.substringBefore(user.email, "@")`, `appuser.userName`, `user.manager.email`, `user.a ? 'x'`, `(user.a`, `user.a +`, `#{x}`} {
		_, err := compileOkta(src)
		var ue *unsupportedError
		assert.ErrorAs(t, err, &ue, src)
	}
}

// A row the harness cannot evaluate is "checked statically only": a
// warning, and in the dry run never a pass.
func TestUnsupportedExpressionIsNeverAPass(t *testing.T) {
	m, err := Parse("m.csv", []byte("source,target\nuserPrincipalName,userName\nobjectId,externalId\nenabled,active\ndisplayName,displayName\ngivenName,name.givenName\nsurname,name.familyName\nmail,\"emails[type eq \"\"work\"\"].value\"\n\"Replace([preferredLanguage], \"\"_\"\", \"\"-\"\")\",locale\n"))
	require.NoError(t, err)
	fs := Analyse(m, contractReqs(t))
	require.Len(t, fs, 1)
	assert.Equal(t, CodeStaticOnly, fs[0].Code)
	assert.Equal(t, SevWarning, fs[0].Severity)
	_, _, evaluated := m.Rows[7].Eval(Values{"preferredlanguage": "de_DE"})
	assert.False(t, evaluated)
}
