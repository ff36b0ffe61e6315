package simulator

import (
	"fmt"
	"strings"
	"sync"
	"unicode"

	"github.com/brianvoe/gofakeit/v7"
)

// EmailDomain is the domain of every generated userName and email: reserved
// for examples (RFC 2606), so no real mailbox is ever addressed.
const EmailDomain = "example.com"

var locales = []string{"en-US", "en-GB", "de-DE", "fr-FR", "nl-NL", "sv-SE", "es-ES", "ja-JP"}

// teams name groups the way a directory would ("Finance Teal ab12cd3").
var teams = []string{"Engineering", "Sales", "Finance", "Marketing", "Support", "Legal", "Operations", "Research", "Design", "People"}

// Directory is the IdP's fake user and group store, generated from one
// seed: the same seed gives the same users, groups and ids, so `--seed`
// replays a run exactly. It owns its faker; nothing global is touched.
// Safe for concurrent use.
type Directory struct {
	mu      sync.Mutex
	seed    int64
	faker   *gofakeit.Faker
	suffix  string
	users   int
	groups  int
	changes int
	taken   map[string]bool
	probe   *Directory
}

// DirectoryOption adjusts NewDirectory.
type DirectoryOption func(*Directory)

// WithRunSuffix replaces the seed-derived suffix that keeps userNames and
// group names unique per run; use it to replay a seed against a shared
// tenant that still holds the first run's users.
func WithRunSuffix(s string) DirectoryOption {
	return func(d *Directory) { d.suffix = sanitizeLocal(s) }
}

// NewDirectory returns a directory generated from seed.
func NewDirectory(seed int64, opts ...DirectoryOption) *Directory {
	// gofakeit.New(0) means "random"; map 0 to a fixed value so seed 0 is
	// as reproducible as any other.
	s := uint64(seed)
	if s == 0 {
		s = 0x5c1a7a11
	}
	d := &Directory{seed: seed, faker: gofakeit.New(s), taken: map[string]bool{}}
	// Derived from the seed, so a replay reproduces it, yet different seeds
	// (a fresh one each run) never collide on a shared external tenant.
	d.suffix = strings.ToLower(d.faker.Lexify("??????"))
	for _, o := range opts {
		o(d)
	}
	return d
}

// Seed is the seed the directory was built from.
func (d *Directory) Seed() int64 { return d.seed }

// Suffix is the run-unique part of every userName and group name.
func (d *Directory) Suffix() string { return d.suffix }

// NewUser generates the next user: active, with every profile attribute filled.
func (d *Directory) NewUser() *User {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.users++
	given := d.faker.FirstName()
	family := d.faker.LastName()
	local := fmt.Sprintf("%s.%s.%s%d", sanitizeLocal(given), sanitizeLocal(family), d.suffix, d.users)
	for d.taken[local] { // cannot happen with the counter, but uniqueness is the point
		d.users++
		local = fmt.Sprintf("%s.%s.%s%d", sanitizeLocal(given), sanitizeLocal(family), d.suffix, d.users)
	}
	d.taken[local] = true
	userName := local + "@" + EmailDomain
	return &User{
		UserName:    userName,
		ExternalID:  d.faker.UUID(),
		DisplayName: given + " " + family,
		GivenName:   given,
		FamilyName:  family,
		Email:       userName,
		Phone:       d.phoneLocked(),
		Locale:      locales[d.faker.Number(0, len(locales)-1)],
		Active:      true,
		Password:    d.faker.Lexify("??????") + "-" + d.faker.Numerify("####") + "-Q!",
	}
}

// NewGroup generates the next group (no members).
func (d *Directory) NewGroup() *Group {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.groups++
	name := fmt.Sprintf("%s %s %s%d", teams[d.faker.Number(0, len(teams)-1)], titleWord(d.faker.SafeColor()), d.suffix, d.groups)
	return &Group{DisplayName: name, ExternalID: d.faker.UUID()}
}

// NewChanges generates a realistic update: new names, email and phone.
func (d *Directory) NewChanges(u *User) Changes {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.changes++
	given := d.faker.FirstName()
	family := d.faker.LastName()
	return Changes{
		GivenName:   given,
		FamilyName:  family,
		DisplayName: given + " " + family,
		Email:       fmt.Sprintf("%s.%s.%sc%d@%s", sanitizeLocal(given), sanitizeLocal(family), d.suffix, d.changes, EmailDomain),
		Phone:       d.phoneLocked(),
	}
}

// Probe is a directory for the IdP's own throw-away data (test-connection
// GUIDs and test users), derived from the same seed but drawing from its
// own stream, so probes never shift the scenario's users.
func (d *Directory) Probe() *Directory {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.probe == nil {
		d.probe = NewDirectory(d.seed^0x7e57c0de, WithRunSuffix(d.suffix+"t"))
	}
	return d.probe
}

// GUID returns a fresh deterministic GUID (test-connection probes, fresh externalIds).
func (d *Directory) GUID() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.faker.UUID()
}

// phoneLocked returns a US number in E.164 from the 555-01xx range that is
// reserved for fiction, so no real line is ever stored.
func (d *Directory) phoneLocked() string {
	return fmt.Sprintf("+1%d55501%02d", d.faker.Number(201, 989), d.faker.Number(0, 99))
}

// sanitizeLocal keeps names email-safe: ASCII letters and digits, lower case.
func sanitizeLocal(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "x"
	}
	return b.String()
}

func titleWord(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}
