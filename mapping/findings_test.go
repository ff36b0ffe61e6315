package mapping

import (
	"path/filepath"
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
