package engine

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func ids(rs []Resource) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r["id"].(string))
	}
	return out
}

func sortFixture() []Resource {
	return []Resource{
		{"id": "1", "userName": "charlie", "meta": map[string]any{"created": "2020-03-01T00:00:00Z"},
			"emails": []any{map[string]any{"value": "z@x"}, map[string]any{"value": "a@x", "primary": true}}},
		{"id": "2", "userName": "Alice", "meta": map[string]any{"created": "2020-01-01T00:00:00+02:00"},
			"emails": []any{map[string]any{"value": "m@x"}}},
		{"id": "3", "meta": map[string]any{"created": "2020-02-01T00:00:00Z"}},
		{"id": "4", "userName": "bob", "meta": map[string]any{"created": "2019-12-31T23:00:00Z"},
			"emails": []any{map[string]any{"value": "b@x"}}},
	}
}

func TestSort(t *testing.T) {
	cases := []struct {
		by, order string
		want      []string
	}{
		{"userName", "", []string{"2", "4", "1", "3"}},
		{"userName", "ascending", []string{"2", "4", "1", "3"}},
		{"USERNAME", "Descending", []string{"3", "1", "4", "2"}}, // no value: first when descending
		{"meta.created", "ascending", []string{"2", "4", "3", "1"}},
		{"meta.created", "descending", []string{"1", "3", "4", "2"}},
		{"emails", "ascending", []string{"1", "4", "2", "3"}},
		{"emails.value", "descending", []string{"3", "2", "4", "1"}},
		{"urn:ietf:params:scim:schemas:core:2.0:User:userName", "ascending", []string{"2", "4", "1", "3"}},
		{"", "descending", []string{"1", "2", "3", "4"}},
	}
	for _, c := range cases {
		t.Run(c.by+" "+c.order, func(t *testing.T) {
			rs := sortFixture()
			require.Nil(t, Sort(UserResource(), rs, c.by, c.order))
			assert.Equal(t, c.want, ids(rs))
		})
	}
}

func TestSortErrors(t *testing.T) {
	for _, c := range []struct{ by, order string }{{"userName", "sideways"}, {"shoeSize", ""}, {"name", ""}} {
		err := Sort(UserResource(), sortFixture(), c.by, c.order)
		require.NotNil(t, err, c)
		assert.Equal(t, 400, err.Status)
		assert.Equal(t, ScimTypeInvalidValue, err.ScimType)
	}
}

func TestSortIllTypedValuesLast(t *testing.T) {
	rs := []Resource{{"id": "a", "userName": 5}, {"id": "b", "userName": "x"}, {"id": "c"}}
	require.Nil(t, Sort(UserResource(), rs, "userName", "ascending"))
	assert.Equal(t, []string{"b", "a", "c"}, ids(rs))
}
