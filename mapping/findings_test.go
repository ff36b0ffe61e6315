package mapping

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func contractReqs(t *testing.T) []Requirement {
	t.Helper()
	reqs, err := ContractRequirements()
	require.NoError(t, err)
	return reqs
}

func load(t *testing.T, name string) *Mapping {
	t.Helper()
	m, err := Load(filepath.Join("testdata", name))
	require.NoError(t, err)
	return m
}

// Each fixture differs from a correct mapping by one mistake and must give
// exactly that finding; the correct ones give none.
func TestStaticFindingsPerFixture(t *testing.T) {
	type want struct {
		code     string
		severity Severity
		target   string
		row      int
	}
	cases := []struct {
		file string
		want []want
	}{
		{"entra-cantara-default.json", nil},
		{"okta-cantara.json", nil},
		{"table-onelogin.csv", nil},
		{"table-jumpcloud.yaml", nil},
		{"profile-with-source.json", nil},
		{"entra-no-locale.json", []want{{CodeRequiredNotMapped, SevError, "locale", 0}}},
		{"entra-preferredlanguage.json", []want{{CodeRequiredNotMapped, SevError, "locale", 0}}},
		{"entra-nongallery-default.json", []want{{CodeRequiredNotMapped, SevError, "locale", 0}}},
		{"entra-locale-no-default.json", []want{{CodeMayBeEmpty, SevWarning, "locale", 6}}},
		{"entra-email-home.json", []want{{CodeEmailNotWork, SevError, `emails[type eq "home"].value`, 5}}},
		{"entra-matching-mail.json", []want{{CodeMatchingNotUser, SevError, `emails[type eq "work"].value`, 5}}},
		{"entra-addonly-givenname.json", []want{{CodeAddOnly, SevError, "name.givenName", 7}}},
		{"okta-missing-locale.json", []want{{CodeRequiredNotMapped, SevError, "locale", 0}}},
		{"okta-dont-push.json", []want{{CodeAddOnly, SevError, "name.familyName", 2}}},
		{"table-typo.csv", []want{{CodeUnknownTarget, SevError, "name.familyNmae", 6}}},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			got := Analyse(load(t, c.file), contractReqs(t))
			var gotW []want
			for _, f := range got {
				gotW = append(gotW, want{f.Code, f.Severity, f.Target, f.Row})
				assert.NotEmpty(t, f.Why, "finding %s has no why", f.Code)
				assert.NotEmpty(t, f.Fix, "finding %s has no fix", f.Code)
			}
			assert.Equal(t, c.want, gotW, "findings: %+v", got)
		})
	}
}

// The findings no fixture file shows, each from a correct mapping with one
// change made in the test.
func TestStaticFindingsPerMistake(t *testing.T) {
	base := "source,target,default\nemail,userName,\nobjectGuid,externalId,\nstatus,active,\ndisplayName,displayName,\nfirstname,name.givenName,\nlastname,name.familyName,\nemail,\"emails[type eq \"\"work\"\"].value\",\nlanguage,locale,en-US\n"
	entra, err := os.ReadFile(filepath.Join("testdata", "entra-cantara-default.json"))
	require.NoError(t, err)
	okta, err := os.ReadFile(filepath.Join("testdata", "okta-cantara.json"))
	require.NoError(t, err)
	cases := []struct {
		name, file, content string
		want                []string
	}{
		{"read-only target", "m.csv", base + "objectGuid,id,\n", []string{CodeReadOnlyTarget + ":id"}},
		{"meta is read-only", "m.csv", base + "created,meta.created,\n", []string{CodeReadOnlyTarget + ":meta.created"}},
		{"two rows write one target", "m.csv", base + "cn,displayName,\n", []string{CodeDuplicateTarget + ":displayName"}},
		{"a constant name", "m.csv", strings.Replace(base, "firstname,name.givenName", `"""Jane""",name.givenName`, 1), []string{CodeConstant + ":name.givenName"}},
		{"a constant active", "m.csv", strings.Replace(base, "status,active", `"""true""",active`, 1), []string{CodeConstant + ":active"}},
		{"Entra userName fed by mail", "s.json", strings.Replace(string(entra), "\"expression\": \"[userPrincipalName]\",\n                \"name\": \"userPrincipalName\"", "\"expression\": \"[mail]\",\n                \"name\": \"mail\"", 1), []string{CodeMatchingNotUnique + ":userName"}},
		{"Okta userName fed by email", "o.json", strings.Replace(string(okta), `"properties": {`, `"properties": {
    "userName": {"expression": "user.email", "pushStatus": "PUSH"},`, 1), []string{CodeMatchingNotUnique + ":userName"}},
		{"a constant locale is fine", "m.csv", strings.Replace(base, "language,locale,en-US", `"""en-US""",locale,`, 1), nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, err := Parse(c.file, []byte(c.content))
			require.NoError(t, err)
			var got []string
			for _, f := range Analyse(m, contractReqs(t)) {
				got = append(got, f.Code+":"+f.Target)
			}
			assert.Equal(t, c.want, got)
		})
	}
}
