package harness

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseTagsAndMatch(t *testing.T) {
	tests := []struct {
		expr  string
		tags  []string
		match bool
	}{
		{"", []string{"@x"}, true},
		{"@contract-groups", []string{"@contract-groups", "@needs-admin"}, true},
		{"contract-groups", []string{"@contract-groups"}, true},
		{"@contract-groups", []string{"@contract-groupsX"}, false},
		{"@a && ~@b", []string{"@a"}, true},
		{"@a && ~@b", []string{"@a", "@b"}, false},
		{"@a && @b, @c", []string{"@c"}, true},
		{"@a && @b, @c", []string{"@a"}, false},
		{"~@sandbox-only", []string{}, true},
		{" @rfc7644-3.5.2 ", []string{"@rfc7644-3.5.2"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			e, err := parseTags(tt.expr)
			require.NoError(t, err)
			assert.Equal(t, tt.match, e.match(tt.tags))
		})
	}
}

func TestParseTagsRejects(t *testing.T) {
	tests := []struct{ expr, want string }{
		{"@a && ", `got ""`},
		{"@a,,@b", `got ""`},
		{"@a @b", `got "@a @b"`},
		{"@a and not @b", "cucumber words"},
		{"(@a)", "parentheses"},
		{"~", `got "~"`},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			_, err := parseTags(tt.expr)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestTagExprAndDistributes(t *testing.T) {
	e, err := parseTags("@a, @b && ~@c")
	require.NoError(t, err)
	got := e.and(tagTerm{Tag: "@idp-okta", Negate: true})
	assert.Equal(t, "@a && ~@idp-okta, @b && ~@c && ~@idp-okta", got.String())
	assert.Equal(t, "~@x", tagExpr(nil).and(tagTerm{Tag: "@x", Negate: true}).String())
	assert.Equal(t, e.String(), e.and().String())
}

// FuzzParseTags: any accepted expression renders to text that parses back
// to the same expression, and godog (which would panic on an empty term)
// never sees one we accepted.
func FuzzParseTags(f *testing.F) {
	for _, seed := range []string{"", "@a", "@a && ~@b, @c", "~@x,@y", "@a &&", ",", "a and b"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, expr string) {
		e, err := parseTags(expr)
		if err != nil {
			return
		}
		again, err := parseTags(e.String())
		require.NoError(t, err, "rendered %q", e.String())
		assert.Equal(t, e, again)
		for _, clause := range e {
			for _, term := range clause {
				assert.NotEqual(t, "@", term.Tag)
			}
		}
	})
}

// TestSectionTagSelectsSubsections: `--tags @rfc7644-3.5.2` means the
// section with its subsections, as h2spec's `http2/6.5` runs 6.5.1-6.5.3;
// a negated section excludes them all; other tags stay exact.
func TestSectionTagSelectsSubsections(t *testing.T) {
	known := []string{"@rfc7644-3.5.2", "@rfc7644-3.5.2.1", "@rfc7644-3.5.2.3", "@rfc7644-3.5.20", "@rfc7644-3.5.1", "@contract-removal", "@contract-removal-extra"}
	tests := []struct {
		expr string
		tags []string
		want bool
	}{
		{"@rfc7644-3.5.2", []string{"@rfc7644-3.5.2.1"}, true},
		{"@rfc7644-3.5.2", []string{"@rfc7644-3.5.2.3", "@must"}, true},
		{"@rfc7644-3.5.2", []string{"@rfc7644-3.5.2"}, true},
		{"@rfc7644-3.5.2", []string{"@rfc7644-3.5.20"}, false},
		{"@rfc7644-3.5.2", []string{"@rfc7644-3.5.1"}, false},
		{"@rfc7644-3.5.2 && @must", []string{"@rfc7644-3.5.2.1"}, false},
		{"@rfc7644-3.5.2 && @must", []string{"@rfc7644-3.5.2.1", "@must"}, true},
		{"~@rfc7644-3.5.2", []string{"@rfc7644-3.5.2.3"}, false},
		{"~@rfc7644-3.5.2", []string{"@rfc7644-3.5.1"}, true},
		{"@contract-removal", []string{"@contract-removal-extra"}, false},
		{"@rfc7644-3.5.1, @rfc7644-3.5.2", []string{"@rfc7644-3.5.2.1"}, true},
	}
	for _, tt := range tests {
		expr, err := parseTags(tt.expr)
		require.NoError(t, err)
		expanded := expr.expand(known)
		assert.Equal(t, tt.want, expanded.match(tt.tags), "%s on %v", tt.expr, tt.tags)
		again, err := parseTags(expanded.String())
		require.NoError(t, err, "godog gets %q", expanded.String())
		assert.Equal(t, tt.want, again.match(tt.tags), "godog's reading of %q", expanded.String())
	}
}

// TestSectionTagRunsSubsectionScenarios: a run and --list select the same
// subsection scenarios from the embedded features.
func TestSectionTagRunsSubsectionScenarios(t *testing.T) {
	selected, err := List(ListOptions{Tags: "@rfc7644-3.5.2"})
	require.NoError(t, err)
	files := map[string]bool{}
	for _, s := range selected {
		files[s.URI] = true
	}
	for _, f := range []string{"rfc7644/3_5_2_patch.feature", "rfc7644/3_5_2_1_patch_add.feature", "rfc7644/3_5_2_2_patch_remove.feature", "rfc7644/3_5_2_3_patch_replace.feature"} {
		assert.True(t, files[f], "expected scenarios of %s", f)
	}
	outcome, err := Run(context.Background(), Config{Tags: "@rfc7644-3.5.2", Seed: 5, OutDir: t.TempDir(), Formats: []string{FormatNone}})
	require.NoError(t, err)
	assert.Equal(t, len(selected), len(outcome.Run.Scenarios))
	assert.Equal(t, ExitPassed, outcome.ExitCode)
}

// TestPromiseTagsSelectAcrossFeatures: every idp/ scenario carries the
// contract promise it checks, so excluding a promise excludes it
// everywhere, and selecting it selects the IdP rows too.
func TestPromiseTagsSelectAcrossFeatures(t *testing.T) {
	idp, err := List(ListOptions{Paths: []string{"idp"}})
	require.NoError(t, err)
	require.NotEmpty(t, idp)
	for _, s := range idp {
		var promise string
		for _, tag := range s.Tags {
			if strings.HasPrefix(tag, "@contract-") {
				promise = tag
			}
		}
		assert.NotEmpty(t, promise, "%s (%s:%d) carries no @contract- promise tag", s.Name, s.URI, s.Line)
		assert.NotEmpty(t, s.Requirement, "%s: the promise's text", s.ID)
	}
	removal, err := List(ListOptions{Tags: "@contract-removal"})
	require.NoError(t, err)
	var idpRemoval int
	for _, s := range removal {
		if strings.HasPrefix(s.URI, "idp/") {
			idpRemoval++
		}
	}
	assert.Positive(t, idpRemoval, "@contract-removal selects the IdP removal rows")
	rest, err := List(ListOptions{Tags: "~@contract-removal"})
	require.NoError(t, err)
	for _, s := range rest {
		assert.False(t, s.HasTag("@contract-removal"), s.ID)
		assert.NotContains(t, strings.ToLower(s.Name), "removing a user", s.ID)
	}
}
