package simulator

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPopulationIsDeterministicPerSeed(t *testing.T) {
	a, b, c := NewPopulation(7), NewPopulation(7), NewPopulation(8)
	require.Len(t, a.Users, len(b.Users))
	for i := range a.Users {
		assert.Equal(t, a.Users[i].Body(), b.Users[i].Body())
	}
	assert.NotEqual(t, a.Marker, c.Marker, "another seed, another marker")
}

// TestPopulationShape: the sizes around the page, every completeness, the
// spellings and the groups the features rely on are there.
func TestPopulationShape(t *testing.T) {
	p := NewPopulation(42)
	assert.Len(t, p.Users, 120)
	sizes := map[string]int{}
	profiles := map[string]int{}
	names := map[string]bool{}
	seen := map[string]bool{}
	for _, u := range p.Users {
		sizes[u.Set]++
		profiles[u.Profile]++
		names[u.FamilyName] = true
		assert.True(t, strings.HasPrefix(u.UserName, p.Marker+"-"+u.Key+"-"), u.UserName)
		assert.False(t, seen[strings.ToLower(u.UserName)], "userNames unique in any case: %s", u.UserName)
		seen[strings.ToLower(u.UserName)] = true
	}
	assert.Equal(t, map[string]int{"a": PopulationPageSize - 1, "b": PopulationPageSize, "c": PopulationPageSize + 1, "x": 90}, sizes)
	for _, pr := range xProfiles {
		assert.NotZero(t, profiles[pr], pr)
	}
	for _, n := range []string{"Müller", "MÜLLER", "müller", "Mueller", "山田", "Иванова"} {
		assert.True(t, names[n], n)
	}
	want := map[string]int{"empty": 0, "one": 1, "ten": 10, "eleven": 11}
	for key, n := range want {
		g, ok := p.Group(key)
		require.True(t, ok, key)
		assert.Len(t, g.Members, n, key)
		assert.Equal(t, p.Marker+" "+key, g.DisplayName)
	}
}

// TestPopulationBodiesFollowCompleteness: a sparse profile sends only
// what it has, so the target stores it sparse.
func TestPopulationBodiesFollowCompleteness(t *testing.T) {
	p := NewPopulation(3)
	for _, u := range p.Users {
		body := u.Body()
		_, hasName := body["name"]
		_, hasEmail := body["emails"]
		_, hasPhone := body["phoneNumbers"]
		switch u.Profile {
		case ProfileMinimal:
			assert.ElementsMatch(t, []string{"schemas", "userName", "externalId", "active"}, keys(body), u.Key)
		case ProfileNoEmail:
			assert.True(t, hasName, u.Key)
			assert.False(t, hasEmail, u.Key)
		case ProfileNoPhone:
			assert.True(t, hasEmail, u.Key)
			assert.False(t, hasPhone, u.Key)
		case ProfileFull:
			assert.True(t, hasPhone && hasEmail && hasName, u.Key)
		case ProfileInactive:
			assert.Equal(t, false, body["active"], u.Key)
		}
	}
}

func TestPopulationSubsets(t *testing.T) {
	p := NewPopulation(5)
	for name := range PopulationPredicates {
		users, ok := p.Subset("x " + name)
		require.True(t, ok, name)
		assert.NotEmpty(t, users, "x %s: a subset the features compare with must not be empty", name)
		all, _ := p.Subset("x")
		assert.Less(t, len(users), len(all), "x %s: a subset equal to the whole set would not tell a filter from none", name)
	}
	muller, _ := p.Subset("x users named Müller in any case")
	for _, u := range muller {
		assert.NotEqual(t, "Mueller", u.FamilyName)
	}
	_, ok := p.Subset("x users with a moustache")
	assert.False(t, ok)
	_, ok = p.Subset("z")
	assert.False(t, ok)
}

func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
