package simulator

// The background population: a small directory shaped like a real one,
// created once per run before the scenarios so that filters, sorting,
// paging and PATCH meet a tenant that is not empty. Real directories mix
// complete and sparse profiles, inactive accounts, names in many scripts
// and the same name spelled in different cases, and result sets that fall
// just short of, on, and just past a page.

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
)

// PopulationPageSize is the page size the population's sets are built
// around: set "a" is one short of it, "b" exactly it, "c" one past it.
const PopulationPageSize = 10

// Completeness of a population user's optional attributes.
const (
	ProfileFull     = "full"     // every profile attribute, work phone included
	ProfileNoPhone  = "no-phone" // the optional phone left out
	ProfileMinimal  = "minimal"  // userName, externalId and active only
	ProfileNoEmail  = "no-email" // names but no email
	ProfileInactive = "inactive" // complete, but active false
)

// xProfiles cycles through set "x" so every completeness occurs there.
var xProfiles = []string{ProfileFull, ProfileNoPhone, ProfileMinimal, ProfileNoEmail, ProfileInactive}

// populationNames are spellings real directories hold: accents, other
// scripts, particles in lower case, and the same family name in three cases
// (Müller, MÜLLER, müller) beside a different spelling (Mueller).
var populationNames = [][2]string{
	{"José", "García"}, {"JOSÉ", "GARCÍA"}, {"Zoë", "Ångström"}, {"Łukasz", "Żółć"},
	{"Anna", "Müller"}, {"Jan", "MÜLLER"}, {"Eva", "müller"}, {"Max", "Mueller"},
	{"Chloé", "de la Cruz"}, {"Dirk", "van Dijk"}, {"Siobhán", "O'Brien"}, {"Thảo", "Nguyễn"},
	{"Анна", "Иванова"}, {"Yui", "山田"}, {"Émile", "Zola"}, {"emma", "zola"},
	{"Ole", "Ørsted"}, {"Ayşe", "Yılmaz"}, {"Björk", "Guðmundsdóttir"}, {"Kofi", "Mensah"},
}

var populationLocales = []string{"en-US", "de-DE", "fr-FR", "es-ES", "ja-JP", "pl-PL", "tr-TR"}

// PopulationUser is one member of the population.
type PopulationUser struct {
	User
	Key     string // "x07", "b10": the set and the position in it
	Set     string // "a", "b", "c" or "x"
	Profile string // a Profile* completeness
}

// PopulationGroup is one group of the population.
type PopulationGroup struct {
	Key         string // "empty", "one", "ten", "eleven"
	DisplayName string
	ID          string
	Members     []*PopulationUser
}

// Population is the run's background directory.
type Population struct {
	Marker string // prefix of every userName and group name of the population
	Users  []*PopulationUser
	Groups []*PopulationGroup
}

// NewPopulation lays out the population the seed determines; nothing is
// sent until Create. Sizes: set "x" holds 90 users of every completeness
// and spelling, sets "a", "b" and "c" hold 9, 10 and 11 complete users
// (one short of, on and past PopulationPageSize); groups hold 0, 1, 10 and
// 11 members.
func NewPopulation(seed int64) *Population {
	r := rand.New(rand.NewPCG(uint64(seed), 0x706f70756c617465)) // "populate"
	p := &Population{Marker: fmt.Sprintf("pop%08x", r.Uint32())}
	add := func(set string, n int, profile func(i int) string) []*PopulationUser {
		var out []*PopulationUser
		for i := 1; i <= n; i++ {
			name := populationNames[(i-1+len(set)*7)%len(populationNames)]
			if set == "x" {
				name = populationNames[(i-1)%len(populationNames)]
			}
			u := p.newUser(r, set, i, name, profile(i))
			p.Users = append(p.Users, u)
			out = append(out, u)
		}
		return out
	}
	// x first: the sets scenarios page through come last in the tenant, so
	// a target that pages before it filters misses them.
	x := add("x", 90, func(i int) string { return xProfiles[(i-1)%len(xProfiles)] })
	add("a", PopulationPageSize-1, func(int) string { return ProfileNoPhone })
	b := add("b", PopulationPageSize, func(int) string { return ProfileNoPhone })
	c := add("c", PopulationPageSize+1, func(int) string { return ProfileNoPhone })
	p.Groups = []*PopulationGroup{
		{Key: "empty"}, {Key: "one", Members: x[:1]}, {Key: "ten", Members: b}, {Key: "eleven", Members: c},
	}
	for _, g := range p.Groups {
		g.DisplayName = p.Marker + " " + g.Key
	}
	return p
}

func (p *Population) newUser(r *rand.Rand, set string, i int, name [2]string, profile string) *PopulationUser {
	key := fmt.Sprintf("%s%02d", set, i)
	local := asciiSlug(name[0])
	u := &PopulationUser{Key: key, Set: set, Profile: profile, User: User{
		UserName:   fmt.Sprintf("%s-%s-%s@example.com", p.Marker, key, local),
		ExternalID: fmt.Sprintf("%08x-%04x-4%03x-a%03x-%012x", r.Uint32(), r.Uint32()&0xffff, r.Uint32()&0xfff, r.Uint32()&0xfff, r.Uint64()&0xffffffffffff),
		Active:     profile != ProfileInactive,
	}}
	if profile == ProfileMinimal {
		return u
	}
	u.GivenName, u.FamilyName = name[0], name[1]
	u.DisplayName = name[0] + " " + name[1]
	u.Locale = populationLocales[r.IntN(len(populationLocales))]
	if profile != ProfileNoEmail {
		u.Email = fmt.Sprintf("%s.%s@work.example.com", key, p.Marker)
	}
	if profile == ProfileFull || profile == ProfileInactive {
		u.Phone = fmt.Sprintf("+1555%07d", r.IntN(10_000_000))
	}
	return u
}

// asciiSlug keeps the ASCII letters and digits of a name, lower-cased:
// userNames stay ASCII (as Entra's UPNs are), so a target that restricts
// them still takes the population; the names carry the other scripts.
func asciiSlug(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		if r < 128 && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "u"
	}
	return b.String()
}

// Body is the SCIM resource the population POSTs for u: only the
// attributes its completeness gives it.
func (u *PopulationUser) Body() map[string]any {
	body := map[string]any{
		"schemas":    []string{"urn:ietf:params:scim:schemas:core:2.0:User"},
		"userName":   u.UserName,
		"externalId": u.ExternalID,
		"active":     u.Active,
	}
	if u.DisplayName != "" {
		body["displayName"] = u.DisplayName
	}
	if u.GivenName != "" || u.FamilyName != "" {
		body["name"] = map[string]any{"givenName": u.GivenName, "familyName": u.FamilyName}
	}
	if u.Locale != "" {
		body["locale"] = u.Locale
	}
	if u.Email != "" {
		body["emails"] = []map[string]any{{"value": u.Email, "type": "work", "primary": true}}
	}
	if u.Phone != "" {
		body["phoneNumbers"] = []map[string]any{{"value": u.Phone, "type": "work"}}
	}
	return body
}

// Subset returns the users a named subset holds, sorted by key, and
// whether the name is known. Names: a set ("a", "b", "c", "x"), or
// "x <predicate>" with a predicate of PopulationPredicates.
func (p *Population) Subset(name string) ([]*PopulationUser, bool) {
	set, pred, _ := strings.Cut(name, " ")
	keep := func(*PopulationUser) bool { return true }
	if pred != "" {
		f, ok := PopulationPredicates[pred]
		if !ok {
			return nil, false
		}
		keep = f
	}
	var out []*PopulationUser
	known := false
	for _, u := range p.Users {
		if u.Set != set {
			continue
		}
		known = true
		if keep(u) {
			out = append(out, u)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, known
}

// PopulationPredicates name the subsets features compare results with;
// each is computed from the generated data, so no expected list is typed
// by hand.
var PopulationPredicates = map[string]func(*PopulationUser) bool{
	"users with a phone":                       func(u *PopulationUser) bool { return u.Phone != "" },
	"users without an email":                   func(u *PopulationUser) bool { return u.Email == "" },
	"users without a family name":              func(u *PopulationUser) bool { return u.FamilyName == "" },
	"inactive users":                           func(u *PopulationUser) bool { return !u.Active },
	"users named Müller in any case":           func(u *PopulationUser) bool { return strings.EqualFold(u.FamilyName, "Müller") },
	"users whose given name is José, any case": func(u *PopulationUser) bool { return strings.EqualFold(u.GivenName, "José") },
}

// Group returns the population group with that key.
func (p *Population) Group(key string) (*PopulationGroup, bool) {
	for _, g := range p.Groups {
		if g.Key == key {
			return g, true
		}
	}
	return nil, false
}

// populationWorkers bounds the requests the population has in flight: a
// target 50 ms away takes 248 sequential requests in 12 s, eight at a time
// in under 2 s, and eight is well inside what any IdP sends a tenant.
const populationWorkers = 8

// Create sends the population through c: every user (POST /Users, 201),
// then every group with its members (POST /Groups, 201), a few requests at a
// time. It stops starting requests at the first failure and returns it;
// Delete removes whatever was created.
func (p *Population) Create(ctx context.Context, c *Client) error {
	err := inParallel(ctx, len(p.Users), func(ctx context.Context, i int) error {
		u := p.Users[i]
		id, err := createResource(ctx, c, "/Users", u.Body(), "population: create "+u.Key)
		u.ID = id
		return err
	})
	if err != nil {
		return err
	}
	return inParallel(ctx, len(p.Groups), func(ctx context.Context, i int) error {
		g := p.Groups[i]
		members := make([]map[string]any, 0, len(g.Members))
		for _, m := range g.Members {
			members = append(members, map[string]any{"value": m.ID})
		}
		body := map[string]any{
			"schemas":     []string{"urn:ietf:params:scim:schemas:core:2.0:Group"},
			"displayName": g.DisplayName,
			"members":     members,
		}
		id, err := createResource(ctx, c, "/Groups", body, "population: create group "+g.Key)
		g.ID = id
		return err
	})
}

// inParallel calls fn for 0..n-1 with at most populationWorkers at once.
// After the first error no new call starts; it returns that first error.
func inParallel(ctx context.Context, n int, fn func(context.Context, int) error) error {
	var (
		mu    sync.Mutex
		first error
		wg    sync.WaitGroup
		slots = make(chan struct{}, populationWorkers)
	)
	failed := func() bool { mu.Lock(); defer mu.Unlock(); return first != nil }
	for i := 0; i < n && !failed() && ctx.Err() == nil; i++ {
		slots <- struct{}{}
		wg.Go(func() {
			defer func() { <-slots }()
			if err := fn(ctx, i); err != nil {
				mu.Lock()
				if first == nil {
					first = err
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if first == nil && ctx.Err() != nil {
		return ctx.Err()
	}
	return first
}

func createResource(ctx context.Context, c *Client, path string, body any, note string) (string, error) {
	ex, err := c.Do(ctx, Request{Method: http.MethodPost, Path: path, Body: body, Note: note})
	if err != nil {
		return "", err
	}
	if ex.Status != http.StatusCreated {
		return "", &StatusError{Exchange: ex, Expected: []int{http.StatusCreated}, Context: note}
	}
	var doc struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(ex.ResponseBody, &doc); err != nil || doc.ID == "" {
		return "", &ResponseError{Exchange: ex, Context: note, Expected: "the created resource with its id", Got: fmt.Sprintf("%d bytes without an id", len(ex.ResponseBody))}
	}
	return doc.ID, nil
}

// Delete removes what Create made, groups first, then users, a few at a
// time; it goes on past failures and returns them all.
func (p *Population) Delete(ctx context.Context, c *Client) []error {
	var (
		mu   sync.Mutex
		errs []error
	)
	del := func(path, id, note string) {
		if id == "" {
			return
		}
		ex, err := c.Do(ctx, Request{Method: http.MethodDelete, Path: path + "/" + url.PathEscape(id), Note: note})
		mu.Lock()
		defer mu.Unlock()
		switch {
		case err != nil:
			errs = append(errs, fmt.Errorf("%s: %w", note, err))
		case ex.Status != http.StatusNoContent && ex.Status != http.StatusNotFound:
			errs = append(errs, &StatusError{Exchange: ex, Expected: []int{http.StatusNoContent}, Context: note})
		}
	}
	// Errors are collected, never returned, so every deletion is tried.
	_ = inParallel(ctx, len(p.Groups), func(_ context.Context, i int) error {
		del("/Groups", p.Groups[i].ID, "population: delete group "+p.Groups[i].Key)
		return nil
	})
	_ = inParallel(ctx, len(p.Users), func(_ context.Context, i int) error {
		del("/Users", p.Users[i].ID, "population: delete "+p.Users[i].Key)
		return nil
	})
	return errs
}
