package simulator

import (
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDialectByName(t *testing.T) {
	for _, name := range []string{"generic", "entra", "entra-compliant", "okta", "onelogin", "jumpcloud", "ping", "OKTA", " entra "} {
		d, err := DialectByName(name)
		require.NoError(t, err, name)
		assert.NotEmpty(t, d.Title)
	}
	_, err := DialectByName("azure")
	require.Error(t, err)
	assert.Contains(t, err.Error(), `got "azure"`)
	assert.Contains(t, err.Error(), "okta")
	assert.Len(t, Dialects(), 7)
	for _, d := range Dialects() {
		assert.Contains(t, DialectNames(), d.Name)
	}
}

func TestLookupRawQuery(t *testing.T) {
	const user = "jo.doe+x@example.com"
	tests := []struct {
		dialect string
		want    string
	}{
		{"generic", `filter=userName%20eq%20"jo.doe%2Bx@example.com"`},
		{"entra", `filter=userName+eq+"jo.doe%2Bx@example.com"`},
		{"entra-compliant", `filter=userName+eq+"jo.doe%2Bx@example.com"`},
		{"okta", `filter=userName%20eq%20"jo.doe%2Bx@example.com"&startIndex=1&count=100`},
		{"ping", `filter=username%20Eq%20"jo.doe%2Bx@example.com"`},
	}
	for _, tt := range tests {
		t.Run(tt.dialect, func(t *testing.T) {
			d, err := DialectByName(tt.dialect)
			require.NoError(t, err)
			got := d.LookupRawQuery(user)
			assert.Equal(t, tt.want, got)
			// Whatever the spelling, a server decodes the same filter.
			q, err := url.ParseQuery(got)
			require.NoError(t, err)
			assert.Equal(t, d.LookupFilter(user), q.Get("filter"))
		})
	}
}

func TestEncodeFilter(t *testing.T) {
	tests := []struct {
		in     string
		spaces SpaceEncoding
		want   string
	}{
		{`a eq "b"`, SpacesPlus, `a+eq+"b"`},
		{`a eq "b"`, SpacesPercent, `a%20eq%20"b"`},
		{`a eq "x&y=z#1%"`, SpacesPercent, `a%20eq%20"x%26y%3Dz%231%25"`},
		{`a eq "José"`, SpacesPlus, `a+eq+"Jos%C3%A9"`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			assert.Equal(t, tt.want, EncodeFilter(tt.in, tt.spaces))
		})
	}
}

func TestDialectSpelling(t *testing.T) {
	tests := []struct {
		dialect           string
		op                string
		falseValue, trueV any
	}{
		{"generic", "replace", false, true},
		{"entra", "Replace", "False", "True"},
		{"entra-compliant", "replace", false, true},
		{"okta", "replace", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.dialect, func(t *testing.T) {
			d, err := DialectByName(tt.dialect)
			require.NoError(t, err)
			assert.Equal(t, tt.op, d.Op("REPLACE"))
			assert.Equal(t, tt.falseValue, d.PatchBools.Bool(false))
			assert.Equal(t, tt.trueV, d.PatchBools.Bool(true))
		})
	}
	assert.Equal(t, `filter=displayName+eq+"A+%5C"B%5C""`, Entra().GroupLookupRawQuery(`A "B"`)[len("excludedAttributes=members&"):])
}
