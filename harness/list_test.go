package harness

import (
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var listFS = fstest.MapFS{
	"contract/tokens.feature": {Data: []byte(`@contract-token-expiry
Feature: Tokens
  @needs-admin
  Scenario: default expiry
    Given x

  @needs-clock
  Scenario: expired token
    Given x
`)},
	"idp/dialects.feature": {Data: []byte(`Feature: Dialects
  @idp-entra
  Scenario: entra deactivates
    Given x

  @idp-okta
  Scenario: okta deactivates
    Given x

  Scenario Outline: every IdP provisions
    Given <n>

    @idp-generic
    Examples:
      | n |
      | 1 |
`)},
}

func TestListSelection(t *testing.T) {
	tests := []struct {
		name  string
		opts  ListOptions
		names []string
	}{
		{"everything, file order", ListOptions{}, []string{"default expiry", "expired token", "entra deactivates", "okta deactivates", "every IdP provisions"}},
		{"by promise", ListOptions{Tags: "@contract-token-expiry && ~@needs-clock"}, []string{"default expiry"}},
		{"by idp keeps untagged scenarios", ListOptions{IdP: "okta"}, []string{"default expiry", "expired token", "okta deactivates"}},
		{"idp and tags", ListOptions{IdP: "entra", Tags: "@idp-entra, @idp-okta"}, []string{"entra deactivates"}},
		{"one file", ListOptions{Paths: []string{"features/idp/dialects.feature"}}, []string{"entra deactivates", "okta deactivates", "every IdP provisions"}},
		{"a directory", ListOptions{Paths: []string{"contract/"}}, []string{"default expiry", "expired token"}},
		{"a file twice, via its directory", ListOptions{Paths: []string{"contract", "contract/tokens.feature"}}, []string{"default expiry", "expired token"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.FeatureFS = listFS
			got, err := List(tt.opts)
			require.NoError(t, err)
			var names []string
			for _, s := range got {
				names = append(names, s.Name)
			}
			assert.Equal(t, tt.names, names)
		})
	}
}

func TestListCarriesLinesTagsAndFeature(t *testing.T) {
	got, err := List(ListOptions{FeatureFS: listFS, Tags: "@idp-generic"})
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, "Dialects", got[0].Feature)
	assert.Equal(t, "idp/dialects.feature", got[0].URI)
	assert.Equal(t, 16, got[0].Line, "an outline row's own line")
	assert.Equal(t, []string{"@idp-generic"}, got[0].Tags)
}

func TestListErrors(t *testing.T) {
	_, err := List(ListOptions{FeatureFS: fstest.MapFS{"bad.feature": {Data: []byte("this is not gherkin\n")}}})
	assert.ErrorContains(t, err, "parse bad.feature")
	_, err = List(ListOptions{FeatureFS: listFS, IdP: "nope"})
	assert.True(t, IsConfigError(err))
	for _, p := range []string{"nope.feature", "contract/tokens", "../contract"} {
		_, err = List(ListOptions{FeatureFS: listFS, Paths: []string{p}})
		assert.True(t, IsConfigError(err), p)
	}
}
