package harness

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scimharness/scimharness/admin"
	"github.com/scimharness/scimharness/sandbox"
	"github.com/scimharness/scimharness/simulator"
)

// editedProfile writes the embedded profile, changed by edit, into a temp
// file, as a customer editing `scimharness profile` output would.
func editedProfile(t *testing.T, edit func(attrs []map[string]any) []map[string]any) string {
	t.Helper()
	data, err := EmbeddedProfile()
	require.NoError(t, err)
	var doc struct {
		Source     string           `json:"source"`
		Attributes []map[string]any `json:"attributes"`
	}
	require.NoError(t, json.Unmarshal(data, &doc))
	doc.Attributes = edit(doc.Attributes)
	out, err := json.MarshalIndent(doc, "", "  ")
	require.NoError(t, err)
	return writeProfile(t, string(out))
}

func writeProfile(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "my-profile.json")
	require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
	return path
}

// withoutLocale is a Cantara that shows no locale: the customer deleted the row.
func withoutLocale(attrs []map[string]any) []map[string]any {
	var out []map[string]any
	for _, a := range attrs {
		if a["scim"] != "locale" {
			out = append(out, a)
		}
	}
	return out
}

// phoneRequired is a Cantara whose console requires the work phone.
func phoneRequired(attrs []map[string]any) []map[string]any {
	for _, a := range attrs {
		if strings.HasPrefix(a["scim"].(string), "phoneNumbers") {
			a["required"] = true
		}
	}
	return attrs
}

func TestLoadProfile(t *testing.T) {
	def, err := LoadProfile("")
	require.NoError(t, err)
	assert.Equal(t, EmbeddedProfileName, def.Name)
	assert.Equal(t, EmbeddedProfileName+": 9 attributes, 8 required", def.Describe())
	assert.Empty(t, def.Unsent, "the simulated directory fills every default attribute")

	path := editedProfile(t, func(a []map[string]any) []map[string]any {
		a = phoneRequired(withoutLocale(a))
		return append(a, map[string]any{"scim": "title", "required": false})
	})
	got, err := LoadProfile(path)
	require.NoError(t, err)
	assert.Equal(t, path+": 9 attributes, 8 required", got.Describe())
	assert.Equal(t, []string{"title"}, got.Unsent)
	_, hasLocale := got.Profile.Attribute("locale")
	assert.False(t, hasLocale)
}

// Each bad profile is a configuration error (exit 2) whose message names
// the file, the entry and what is wrong with it.
func TestLoadProfileErrors(t *testing.T) {
	tests := []struct {
		name, content string
		want          []string
	}{
		{"bad JSON", "{\n  \"attributes\": [\n    {\"scim\": \"userName\",}\n  ]\n}", []string{"line 3, column 26", "invalid character '}'"}},
		{"unknown SCIM attribute", `{"attributes":[{"scim":"userName","account":"userName"},{"scim":"emial","account":"email"}]}`,
			[]string{`profile attribute 2 ("emial", line 1, column 57)`, `got "emial" (did you mean "emails"?)`}},
		{"missing userName", `{"attributes":[{"scim":"displayName","account":"displayName"}]}`, []string{"expected a userName attribute"}},
		{"duplicate entry", `{"attributes":[{"scim":"userName","account":"userName"},{"scim":"UserName"}]}`, []string{"profile attribute 2", `got "UserName" twice (attributes 1 and 2)`}},
		{"unknown Account field", `{"attributes":[{"scim":"userName","account":"login"}]}`, []string{`profile attribute 1 ("userName", line 1, column 16)`, `expected an Account field the admin API shows`, `got "login"`}},
		{"Account field no IdP attribute shows", `{"attributes":[{"scim":"userName","account":"userName"},{"scim":"externalId","account":"id"}]}`, []string{`profile attribute 2 ("externalId"`, `got "id"`}},
		{"required without Account field", `{"attributes":[{"scim":"userName","account":"userName"},{"scim":"nickName","required":true}]}`, []string{`profile attribute 2 ("nickName"`, "got none"}},
		{"read-only attribute", `{"attributes":[{"scim":"userName","account":"userName"},{"scim":"meta.created"}]}`, []string{"meta is readOnly"}},
		{"empty file", ``, []string{"got an empty file"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeProfile(t, tt.content)
			outcome, err := Run(context.Background(), Config{Profile: path, OutDir: t.TempDir()})
			require.Error(t, err)
			assert.True(t, IsConfigError(err), "expected a *ConfigError, got %T: %v", err, err)
			assert.Equal(t, ExitUsage, ExitCode(outcome, err))
			assert.Contains(t, err.Error(), settingProfile)
			assert.Contains(t, err.Error(), path, "the message names the file")
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}

	t.Run("missing file", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "nope.json")
		_, err := LoadProfile(path)
		require.Error(t, err)
		assert.True(t, IsConfigError(err))
		assert.Contains(t, err.Error(), path)
		assert.Contains(t, err.Error(), "scimharness profile >")
	})
}

// The profile decides what the simulated IdP sends.
func TestProfileChangesCreateBody(t *testing.T) {
	u := simulator.NewDirectory(7).NewUser()
	tests := []struct {
		name      string
		edit      func([]map[string]any) []map[string]any
		hasLocale bool
	}{
		{"embedded default", func(a []map[string]any) []map[string]any { return a }, true},
		{"locale dropped", withoutLocale, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := LoadProfile(editedProfile(t, tt.edit))
			require.NoError(t, err)
			body := simulator.NewIdP(nil, simulator.Generic(), p.Profile, nil).UserBody(u)
			_, hasLocale := body["locale"]
			assert.Equal(t, tt.hasLocale, hasLocale, "create body: %v", body)
			assert.Contains(t, body, "phoneNumbers")
		})
	}
}

// A custom profile changes what the run checks, and the scenarios still
// pass against a sandbox that keeps what the profile asks for.
func TestRunWithCustomProfile(t *testing.T) {
	const tags = "@contract-required-attributes,@contract-updates"
	phoneAsLocale := func(attrs []map[string]any) []map[string]any {
		// a mapping mistake: the work phone read from the console's locale field
		attrs = phoneRequired(withoutLocale(attrs))
		for _, a := range attrs {
			if a["account"] == "phone" {
				a["account"] = "locale"
			}
		}
		return attrs
	}
	tests := []struct {
		name    string
		edit    func([]map[string]any) []map[string]any // nil = embedded default
		faults  []sandbox.Fault
		want    int
		failing string // a scenario that must fail, when want is ExitFailed
	}{
		{"default profile catches a dropped locale", nil, []sandbox.Fault{sandbox.FaultDropLocale}, ExitFailed, "Cantara's account shows every required attribute as sent"},
		{"without locale a Cantara that drops it passes", withoutLocale, []sandbox.Fault{sandbox.FaultDropLocale}, ExitPassed, ""},
		{"required phone passes on a correct sandbox", func(a []map[string]any) []map[string]any { return phoneRequired(withoutLocale(a)) }, nil, ExitPassed, ""},
		{"required phone is compared with its Account field", phoneAsLocale, nil, ExitFailed, "Cantara's account shows every required attribute as sent"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := Config{Tags: tags, Faults: tt.faults, Seed: 5, OutDir: t.TempDir(), Formats: []string{FormatNone}}
			wantName := EmbeddedProfileName
			if tt.edit != nil {
				cfg.Profile = editedProfile(t, tt.edit)
				wantName = cfg.Profile
			}
			var console strings.Builder
			cfg.Stdout = &console
			outcome, err := Run(context.Background(), cfg)
			require.NoError(t, err)
			if !assert.Equal(t, tt.want, outcome.ExitCode) {
				t.Log(console.String())
			}
			assert.Contains(t, console.String(), "attribute profile: "+wantName+":", "header and summary name the profile")
			assert.Equal(t, 2, strings.Count(console.String(), "attribute profile: "+wantName+":"))
			var failed []string
			for _, s := range outcome.Run.Failures() {
				failed = append(failed, s.Name)
			}
			if tt.failing != "" {
				assert.Contains(t, failed, tt.failing)
			}
		})
	}
}

// TestAccountFieldsAreReadByTheAdminAdapter keeps the fields a profile may
// name in step with what the admin adapter can compare.
func TestAccountFieldsAreReadByTheAdminAdapter(t *testing.T) {
	for _, f := range accountFields {
		_, ok := (admin.Account{}).Field(f)
		assert.True(t, ok, "expected admin.Account.Field to read %q, got unknown", f)
	}
}
