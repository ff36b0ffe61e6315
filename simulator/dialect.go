package simulator

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
)

// A Dialect is how one IdP speaks SCIM: plain data plus named options, so a
// reviewer can read an IdP's behaviour in one place and the golden fixtures
// under fixtures/dialects show every change as a diff. Each dialect_<name>.go
// comments every option with its row in ../shared/idp-dialects.md; options
// whose source is marked (?) or "?" there say "uncertain".
type Dialect struct {
	Name  string // as used by `--idp` and the @idp-<name> tag
	Title string // human name for reports

	// Look-up before create: GET /Users?filter=<LookupAttribute> <LookupOperator> "<value>".
	LookupAttribute string
	LookupOperator  string
	FilterSpaces    SpaceEncoding
	LookupQuery     string // appended after the filter, e.g. "startIndex=1&count=100"

	// Create body, beyond the profile's attributes.
	EnterpriseSchema bool      // list the enterprise extension URN in schemas
	SendRoles        bool      // "roles": []
	MetaResourceType bool      // "meta": {"resourceType": "User"}
	SendPassword     bool      // a generated password
	SendGroupsEmpty  bool      // "groups": []
	PrimaryWork      bool      // work email / phone marked "primary": true
	NameFormatted    bool      // name.formatted derived from given and family name
	ActiveOnCreate   BoolStyle // how "active" is written in the create body

	// Updates, deactivation, removal.
	OpCase         OpCase
	PatchBools     BoolStyle // booleans inside PATCH values
	Update         UpdateStyle
	AddWhenMissing bool // "Add" instead of "Replace" when the value-filtered element does not exist yet
	Deactivate     DeactivateStyle
	Remove         RemoveStyle

	// Groups.
	GroupLookup        GroupLookupStyle
	GroupLookupQuery   string // extra query for the group look-up, e.g. "excludedAttributes=members"
	GroupExternalID    bool   // send externalId on group create
	GroupEmptyMembers  bool   // "members": [] on create
	GroupInlineMembers bool   // members known at create time go in the POST body
	GroupRename        GroupRenameStyle
	MemberRefNull      bool // {"$ref": null, "value": id}
	MemberDisplay      bool // {"value": id, "display": userName}
	MemberRemove       MemberRemoveStyle

	TestConnection ProbeStyle

	// What the IdP expects of the target; steps turn these into checks.
	LookupMissStatuses []int // answers to a look-up that matches nothing the IdP accepts as "no match"
	DuplicateStatus    int   // the answer a create of a taken userName must get
	ResendsMemberAdds  bool  // the IdP re-sends adds for existing members, so a repeated add must be 2xx

	// Headers, on top of the client defaults. A key with an empty value
	// removes the header (see Request.Header).
	ReadHeaders  http.Header // GET
	WriteHeaders http.Header // POST, PUT, PATCH, DELETE
}

// SpaceEncoding is how a filter's spaces go on the wire.
type SpaceEncoding string

const (
	SpacesPercent SpaceEncoding = "%20" // RFC 3986 percent-encoding
	SpacesPlus    SpaceEncoding = "+"   // form encoding, as Entra sends
)

// OpCase is the spelling of PATCH op names.
type OpCase int

const (
	OpLower       OpCase = iota // "add", "replace", "remove" (RFC 7644 §3.5.2)
	OpCapitalized               // "Add", "Replace", "Remove" (Entra default mode)
)

// BoolStyle is how a boolean value is written.
type BoolStyle int

const (
	BoolJSON        BoolStyle = iota // true / false
	BoolStringTitle                  // "True" / "False"
	BoolStringLower                  // "true" / "false"
)

// UpdateStyle is how attribute changes are pushed.
type UpdateStyle int

const (
	UpdatePatch       UpdateStyle = iota // PATCH, one op with a path per changed attribute
	UpdatePatchNoPath                    // PATCH, one no-path replace with dotted keys (filtered paths keep their own ops)
	UpdateGetPut                         // GET the resource, then PUT it back changed, id and meta included
	UpdatePut                            // PUT the resource built from the IdP's own state
)

// DeactivateStyle is how "active": false is sent.
type DeactivateStyle int

const (
	DeactivatePatchPath   DeactivateStyle = iota // {"op":"replace","path":"active","value":false}
	DeactivatePatchNoPath                        // {"op":"replace","value":{"active":false}}
	DeactivatePut                                // the update style's PUT with active false
)

// RemoveStyle is what "remove the user from the app" sends.
type RemoveStyle int

const (
	RemoveDelete     RemoveStyle = iota // DELETE /Users/{id}
	RemoveDeactivate                    // the IdP never deletes: removal is deactivation
)

// GroupLookupStyle is how the IdP finds an existing group before creating it.
type GroupLookupStyle int

const (
	GroupLookupFilter GroupLookupStyle = iota // GET /Groups?filter=displayName eq "x"
	GroupLookupList                           // GET /Groups (all pages), matched locally
	GroupLookupNone                           // no look-up
)

// GroupRenameStyle is how a group's displayName changes.
type GroupRenameStyle int

const (
	RenamePatchPath   GroupRenameStyle = iota // {"op":"replace","path":"displayName","value":"x"}
	RenamePatchNoPath                         // {"op":"replace","value":{"id":"...","displayName":"x"}}
)

// MemberRemoveStyle is how members leave a group.
type MemberRemoveStyle int

const (
	MemberRemoveByFilter     MemberRemoveStyle = iota // one op per member, path members[value eq "id"]
	MemberRemoveByValueArray                          // path "members" with a value array
)

// ProbeStyle is the IdP's "test connection".
type ProbeStyle int

const (
	ProbeFilterRandom ProbeStyle = iota // filter on the look-up attribute with a random GUID, expect 200 empty
	ProbeList                           // GET /Users?startIndex=1&count=2
	ProbeCreateDelete                   // create a test user and group, then delete both
)

// Op spells a PATCH op ("add", "replace", "remove") in the dialect's case.
func (d Dialect) Op(op string) string {
	op = strings.ToLower(op)
	if d.OpCase == OpCapitalized && op != "" {
		return strings.ToUpper(op[:1]) + op[1:]
	}
	return op
}

// Bool writes b in the given style.
func (s BoolStyle) Bool(b bool) any {
	switch s {
	case BoolStringTitle:
		if b {
			return "True"
		}
		return "False"
	case BoolStringLower:
		if b {
			return "true"
		}
		return "false"
	}
	return b
}

// LookupFilter is the look-up filter before encoding: userName eq "x".
func (d Dialect) LookupFilter(value string) string {
	return fmt.Sprintf("%s %s %s", d.LookupAttribute, d.LookupOperator, quoteFilterValue(value))
}

// LookupRawQuery is the exact query string of the user look-up.
func (d Dialect) LookupRawQuery(value string) string {
	q := "filter=" + EncodeFilter(d.LookupFilter(value), d.FilterSpaces)
	if d.LookupQuery != "" {
		q += "&" + d.LookupQuery
	}
	return q
}

// GroupLookupRawQuery is the exact query string of the group look-up by
// displayName (GroupLookupFilter style).
func (d Dialect) GroupLookupRawQuery(displayName string) string {
	var parts []string
	if d.GroupLookupQuery != "" {
		parts = append(parts, d.GroupLookupQuery)
	}
	f := fmt.Sprintf("displayName %s %s", d.LookupOperator, quoteFilterValue(displayName))
	parts = append(parts, "filter="+EncodeFilter(f, d.FilterSpaces))
	return strings.Join(parts, "&")
}

// quoteFilterValue writes a filter string literal (RFC 7644 §3.4.2.2 uses
// JSON string syntax).
func quoteFilterValue(v string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(v) + `"`
}

// EncodeFilter encodes a filter for a query string the way IdPs do: spaces
// as `+` or `%20`, quotes and `@` left as they are (as the IdP logs in
// idp-dialects.md show), and everything a query would misread (&, +, #, %,
// =, controls, non-ASCII, and ; which Go servers refuse) percent-encoded.
func EncodeFilter(filter string, spaces SpaceEncoding) string {
	const keep = `"@.-_~:()[]!$',*/?`
	var b strings.Builder
	for _, c := range []byte(filter) {
		switch {
		case c == ' ':
			b.WriteString(string(spaces))
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', strings.IndexByte(keep, c) >= 0:
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// headersFor returns the dialect's headers for a method.
func (d Dialect) headersFor(method string) http.Header {
	if method == http.MethodGet || method == http.MethodHead {
		return d.ReadHeaders.Clone()
	}
	return d.WriteHeaders.Clone()
}

var dialects = map[string]func() Dialect{
	"generic":         Generic,
	"entra":           Entra,
	"entra-compliant": EntraCompliant,
	"okta":            Okta,
	"onelogin":        OneLogin,
	"jumpcloud":       JumpCloud,
	"ping":            Ping,
}

// DialectNames lists every dialect name, sorted.
func DialectNames() []string {
	names := make([]string, 0, len(dialects))
	for n := range dialects {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Dialects returns every dialect, sorted by name.
func Dialects() []Dialect {
	var out []Dialect
	for _, n := range DialectNames() {
		out = append(out, dialects[n]())
	}
	return out
}

// DialectByName finds a dialect (case-insensitive); an unknown name is an
// error listing the known ones.
func DialectByName(name string) (Dialect, error) {
	if f, ok := dialects[strings.ToLower(strings.TrimSpace(name))]; ok {
		return f(), nil
	}
	return Dialect{}, fmt.Errorf("expected an IdP dialect (%s), got %q", strings.Join(DialectNames(), ", "), name)
}
