package mapping

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	return p
}

func TestParsesEachFormat(t *testing.T) {
	m := load(t, "entra-cantara-default.json")
	assert.Equal(t, FormatEntra, m.Format)
	assert.Len(t, m.Rows, 20, "the Users mapping only, not the Groups one")
	assert.Equal(t, Row{N: 1, Target: "userName", Source: "userPrincipalName", Kind: SourceAttribute, Matching: 1, FlowLabel: "Always"},
		Row{N: m.Rows[0].N, Target: m.Rows[0].Target, Source: m.Rows[0].Source, Kind: m.Rows[0].Kind, Matching: m.Rows[0].Matching, FlowLabel: m.Rows[0].FlowLabel})
	assert.Greater(t, m.Rows[0].Line, 1, "rows know their line")
	locale := m.Rows[5]
	assert.Equal(t, "locale", locale.Target)
	assert.Equal(t, "en-US", locale.Default)

	o := load(t, "okta-cantara.json")
	assert.Equal(t, FormatOkta, o.Format)
	var targets []string
	for _, r := range o.Rows {
		targets = append(targets, r.Target)
	}
	assert.Equal(t, []string{"name.givenName", "name.familyName", `emails[type eq "work"].value`, "displayName", "title", "locale",
		`phoneNumbers[type eq "work"].value`, `phoneNumbers[type eq "mobile"].value`,
		"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", "userName", "externalId", "active"}, targets,
		"file order; type selectors are no rows; Okta fills userName, externalId and active itself")

	c := load(t, "table-onelogin.csv")
	assert.Equal(t, FormatTable, c.Format)
	assert.Equal(t, 9, len(c.Rows))
	assert.Equal(t, 9, c.Rows[7].Line)
	assert.Equal(t, "en-US", c.Rows[7].Default)

	y := load(t, "table-jumpcloud.yaml")
	assert.Equal(t, 8, len(y.Rows))
	assert.Equal(t, 3, y.Rows[0].Line)

	p := load(t, "profile-with-source.json")
	assert.Equal(t, FormatProfile, p.Format)
	assert.Len(t, p.Rows, 8, "the phone row has no source: not mapped")
	assert.Equal(t, SourceConstant, p.Rows[7].Kind)
}

// Bad input names the file, the line and column, and what was expected;
// it never panics.
func TestBadInput(t *testing.T) {
	entra, err := os.ReadFile(filepath.Join("testdata", "entra-cantara-default.json"))
	require.NoError(t, err)
	truncated := writeTemp(t, "schema.json", string(entra[:len(entra)/2]))
	lines := strings.Count(string(entra[:len(entra)/2]), "\n") + 1
	groupsOnly := writeTemp(t, "groups.json", `{"synchronizationRules":[{"objectMappings":[{"name":"Provision Groups","sourceObjectName":"Group","attributeMappings":[]}]}]}`)
	huge := filepath.Join(t.TempDir(), "huge.json")
	require.NoError(t, os.WriteFile(huge, []byte("{"), 0o644))
	require.NoError(t, os.Truncate(huge, 50<<20))

	cases := []struct {
		name, path string
		line       int
		want       string
	}{
		{"truncated JSON", truncated, lines, "expected the rest of the JSON document, got the end of the file"},
		{"Entra job instead of its schema", filepath.Join("testdata", "entra-job-not-schema.json"), 1, "got an Entra synchronization job: export its schema instead"},
		{"schema without a Users mapping", groupsOnly, 1, `expected an enabled object mapping of Users (sourceObjectName "User")`},
		{"Okta mapping in the wrong direction", filepath.Join("testdata", "okta-import-direction.json"), 1, `expected the mapping from the Okta user to the app`},
		{"CSV without a target column", filepath.Join("testdata", "table-missing-column.csv"), 1, `expected a header row with the columns source, target and optionally default`},
		{"50 MB file", huge, 0, "expected a mapping export of at most 8 MB, got 50.0 MB"},
		{"empty file", writeTemp(t, "empty.json", "  \n"), 1, "got an empty file"},
		{"not JSON", writeTemp(t, "mapping.json", "userName,locale\n"), 1, "expected a JSON object"},
		{"SCIM user instead of a mapping", writeTemp(t, "user.json", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"a"}`), 1, "got a SCIM resource"},
		{"CSV row with an open quote", writeTemp(t, "m.csv", "source,target\nmail,\"userName\n"), 2, "expected a row of comma-separated values"},
		{"CSV row without a target", writeTemp(t, "m.csv", "source,target\nmail,\n"), 2, "row 1: expected a SCIM target"},
		{"YAML syntax error", writeTemp(t, "m.yaml", "- source: mail\n  target: [userName\n"), 2, "expected a YAML list"},
		{"YAML of the wrong shape", writeTemp(t, "m.yaml", "source: mail\ntarget: userName\n"), 1, "expected a list of {source, target, default} entries"},
		{"YAML with a misspelt key", writeTemp(t, "m.yaml", "- source: mail\n  taget: userName\n"), 2, "expected a YAML list"},
		{"Okta property of the wrong type", writeTemp(t, "okta.json", `{"source":{"type":"user"},"target":{"type":"appuser"},"properties":{"locale":"user.locale"}}`), 1, `property "locale": expected {"expression"`},
		{"profile with a bad path", writeTemp(t, "p.json", `{"attributes":[{"scim":"userName","source":"mail"},{"scim":"emails.value","source":"mail"}]}`), 1, "profile attribute 2"},
		{"missing file", filepath.Join(t.TempDir(), "nope.json"), 0, "expected a readable file"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Load(c.path)
			require.Error(t, err)
			var ie *InputError
			require.ErrorAs(t, err, &ie)
			assert.Equal(t, c.path, ie.File)
			assert.Equal(t, c.line, ie.Line, "%v", err)
			assert.Contains(t, err.Error(), c.want)
		})
	}
}

func TestBadUsersFile(t *testing.T) {
	m := load(t, "entra-cantara-default.json")
	_, err := LoadUsers(writeTemp(t, "u.csv", "userPrincipalName,mail\na@example.com,a@example.com\n"), m)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "u.csv:1:1: expected a column for every IdP attribute the mapping reads, got none for displayName, jobTitle")
	_, err = LoadUsers(writeTemp(t, "u.csv", "email,id,activated,displayname,firstname,lastname,locale\na@example.com,1,true,A B,A,B,en-US,extra\n"), load(t, "table-jumpcloud.yaml"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "u.csv:2:")
	assert.Contains(t, err.Error(), "expected a row of 7 values, as in the header")
	users, err := LoadUsers(filepath.Join("testdata", "entra-users-export.csv"), m)
	require.NoError(t, err)
	require.Len(t, users, 6)
	assert.Equal(t, "False", users[0].Values["issoftdeleted"], "Entra fills IsSoftDeleted itself")
	assert.Equal(t, "5f1c7b3e-2a4d-4c1e-9b8a-0d6e2f4a7c11", users[0].Values["objectid"], "the export's id column is objectId")
}

// The parsers never panic, whatever the bytes: each format from its
// fixtures (one fuzz target per format keeps the inputs small).
func FuzzParseJSON(f *testing.F) {
	fuzzFormat(f, ".json", "okta-cantara.json", "profile-with-source.json", "entra-job-not-schema.json")
}
func FuzzParseCSV(f *testing.F)  { fuzzFormat(f, ".csv", "table-onelogin.csv", "table-typo.csv") }
func FuzzParseYAML(f *testing.F) { fuzzFormat(f, ".yaml", "table-jumpcloud.yaml") }

func fuzzFormat(f *testing.F, ext string, seeds ...string) {
	for _, name := range seeds {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	if ext == ".json" {
		f.Add([]byte(`{"synchronizationRules":[{"objectMappings":[{"sourceObjectName":"User","attributeMappings":[{"source":{"type":"Function","expression":"Switch([a], , \"x\""},"targetAttributeName":"active","defaultValue":"x","matchingPriority":1}]}]}]}`))
	}
	reqs, err := ContractRequirements()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Parse("fuzz"+ext, data)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("expected an *InputError, got %T: %v", err, err)
			}
			return
		}
		Analyse(m, reqs)
		for _, r := range m.Rows {
			r.Eval(Values{})
		}
	})
}

// The expression evaluators never panic and compile what they evaluate.
func FuzzExpressions(f *testing.F) {
	for _, s := range []string{`Switch([IsSoftDeleted], , "False", "True", "True", "False")`, `Join(" ", [givenName], [surname])`, `IIF([country]="USA",[country],[department])`,
		`user.locale != null ? user.locale : 'en-US'`, `user.displayName ?: user.firstName + ' ' + user.lastName`, `String.toLowerCase(user.email)`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		v := Values{"issoftdeleted": "False", "givenname": "Ada", "locale": "de-DE"}
		if e, err := compileEntra(src); err == nil && e != nil {
			e.eval(v)
		}
		if e, err := compileOkta(src); err == nil && e != nil {
			e.eval(v)
		}
	})
}
