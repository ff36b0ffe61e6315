package simulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strconv"
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
	// Source optionally names the IdP attribute that feeds the row (e.g.
	// Entra's "preferredLanguage"), for `scimharness mapping check`; a run ignores it.
	Source string `json:"source,omitempty"`

	path         AttrPath
	line, column int // where the entry starts in the file, for messages
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

// ParseProfile decodes and validates profile JSON: the document must be
// one JSON object without unknown fields; every path must be an RFC 7643
// User attribute an IdP may write (or one of a custom extension schema);
// none may repeat, nor may an Account field; userName must be there (IdPs
// cannot provision without it). A problem is a *ProfileError naming the
// entry and, where known, its line and column.
func ParseProfile(data []byte) (Profile, error) {
	var doc struct {
		Source     string            `json:"source"`
		Attributes []json.RawMessage `json:"attributes"`
	}
	if err := decodeStrict(data, &doc); err != nil {
		return Profile{}, err
	}
	starts := entryOffsets(data)
	p := Profile{Source: doc.Source, Attributes: make([]ProfileAttribute, len(doc.Attributes))}
	seen := map[string]int{}     // canonical path → entry
	accounts := map[string]int{} // Account field → entry
	for i, raw := range doc.Attributes {
		a := &p.Attributes[i]
		if i < len(starts) {
			a.line, a.column = position(data, starts[i])
		}
		fail := func(problem string) error {
			return &ProfileError{Entry: i + 1, SCIM: a.SCIM, Line: a.line, Column: a.column, Problem: problem}
		}
		if err := decodeEntry(raw, a); err != nil {
			return Profile{}, fail(err.Error())
		}
		if strings.TrimSpace(a.SCIM) == "" {
			return Profile{}, fail(`expected a "scim" attribute path such as "name.givenName", got none`)
		}
		path, err := ParseAttrPath(a.SCIM)
		if err != nil {
			return Profile{}, fail(err.Error())
		}
		if err := checkUserAttribute(path); err != nil {
			return Profile{}, fail(err.Error())
		}
		a.path = path
		key := canonicalPath(path)
		if j, dup := seen[key]; dup {
			return Profile{}, fail(fmt.Sprintf("expected each path once, got %q twice (attributes %d and %d)", a.SCIM, j, i+1))
		}
		seen[key] = i + 1
		if a.Account != "" {
			if j, dup := accounts[a.Account]; dup {
				return Profile{}, fail(fmt.Sprintf("expected each Account field once, got %q for attributes %d and %d", a.Account, j, i+1))
			}
			accounts[a.Account] = i + 1
		}
	}
	if _, ok := p.Attribute("userName"); !ok {
		return Profile{}, &ProfileError{Problem: "expected a userName attribute (IdPs match and create users by it), got none"}
	}
	return p, nil
}

// Position is where the attribute's entry starts in the profile file
// (1-based); 0, 0 for a row not read from a file.
func (a ProfileAttribute) Position() (line, column int) { return a.line, a.column }

// ProfileError is a profile that cannot be used. Entry is the 1-based
// attribute it concerns, 0 for the document as a whole; Line and Column are
// 0 when unknown.
type ProfileError struct {
	Entry        int
	SCIM         string // the entry's path as written
	Line, Column int
	Problem      string
}

func (e *ProfileError) Error() string {
	var where string
	if e.Line > 0 {
		where = fmt.Sprintf("line %d, column %d", e.Line, e.Column)
	}
	switch {
	case e.Entry == 0 && where != "":
		return fmt.Sprintf("parse profile: %s: %s", where, e.Problem)
	case e.Entry == 0:
		return "profile: " + e.Problem
	}
	label := fmt.Sprintf("profile attribute %d", e.Entry)
	var detail []string
	if e.SCIM != "" {
		detail = append(detail, strconv.Quote(e.SCIM))
	}
	if where != "" {
		detail = append(detail, where)
	}
	if len(detail) > 0 {
		label += " (" + strings.Join(detail, ", ") + ")"
	}
	return label + ": " + e.Problem
}

// decodeStrict decodes exactly one JSON value into v, rejecting unknown
// fields; a syntax or type error carries its line and column.
func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		if errors.Is(err, io.EOF) {
			return &ProfileError{Problem: "expected a JSON object, got an empty file"}
		}
		return jsonError(data, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		line, col := position(data, int(dec.InputOffset()))
		return &ProfileError{Line: line, Column: col, Problem: "expected one JSON object, got more after it"}
	}
	return nil
}

// jsonError turns an encoding/json error into a *ProfileError that says
// where the problem is, so a customer can find it in a hand-edited file.
func jsonError(data []byte, err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		line, col := position(data, int(syntax.Offset))
		return &ProfileError{Line: line, Column: col, Problem: syntax.Error()}
	case errors.As(err, &typ):
		line, col := position(data, int(typ.Offset))
		field := typ.Field
		if field == "" {
			field = "the document"
		}
		return &ProfileError{Line: line, Column: col, Problem: fmt.Sprintf("%s: expected a JSON %s, got a JSON %s", field, typ.Type, typ.Value)}
	case errors.Is(err, io.ErrUnexpectedEOF):
		line, col := position(data, len(data))
		return &ProfileError{Line: line, Column: col, Problem: "expected the rest of the JSON document, got the end of the file"}
	}
	return &ProfileError{Problem: `expected the fields "source" and "attributes", got ` + strings.TrimPrefix(err.Error(), "json: ")}
}

// decodeEntry decodes one attribute row strictly.
func decodeEntry(raw json.RawMessage, a *ProfileAttribute) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(a); err != nil {
		var typ *json.UnmarshalTypeError
		if errors.As(err, &typ) {
			if typ.Field == "" {
				return fmt.Errorf(`expected an object such as {"scim": "userName", "required": true, "account": "userName"}, got a JSON %s`, typ.Value)
			}
			return fmt.Errorf("%s: expected a JSON %s, got a JSON %s", typ.Field, typ.Type, typ.Value)
		}
		return fmt.Errorf(`expected the fields "scim", "required", "account" and "source", got %s`, strings.TrimPrefix(err.Error(), "json: "))
	}
	return nil
}

// entryOffsets finds where each element of the top-level "attributes"
// array starts. It runs on a document decodeStrict accepted, so the walk
// cannot fail; an entry it does not find keeps offset 0.
func entryOffsets(data []byte) []int {
	var out []int
	dec := json.NewDecoder(bytes.NewReader(data))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return out
		}
		if k, _ := key.(string); !strings.EqualFold(k, "attributes") {
			var skip json.RawMessage
			if dec.Decode(&skip) != nil {
				return out
			}
			continue
		}
		if t, err := dec.Token(); err != nil || t != json.Delim('[') {
			continue // null: no entries
		}
		for dec.More() {
			start := int(dec.InputOffset())
			for start < len(data) && strings.ContainsRune(" \t\r\n,", rune(data[start])) {
				start++
			}
			out = append(out, start)
			var skip json.RawMessage
			if dec.Decode(&skip) != nil {
				return out
			}
		}
		if _, err := dec.Token(); err != nil { // ]
			return out
		}
	}
	return out
}

// position converts a byte offset into a 1-based line and column.
func position(data []byte, offset int) (line, column int) {
	offset = min(max(offset, 0), len(data))
	before := data[:offset]
	line = bytes.Count(before, []byte("\n")) + 1
	column = offset - bytes.LastIndexByte(before, '\n')
	return line, column
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
		if s := a.path.Schema; s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// UserValue is what the IdP sends for this attribute of u; ok is false when
// u has no value (an optional attribute left empty is then not sent).
func (a ProfileAttribute) UserValue(u *User) (any, bool) {
	// A value set for this exact path wins: the mapping check fills every
	// attribute from the customer's mapping, emails of any type included.
	if v, ok := u.Extra[a.SCIM]; ok {
		return v, true
	}
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
	return nil, false
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

// userAttr is one attribute of the RFC 7643 User schema as a profile may
// name it: its sub-attributes (none for a simple attribute), whether it is
// multi-valued, and why an IdP cannot write it ("" when it can).
type userAttr struct {
	subs     []string
	multi    bool
	readOnly string
}

var (
	multiSubs   = []string{"value", "display", "type", "primary"}
	addressSubs = []string{"formatted", "streetAddress", "locality", "region", "postalCode", "country", "type", "primary"}

	// coreUser is RFC 7643 §3.1 (common) and §4.1 (User).
	coreUser = map[string]userAttr{
		"id":                {readOnly: "id is assigned by the service provider (RFC 7643 §3.1)"},
		"externalId":        {},
		"meta":              {readOnly: "meta is readOnly (RFC 7643 §3.1)"},
		"userName":          {},
		"name":              {subs: []string{"formatted", "familyName", "givenName", "middleName", "honorificPrefix", "honorificSuffix"}},
		"displayName":       {},
		"nickName":          {},
		"profileUrl":        {},
		"title":             {},
		"userType":          {},
		"preferredLanguage": {},
		"locale":            {},
		"timezone":          {},
		"active":            {},
		"password":          {},
		"emails":            {subs: multiSubs, multi: true},
		"phoneNumbers":      {subs: multiSubs, multi: true},
		"ims":               {subs: multiSubs, multi: true},
		"photos":            {subs: multiSubs, multi: true},
		"addresses":         {subs: addressSubs, multi: true},
		"groups":            {subs: multiSubs, multi: true, readOnly: "groups is readOnly (RFC 7643 §4.1.2): membership is sent through /Groups"},
		"entitlements":      {subs: multiSubs, multi: true},
		"roles":             {subs: multiSubs, multi: true},
		"x509Certificates":  {subs: multiSubs, multi: true},
	}

	// enterpriseUser is RFC 7643 §4.3; manager.displayName is readOnly, so
	// only value and $ref are writable.
	enterpriseUser = map[string]userAttr{
		"employeeNumber": {},
		"costCenter":     {},
		"organization":   {},
		"division":       {},
		"department":     {},
		"manager":        {subs: []string{"value", "$ref"}},
	}
)

// checkUserAttribute accepts a path the IdP can write into a User: an
// attribute of the core or enterprise schema used as the schema defines
// it, or any attribute of another (custom) extension, whose schema only the
// target knows.
func checkUserAttribute(p AttrPath) error {
	table, schemaName := coreUser, "the RFC 7643 User schema"
	switch {
	case strings.EqualFold(p.Schema, SchemaUser):
		return fmt.Errorf("expected a core attribute without its schema URN (e.g. %q), got %q", p.Attr, p.Raw)
	case strings.EqualFold(p.Schema, SchemaEnterprise):
		table, schemaName = enterpriseUser, "the enterprise extension (RFC 7643 §4.3)"
	case p.Schema != "":
		return nil
	}
	name, def, ok := lookupAttr(table, p.Attr)
	if !ok {
		msg := fmt.Sprintf("expected an attribute of %s, got %q", schemaName, p.Attr)
		if s := closest(table, p.Attr); s != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", s)
		}
		return errors.New(msg)
	}
	if def.readOnly != "" {
		return fmt.Errorf("expected an attribute the IdP may write, got %q: %s", p.Raw, def.readOnly)
	}
	switch {
	case def.multi && !p.Filtered():
		return fmt.Errorf("expected a value filter on the multi-valued %s, such as %s[type eq \"work\"].value, got %q", name, name, p.Raw)
	case !def.multi && p.Filtered():
		return fmt.Errorf("expected a value filter only on a multi-valued attribute, got one on %s in %q", name, p.Raw)
	case p.Filtered() && !slices.ContainsFunc(def.subs, equalFold(p.FilterAttr)):
		return fmt.Errorf("expected the filter to test a sub-attribute of %s (%s), got %q", name, strings.Join(def.subs, ", "), p.FilterAttr)
	case len(def.subs) == 0 && p.Sub != "":
		return fmt.Errorf("expected no sub-attribute on the simple attribute %s, got %q", name, p.Raw)
	case len(def.subs) > 0 && !def.multi && p.Sub == "":
		return fmt.Errorf("expected a sub-attribute of the complex %s (%s), got %q", name, strings.Join(def.subs, ", "), p.Raw)
	case p.Sub != "" && !slices.ContainsFunc(def.subs, equalFold(p.Sub)):
		return fmt.Errorf("expected a sub-attribute of %s (%s), got %q", name, strings.Join(def.subs, ", "), p.Sub)
	}
	return nil
}

// CheckTarget parses raw and accepts it as ParseProfile accepts a row's
// path: an RFC 7643 User attribute an IdP may write (or one of a custom
// extension). The error says why not, with a did-you-mean where one is near.
func CheckTarget(raw string) (AttrPath, error) {
	p, err := ParseAttrPath(raw)
	if err != nil {
		return p, err
	}
	return p, checkUserAttribute(p)
}

// CanonicalPath is the key two spellings of one target share (see canonicalPath).
func (p AttrPath) CanonicalPath() string { return canonicalPath(p) }

// canonicalPath is the key two spellings of one target share: names are
// case-insensitive (RFC 7643 §2.1) and a filtered path's sub defaults to value.
func canonicalPath(p AttrPath) string {
	key := p.Attr
	if p.Filtered() {
		key += "[" + p.FilterAttr + " eq " + strconv.Quote(p.FilterVal) + "]." + subOrValue(p.Sub)
	} else if p.Sub != "" {
		key += "." + p.Sub
	}
	if p.Schema != "" {
		key = p.Schema + ":" + key
	}
	return strings.ToLower(key)
}

func lookupAttr(table map[string]userAttr, name string) (string, userAttr, bool) {
	for k, v := range table {
		if strings.EqualFold(k, name) {
			return k, v, true
		}
	}
	return "", userAttr{}, false
}

// equalFold matches SCIM attribute names, which are case-insensitive.
func equalFold(s string) func(string) bool {
	return func(v string) bool { return strings.EqualFold(v, s) }
}

// closest suggests the schema attribute a typo most likely meant: the one
// within two edits, if any.
func closest(table map[string]userAttr, name string) string {
	best, bestDist := "", 3
	for k := range table {
		if d := EditDistance(strings.ToLower(k), strings.ToLower(name)); d < bestDist || d == bestDist && best != "" && k < best {
			best, bestDist = k, d
		}
	}
	return best
}

// EditDistance counts the insertions, deletions, substitutions and
// swaps of neighbours that turn a into b (optimal string alignment), so a
// typo such as "emial" is two edits from "emails".
func EditDistance(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}
