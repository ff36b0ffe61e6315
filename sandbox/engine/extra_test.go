package engine

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// thingResource has one attribute of every type the core schemas lack.
func thingResource() ResourceSchema {
	return ResourceSchema{Name: "Thing", Core: Schema{ID: "urn:test:Thing", Attributes: []Attribute{
		newAttr("count", TypeInteger, ""), newAttr("ratio", TypeDecimal, ""),
		newAttr("when", TypeDateTime, ""), newAttr("blob", TypeBinary, ""),
		boolean("flag", ""),
	}}}
}

func TestNormalizeScalarTypes(t *testing.T) {
	rs := thingResource()
	got, err := Normalize(rs, Resource{"count": 3.0, "ratio": 0.5, "when": "2024-02-03T04:05:06Z", "blob": "AAE=", "flag": "TRUE"}, Quirks{})
	require.Nil(t, err)
	assert.Equal(t, Resource{"schemas": []any{"urn:test:Thing"}, "count": 3.0, "ratio": 0.5, "when": "2024-02-03T04:05:06Z", "blob": "AAE=", "flag": true}, got)
	for name, in := range map[string]Resource{
		"fractional integer": {"count": 3.5},
		"integer as string":  {"count": "3"},
		"decimal as string":  {"ratio": "0.5"},
		"bad dateTime":       {"when": "tomorrow"},
		"dateTime number":    {"when": 5.0},
		"binary number":      {"blob": 1.0},
		"flag number":        {"flag": 1.0},
	} {
		_, err := Normalize(rs, in, Quirks{})
		require.NotNil(t, err, name)
		assert.Equal(t, ScimTypeInvalidValue, err.ScimType, name)
	}
}

func TestFilterPresenceAndDates(t *testing.T) {
	u := sampleUser()
	u["meta"] = map[string]any{"created": "2010-01-23T04:56:22Z", "lastModified": 12}
	for expr, want := range map[string]bool{
		`name.givenName pr`:                                true,
		`name.middleName pr`:                               false,
		`emails.type pr`:                                   true,
		`addresses.type pr`:                                false,
		`meta.lastModified gt "2000-01-01T00:00:00Z"`:      false, // ill-typed stored value never matches
		`meta.created ew "22Z"`:                            true,
		`meta.created lt "2010-01-24"`:                     true,
		`emails[value ew ".org" and not (type eq "work")]`: true,
		`emails[primary eq true or type eq "zzz"]`:         true,
		`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager pr`: true,
		`employeeNumber eq "701984"`: true, // extension attribute without its URN
	} {
		f, err := CompileFilter(UserResource(), expr)
		require.Nil(t, err, expr)
		assert.Equal(t, want, f.Match(u), expr)
	}
}

func TestPatchMoreShapes(t *testing.T) {
	groups := GroupResource()
	t.Run("remove members given as bare ids", func(t *testing.T) {
		out := mustPatch(t, groups, sampleGroup(), patchBody(`{"op":"remove","path":"members","value":["u2"]}`), PatchOptions{})
		assert.Equal(t, []string{"u1"}, memberIDs(out))
	})
	t.Run("add on a member filter without sub-attribute creates the member", func(t *testing.T) {
		out := mustPatch(t, groups, sampleGroup(), patchBody(`{"op":"add","path":"members[value eq \"u5\"]","value":{"display":"Five"}}`), PatchOptions{})
		assert.Equal(t, []string{"u1", "u2", "u5"}, memberIDs(out))
		assert.Equal(t, "Five", out["members"].([]any)[2].(map[string]any)["display"])
	})
	t.Run("add on a matching member filter merges", func(t *testing.T) {
		out := mustPatch(t, groups, sampleGroup(), patchBody(`{"op":"add","path":"members[value eq \"u1\"]","value":{"display":"Babs"}}`), PatchOptions{})
		assert.Equal(t, "Babs", out["members"].([]any)[0].(map[string]any)["display"])
	})
	t.Run("set an immutable value that is unset", func(t *testing.T) {
		g := sampleGroup()
		delete(g["members"].([]any)[0].(map[string]any), "type")
		out := mustPatch(t, groups, g, patchBody(`{"op":"add","path":"members[value eq \"u1\"].type","value":"User"}`), PatchOptions{})
		assert.Equal(t, "User", out["members"].([]any)[0].(map[string]any)["type"])
	})
	t.Run("add on a filter whose eq tests contradict", func(t *testing.T) {
		_, err := ApplyPatch(UserResource(), sampleUser(), patchBody(`{"op":"add","path":"emails[type eq \"a\" and type eq \"b\"].value","value":"x"}`), PatchOptions{})
		require.NotNil(t, err)
		assert.Equal(t, ScimTypeNoTarget, err.ScimType)
	})
	t.Run("NonAtomic keeps schemas consistent on failure", func(t *testing.T) {
		u := sampleUser()
		delete(u, EnterpriseUserSchema)
		u["schemas"] = []any{UserSchema}
		_, err := ApplyPatch(UserResource(), u, patchBody(`{"op":"add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department","value":"D"},{"op":"remove","path":"id"}`), PatchOptions{NonAtomic: true})
		require.NotNil(t, err)
		assert.Equal(t, []any{UserSchema, EnterpriseUserSchema}, u["schemas"])
	})
}

func TestSortByTypes(t *testing.T) {
	rs := []Resource{{"id": "a", "count": 10.0, "flag": true, "when": "2024-01-02T00:00:00Z"},
		{"id": "b", "count": 2.0, "flag": false, "when": "2024-01-01T00:00:00Z"}, {"id": "c", "count": "x"}}
	for by, want := range map[string][]string{"count": {"b", "a", "c"}, "flag": {"b", "a", "c"}, "when": {"b", "a", "c"}} {
		list := append([]Resource(nil), rs...)
		require.Nil(t, Sort(thingResource(), list, by, "ascending"))
		assert.Equal(t, want, ids(list), by)
	}
}

func TestWideValueFilters(t *testing.T) {
	u := sampleUser()
	for expr, want := range map[string]bool{
		`emails[value ew ".org" and not (type eq "work")]`:                                                                    true,
		`emails[type eq "work" and value co "example" and primary eq true]`:                                                   true,
		`emails[type eq "work" and value co "example" and primary eq false]`:                                                  false,
		`userName sw "b" and emails[type eq "other" or (type eq "home" and value ew ".org")]`:                                 true,
		`emails[type eq "x" or type eq "y" or type eq "home"] and phoneNumbers[type eq "work" or type eq "x" or type eq "y"]`: true,
		`emails[value eq "a]b" or value eq "x" or type eq "home"]`:                                                            true,
	} {
		f, err := CompileFilter(UserResource(), expr)
		require.Nil(t, err, expr)
		assert.Equal(t, want, f.Match(u), expr)
	}
	for _, bad := range []string{`emails[type eq "work"]]`, `emails[[type eq "x"]]`, `[type eq "x"]`, `emails[type eq "a" and]`,
		`emails[type eq "a" or x[y eq 1]]`, `emails[type eq "a" and b eq "c" and c eq "d"].value`, `emails[ ]`, `userName[a eq 1 or b eq 2 or c eq 3]`} {
		_, err := CompileFilter(UserResource(), bad)
		require.NotNil(t, err, bad)
		assert.Equal(t, ScimTypeInvalidFilter, err.ScimType, bad)
	}
	t.Run("PATCH path with a three-term value filter", func(t *testing.T) {
		out := mustPatch(t, GroupResource(), sampleGroup(), patchBody(`{"op":"remove","path":"members[value eq \"u1\" and type eq \"User\" and display pr]"}`), PatchOptions{})
		assert.Equal(t, []string{"u2"}, memberIDs(out))
		out = mustPatch(t, UserResource(), sampleUser(), patchBody(`{"op":"replace","path":"emails[type eq \"home\" and not (value ew \".com\")].display","value":"Home"}`), PatchOptions{})
		assert.Equal(t, "Home", emailsOf(out)[1].(map[string]any)["display"])
		_, err := ApplyPatch(UserResource(), sampleUser(), patchBody(`{"op":"replace","path":"emails[type eq \"home\" and x eq 1 and y eq 2]x","value":"H"}`), PatchOptions{})
		require.NotNil(t, err)
		assert.Equal(t, ScimTypeInvalidPath, err.ScimType)
	})
}
