package simulator

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"strings"

	"github.com/scimharness/scimharness/fixtures"
)

// ProfileFile is the profile's name inside fixtures.FS.
const ProfileFile = "profile.json"

// Profile is the recommended-attribute profile (cantara-contract.md section
// 4): the attributes the IdP sends. It is data so a customer whose Cantara
// lists other attributes edits the file, not the code.
type Profile struct {
	Source     string             `json:"source"`
	Attributes []ProfileAttribute `json:"attributes"`
}

// ProfileAttribute is one profile row.
type ProfileAttribute struct {
	SCIM     string `json:"scim"`     // SCIM attribute path, e.g. emails[type eq "work"].value
	Required bool   `json:"required"` // the procedure's "required" column
	Account  string `json:"account"`  // the admin API Account field that shows it in Cantara

	path AttrPath
}

// Path is the parsed SCIM path.
func (a ProfileAttribute) Path() AttrPath { return a.path }

// DefaultProfile loads profile.json from the embedded fixtures.
func DefaultProfile() (Profile, error) {
	return LoadProfile(fixtures.FS, ProfileFile)
}

// LoadProfile reads and validates a profile from fsys (use os.DirFS for a
// customer's edited copy).
func LoadProfile(fsys fs.FS, name string) (Profile, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return Profile{}, fmt.Errorf("read profile: %w", err)
	}
	return ParseProfile(data)
}

// ParseProfile decodes and validates profile JSON: every path must parse,
// none may repeat, userName must be there (IdPs cannot provision without it).
func ParseProfile(data []byte) (Profile, error) {
	var p Profile
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return Profile{}, fmt.Errorf("parse profile: %w", err)
	}
	seen := map[string]bool{}
	for i := range p.Attributes {
		a := &p.Attributes[i]
		path, err := ParseAttrPath(a.SCIM)
		if err != nil {
			return Profile{}, fmt.Errorf("profile attribute %d: %w", i+1, err)
		}
		a.path = path
		key := strings.ToLower(a.SCIM)
		if seen[key] {
			return Profile{}, fmt.Errorf("profile attribute %d: expected each path once, got %q twice", i+1, a.SCIM)
		}
		seen[key] = true
	}
	if _, ok := p.Attribute("userName"); !ok {
		return Profile{}, fmt.Errorf("profile: expected a userName attribute, got none")
	}
	return p, nil
}

// Attribute finds a row by SCIM path (case-insensitive).
func (p Profile) Attribute(scim string) (ProfileAttribute, bool) {
	for _, a := range p.Attributes {
		if strings.EqualFold(a.SCIM, scim) {
			return a, true
		}
	}
	return ProfileAttribute{}, false
}

// Required lists the required rows.
func (p Profile) Required() []ProfileAttribute {
	var out []ProfileAttribute
	for _, a := range p.Attributes {
		if a.Required {
			out = append(out, a)
		}
	}
	return out
}

// Schemas lists the extension schema URNs the profile writes to.
func (p Profile) Schemas() []string {
	var out []string
	for _, a := range p.Attributes {
		if s := a.path.Schema; s != "" && !containsString(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// UserValue is what the IdP sends for this attribute of u; ok is false when
// u has no value (an optional attribute left empty is then not sent).
func (a ProfileAttribute) UserValue(u *User) (any, bool) {
	p := a.path
	if p.Schema == "" {
		switch strings.ToLower(p.Attr) {
		case "username":
			return nonEmpty(u.UserName)
		case "externalid":
			return nonEmpty(u.ExternalID)
		case "active":
			return u.Active, true
		case "displayname":
			return nonEmpty(u.DisplayName)
		case "locale":
			return nonEmpty(u.Locale)
		case "name":
			switch strings.ToLower(p.Sub) {
			case "givenname":
				return nonEmpty(u.GivenName)
			case "familyname":
				return nonEmpty(u.FamilyName)
			case "formatted":
				return nonEmpty(strings.TrimSpace(u.GivenName + " " + u.FamilyName))
			}
		case "emails":
			if strings.EqualFold(subOrValue(p.Sub), "value") {
				return nonEmpty(u.Email)
			}
		case "phonenumbers":
			if strings.EqualFold(subOrValue(p.Sub), "value") {
				return nonEmpty(u.Phone)
			}
		}
	}
	v, ok := u.Extra[a.SCIM]
	return v, ok
}

func nonEmpty(s string) (any, bool) { return s, s != "" }

// ResourceValue reads this attribute from a SCIM resource (JSON as the
// target returned it); attribute names match case-insensitively.
func (a ProfileAttribute) ResourceValue(resource []byte) (any, bool, error) {
	var doc map[string]any
	if err := json.Unmarshal(resource, &doc); err != nil {
		return nil, false, fmt.Errorf("expected a SCIM resource as JSON, got %d bytes that do not parse: %w", len(resource), err)
	}
	v, ok := a.path.get(doc)
	return v, ok, nil
}

// ResourceValue reads any attribute path (profile syntax) from a SCIM resource.
func ResourceValue(resource []byte, scimPath string) (any, bool, error) {
	p, err := ParseAttrPath(scimPath)
	if err != nil {
		return nil, false, err
	}
	return ProfileAttribute{SCIM: scimPath, path: p}.ResourceValue(resource)
}

// Mismatch is one attribute whose value in the target differs from the IdP's.
type Mismatch struct {
	Attribute string
	Expected  any
	Got       any
	Missing   bool
}

func (m Mismatch) String() string {
	if m.Missing {
		return fmt.Sprintf("%s: expected %s, got nothing", m.Attribute, jsonText(m.Expected))
	}
	return fmt.Sprintf("%s: expected %s, got %s", m.Attribute, jsonText(m.Expected), jsonText(m.Got))
}

// Compare checks every profile attribute u has a value for against the
// resource. Values compare as JSON, so a string "true" is not a boolean true.
func (p Profile) Compare(resource []byte, u *User) ([]Mismatch, error) {
	var doc map[string]any
	if err := json.Unmarshal(resource, &doc); err != nil {
		return nil, fmt.Errorf("expected a SCIM resource as JSON, got %d bytes that do not parse: %w", len(resource), err)
	}
	var out []Mismatch
	for _, a := range p.Attributes {
		want, ok := a.UserValue(u)
		if !ok {
			continue
		}
		got, found := a.path.get(doc)
		switch {
		case !found:
			out = append(out, Mismatch{Attribute: a.SCIM, Expected: want, Missing: true})
		case jsonText(got) != jsonText(want):
			out = append(out, Mismatch{Attribute: a.SCIM, Expected: want, Got: got})
		}
	}
	return out, nil
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}
