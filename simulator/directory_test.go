package simulator

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	e164      = regexp.MustCompile(`^\+[1-9]\d{7,14}$`)
	guid      = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	emailLike = regexp.MustCompile(`^[a-z0-9.]+@example\.com$`)
)

func TestDirectorySameSeedSameData(t *testing.T) {
	gen := func(seed int64) ([]*User, []*Group, Changes, string) {
		d := NewDirectory(seed)
		var users []*User
		for i := 0; i < 5; i++ {
			users = append(users, d.NewUser())
		}
		groups := []*Group{d.NewGroup(), d.NewGroup()}
		return users, groups, d.NewChanges(users[0]), d.Probe().GUID()
	}
	tests := []struct {
		name string
		a, b int64
		same bool
	}{
		{"same seed", 42, 42, true},
		{"seed zero is reproducible too", 0, 0, true},
		{"different seeds", 42, 43, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u1, g1, c1, p1 := gen(tt.a)
			u2, g2, c2, p2 := gen(tt.b)
			if tt.same {
				assert.Equal(t, u1, u2)
				assert.Equal(t, g1, g2)
				assert.Equal(t, c1, c2)
				assert.Equal(t, p1, p2)
			} else {
				assert.NotEqual(t, u1[0].UserName, u2[0].UserName)
			}
		})
	}
}

func TestDirectoryUserShape(t *testing.T) {
	d := NewDirectory(7)
	names := map[string]bool{}
	for i := 0; i < 200; i++ {
		u := d.NewUser()
		require.False(t, names[u.UserName], "userName %s repeated", u.UserName)
		names[u.UserName] = true
		assert.Regexp(t, emailLike, u.UserName)
		assert.Contains(t, u.UserName, d.Suffix(), "run-unique suffix")
		assert.Regexp(t, guid, u.ExternalID)
		assert.Regexp(t, e164, u.Phone)
		assert.Contains(t, locales, u.Locale)
		assert.Equal(t, u.GivenName+" "+u.FamilyName, u.DisplayName)
		assert.Equal(t, u.UserName, u.Email)
		assert.True(t, u.Active)
		assert.NotEmpty(t, u.Password)
	}
	g := d.NewGroup()
	assert.Contains(t, g.DisplayName, d.Suffix())
	assert.Regexp(t, guid, g.ExternalID)
}

func TestDirectoryRunSuffix(t *testing.T) {
	a := NewDirectory(1)
	b := NewDirectory(1, WithRunSuffix("Run-2!"))
	assert.Equal(t, "run2", b.Suffix())
	ua, ub := a.NewUser(), b.NewUser()
	assert.NotEqual(t, ua.UserName, ub.UserName)
	assert.Equal(t, ua.GivenName, ub.GivenName, "only the suffix differs")
	assert.Len(t, a.Suffix(), 6)
}

func TestDirectoryProbeDoesNotShiftUsers(t *testing.T) {
	a, b := NewDirectory(9), NewDirectory(9)
	_ = b.Probe().GUID()
	_ = b.Probe().NewUser()
	assert.Equal(t, a.NewUser(), b.NewUser())
}
