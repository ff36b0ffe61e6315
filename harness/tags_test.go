package harness

import (
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
