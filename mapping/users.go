package mapping

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/brianvoe/gofakeit/v7"
)

// SampleUser is one user of the dry run: the IdP attributes the mapping reads.
type SampleUser struct {
	Line   int // the CSV line, 0 for a generated user
	Values Values
}

// MaxUsers caps the dry run: each sample user is provisioned, read back
// and removed, and 500 already take a while against a remote tenant.
const MaxUsers = 500

// DefaultUsers is how many users the dry run generates without --users.
const DefaultUsers = 20

// sourceAttrs lists every IdP attribute the mapping reads, in row order.
func (m *Mapping) sourceAttrs() []string {
	var out []string
	for _, r := range m.Rows {
		for _, a := range r.Attrs {
			out = addAttr(out, a)
		}
	}
	return out
}

// filledByIdP are attributes the IdP fills for every user it provisions, so
// an export need not carry them: Entra's IsSoftDeleted is False for an
// assigned user; Okta's own user id and status come with the user.
var filledByIdP = map[string]string{"issoftdeleted": "False", "status": "ACTIVE"}

// columnAliases are export column names for attributes mappings name
// otherwise (Entra's user export says "id" where mappings say objectId).
var columnAliases = map[string][]string{
	"objectid": {"id", "object id"},
	"surname":  {"last name"},
	"login":    {"username", "user.login"},
}

// LoadUsers reads sample users from a CSV whose header names the IdP's
// attributes (an Entra or Okta user export, or one written by hand). Every
// attribute the mapping reads needs a column; an empty cell is an empty value.
func LoadUsers(path string, m *Mapping) ([]SampleUser, error) {
	data, err := readCapped(path)
	if err != nil {
		return nil, err
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
	r.FieldsPerRecord = 0 // every row as wide as the header
	header, err := r.Read()
	if err != nil {
		return nil, csvError(path, err, "a header row naming the IdP attributes (e.g. userPrincipalName,givenName,surname,mail,preferredLanguage)")
	}
	cols := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		h = strings.TrimPrefix(h, "user.")
		cols[h] = i
	}
	find := func(attr string) (int, bool) {
		a := strings.ToLower(attr)
		if i, ok := cols[a]; ok {
			return i, true
		}
		for _, alias := range columnAliases[a] {
			if i, ok := cols[alias]; ok {
				return i, true
			}
		}
		return 0, false
	}
	var missing []string
	for _, a := range m.sourceAttrs() {
		if _, ok := find(a); !ok && !m.implicitAttr(a) {
			if _, filled := filledByIdP[strings.ToLower(a)]; !filled {
				missing = append(missing, a)
			}
		}
	}
	if len(missing) > 0 {
		return nil, &InputError{File: path, Line: 1, Column: 1, Problem: fmt.Sprintf("expected a column for every IdP attribute the mapping reads, got none for %s (add the column; leave a cell empty for a user without the value)", strings.Join(missing, ", "))}
	}
	var users []SampleUser
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, csvError(path, err, fmt.Sprintf("a row of %d values, as in the header", len(header)))
		}
		if len(users) == MaxUsers {
			return nil, &InputError{File: path, Problem: fmt.Sprintf("expected at most %d sample users (each one is provisioned and removed again), got more: pick a sample", MaxUsers)}
		}
		line, _ := r.FieldPos(0)
		v := Values{}
		for _, a := range m.sourceAttrs() {
			key := strings.ToLower(a)
			if i, ok := find(a); ok {
				v[key] = strings.TrimSpace(rec[i])
			} else if d, ok := filledByIdP[key]; ok {
				v[key] = d
			} else if m.implicitAttr(a) {
				v[key] = fmt.Sprintf("00u%08x", line) // Okta's own user id
			}
		}
		users = append(users, SampleUser{Line: line, Values: v})
	}
	if len(users) == 0 {
		return nil, &InputError{File: path, Line: 2, Column: 1, Problem: "expected at least one user under the header, got none"}
	}
	return users, nil
}

// implicitAttr reports whether only an implicit row reads attr (Okta's id).
func (m *Mapping) implicitAttr(attr string) bool {
	implicit := false
	for _, r := range m.Rows {
		if containsFold(r.Attrs, attr) {
			if r.Kind != SourceImplicit {
				return false
			}
			implicit = true
		}
	}
	return implicit
}

// GenerateUsers makes n users that fill every attribute the mapping reads,
// from seed. The attributes directories commonly leave empty are left
// empty on purpose for about one user in four each, so the dry run shows
// what such a user gets.
func GenerateUsers(m *Mapping, n int, seed int64, suffix string) []SampleUser {
	s := uint64(seed)
	if s == 0 {
		s = 0x6d617070
	}
	f := gofakeit.New(s)
	attrs := m.sourceAttrs()
	var maybe []string
	for _, a := range attrs {
		if containsFold(m.MaybeEmpty, a) {
			maybe = append(maybe, a)
		}
	}
	users := make([]SampleUser, n)
	for i := range users {
		given, family := f.FirstName(), f.LastName()
		local := fmt.Sprintf("%s.%s.%s%d", asciiLower(given), asciiLower(family), suffix, i+1)
		v := Values{}
		for _, a := range attrs {
			v[strings.ToLower(a)] = fakeValue(f, a, given, family, local)
		}
		for j, a := range maybe {
			if (i+j)%4 == 3 {
				v[strings.ToLower(a)] = ""
			}
		}
		users[i] = SampleUser{Values: v}
	}
	return users
}

var fakeLocales = []string{"en-US", "en-GB", "de-DE", "fr-FR", "nl-NL", "sv-SE", "es-ES", "ja-JP"}

// fakeValue invents a value shaped like the attribute its name says.
func fakeValue(f *gofakeit.Faker, attr, given, family, local string) string {
	a := strings.ToLower(attr)
	has := func(words ...string) bool {
		return slices.ContainsFunc(words, func(w string) bool { return strings.Contains(a, w) })
	}
	switch {
	case a == "issoftdeleted":
		return "False"
	case a == "accountenabled" || a == "activated" || a == "active" || a == "enabled":
		return "true"
	case a == "status":
		return "ACTIVE"
	case has("mailnickname", "samaccount", "nickname"):
		return local
	case has("mail", "principal", "login", "username", "upn"):
		return local + "@example.com"
	case a == "id" || has("objectid", "guid", "uuid", "immutable"):
		return f.UUID()
	case has("given", "first"):
		return given
	case has("surname", "last", "family") || a == "sn":
		return family
	case has("displayname") || a == "cn" || a == "name":
		return given + " " + family
	case has("language", "locale"):
		return fakeLocales[f.Number(0, len(fakeLocales)-1)]
	case has("usagelocation", "country"):
		return f.CountryAbr()
	case has("phone", "mobile", "telephone", "fax"):
		return fmt.Sprintf("+1%d55501%02d", f.Number(201, 989), f.Number(0, 99))
	case has("title"):
		return f.JobTitle()
	case has("department", "division"):
		return f.JobDescriptor()
	case has("employee", "number"):
		return f.Numerify("E#####")
	case has("city", "locality"):
		return f.City()
	case has("street"):
		return f.Street()
	case has("postal", "zip"):
		return f.Zip()
	case has("state", "region"):
		return f.StateAbr()
	}
	return f.Word()
}

func asciiLower(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "x"
	}
	return b.String()
}
