package engine

import "strings"

// Attribute types (RFC 7643 §2.3).
const (
	TypeString    = "string"
	TypeBoolean   = "boolean"
	TypeDecimal   = "decimal"
	TypeInteger   = "integer"
	TypeDateTime  = "dateTime"
	TypeBinary    = "binary"
	TypeReference = "reference"
	TypeComplex   = "complex"
)

// Mutability, returned and uniqueness characteristics (RFC 7643 §7).
const (
	MutReadOnly  = "readOnly"
	MutReadWrite = "readWrite"
	MutImmutable = "immutable"
	MutWriteOnly = "writeOnly"

	RetAlways  = "always"
	RetNever   = "never"
	RetDefault = "default"
	RetRequest = "request"

	UniqNone   = "none"
	UniqServer = "server"
	UniqGlobal = "global"
)

// Attribute is one attribute definition of a schema (RFC 7643 §7).
type Attribute struct {
	Name            string
	Type            string
	SubAttributes   []Attribute
	MultiValued     bool
	Required        bool
	CaseExact       bool
	CanonicalValues []string
	Mutability      string
	Returned        string
	Uniqueness      string
	ReferenceTypes  []string
	Description     string
}

// Sub finds a sub-attribute by name, case-insensitively (RFC 7643 §2.1).
func (a *Attribute) Sub(name string) (*Attribute, bool) {
	for i := range a.SubAttributes {
		if strings.EqualFold(a.SubAttributes[i].Name, name) {
			return &a.SubAttributes[i], true
		}
	}
	return nil, false
}

// Schema is a schema definition (RFC 7643 §7).
type Schema struct {
	ID, Name, Description string
	Attributes            []Attribute
}

// attr finds a top-level attribute by name, case-insensitively.
func (s *Schema) attr(name string) (*Attribute, bool) {
	for i := range s.Attributes {
		if strings.EqualFold(s.Attributes[i].Name, name) {
			return &s.Attributes[i], true
		}
	}
	return nil, false
}

// ResourceSchema is the main schema plus the extensions of one resource type.
type ResourceSchema struct {
	Name, Endpoint string
	Core           Schema
	Extensions     []Schema
}

// Extension returns the extension schema with this URN (case-insensitive).
func (rs ResourceSchema) Extension(urn string) (*Schema, bool) {
	for i := range rs.Extensions {
		if strings.EqualFold(rs.Extensions[i].ID, urn) {
			return &rs.Extensions[i], true
		}
	}
	return nil, false
}

// Lookup resolves a top-level attribute path such as "userName",
// "urn:ietf:params:scim:schemas:core:2.0:User:userName" or
// "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
// case-insensitively. A "name.givenName" form returns the sub-attribute.
// schemaURN is the schema the attribute belongs to (the core schema for the
// common attributes id, externalId and meta).
func (rs ResourceSchema) Lookup(path string) (*Attribute, string, bool) {
	urn, rest := rs.splitURN(path)
	name, sub, _ := strings.Cut(rest, ".")
	var attr *Attribute
	switch {
	case urn == "" || strings.EqualFold(urn, rs.Core.ID):
		urn = rs.Core.ID
		if a, ok := commonAttr(name); ok {
			attr = a
		} else if a, ok := rs.Core.attr(name); ok {
			attr = a
		}
	default:
		ext, ok := rs.Extension(urn)
		if !ok {
			return nil, "", false
		}
		urn = ext.ID
		if a, ok := ext.attr(name); ok {
			attr = a
		}
	}
	if attr == nil {
		return nil, "", false
	}
	if sub == "" {
		return attr, urn, true
	}
	s, ok := attr.Sub(sub)
	if !ok {
		return nil, "", false
	}
	return s, urn, true
}

// splitURN splits "urn:...:User:attr.sub" into the schema URN and the
// attribute part when the prefix names the core schema or an extension.
func (rs ResourceSchema) splitURN(path string) (urn, rest string) {
	if !strings.HasPrefix(strings.ToLower(path), "urn:") {
		return "", path
	}
	for _, id := range rs.schemaIDs() {
		if len(path) > len(id) && strings.EqualFold(path[:len(id)], id) && path[len(id)] == ':' {
			return id, path[len(id)+1:]
		}
	}
	// An unknown URN: the part after the last colon is the attribute.
	i := strings.LastIndex(path, ":")
	return path[:i], path[i+1:]
}

func (rs ResourceSchema) schemaIDs() []string {
	ids := []string{rs.Core.ID}
	for _, e := range rs.Extensions {
		ids = append(ids, e.ID)
	}
	return ids
}

// CommonAttributes are id, externalId and meta (RFC 7643 §3.1): part of
// every resource but not of any schema's attribute list.
func CommonAttributes() []Attribute {
	return []Attribute{
		{Name: "id", Type: TypeString, CaseExact: true, Mutability: MutReadOnly, Returned: RetAlways, Uniqueness: UniqServer,
			Description: "Unique identifier for the SCIM resource as defined by the service provider."},
		{Name: "externalId", Type: TypeString, CaseExact: true, Mutability: MutReadWrite, Returned: RetDefault, Uniqueness: UniqNone,
			Description: "Identifier for the resource as defined by the provisioning client."},
		{Name: "meta", Type: TypeComplex, Mutability: MutReadOnly, Returned: RetDefault, Uniqueness: UniqNone,
			Description: "Resource metadata.",
			SubAttributes: []Attribute{
				str("resourceType", "Name of the resource type of the resource.", caseExact, readOnly),
				{Name: "created", Type: TypeDateTime, Mutability: MutReadOnly, Returned: RetDefault, Uniqueness: UniqNone,
					Description: "The DateTime that the resource was added to the service provider."},
				{Name: "lastModified", Type: TypeDateTime, Mutability: MutReadOnly, Returned: RetDefault, Uniqueness: UniqNone,
					Description: "The most recent DateTime that the details of this resource were updated."},
				ref("location", "The URI of the resource being returned.", []string{"uri"}, readOnly),
				str("version", "The version of the resource being returned.", caseExact, readOnly),
			}},
	}
}

var commonAttrs = CommonAttributes()

func commonAttr(name string) (*Attribute, bool) {
	for i := range commonAttrs {
		if strings.EqualFold(commonAttrs[i].Name, name) {
			return &commonAttrs[i], true
		}
	}
	return nil, false
}

// Attribute builders keep the schema files close to the RFC tables: every
// characteristic starts at its RFC 7643 §2.2 default and options change it.
type attrOpt func(*Attribute)

var (
	caseExact   attrOpt = func(a *Attribute) { a.CaseExact = true }
	required    attrOpt = func(a *Attribute) { a.Required = true }
	multiValued attrOpt = func(a *Attribute) { a.MultiValued = true }
	readOnly    attrOpt = func(a *Attribute) { a.Mutability = MutReadOnly }
	immutable   attrOpt = func(a *Attribute) { a.Mutability = MutImmutable }
	writeOnly   attrOpt = func(a *Attribute) { a.Mutability = MutWriteOnly }
	neverRet    attrOpt = func(a *Attribute) { a.Returned = RetNever }
	uniqServer  attrOpt = func(a *Attribute) { a.Uniqueness = UniqServer }
)

func canonical(values ...string) attrOpt {
	return func(a *Attribute) { a.CanonicalValues = values }
}

func newAttr(name, typ, desc string, opts ...attrOpt) Attribute {
	a := Attribute{Name: name, Type: typ, Description: desc, Mutability: MutReadWrite, Returned: RetDefault, Uniqueness: UniqNone}
	for _, o := range opts {
		o(&a)
	}
	return a
}

func str(name, desc string, opts ...attrOpt) Attribute {
	return newAttr(name, TypeString, desc, opts...)
}

func boolean(name, desc string, opts ...attrOpt) Attribute {
	return newAttr(name, TypeBoolean, desc, opts...)
}

func ref(name, desc string, types []string, opts ...attrOpt) Attribute {
	a := newAttr(name, TypeReference, desc, opts...)
	a.ReferenceTypes = types
	a.CaseExact = true // RFC 7643 §2.3.7: references are case-exact
	return a
}

func complexAttr(name, desc string, subs []Attribute, opts ...attrOpt) Attribute {
	a := newAttr(name, TypeComplex, desc, opts...)
	a.SubAttributes = subs
	return a
}

// multiValuedStd is the value/display/type/primary shape shared by emails,
// phoneNumbers, ims, photos, entitlements, roles, x509Certificates
// (RFC 7643 §2.4).
func multiValuedStd(name, desc string, value Attribute, types ...string) Attribute {
	subs := []Attribute{
		value,
		str("display", "A human-readable name, primarily used for display purposes."),
		str("type", "A label indicating the attribute's function.", canonical(types...)),
		boolean("primary", "A Boolean value indicating the 'primary' or preferred attribute value for this attribute."),
	}
	if len(types) == 0 {
		subs[2].CanonicalValues = nil
	}
	return complexAttr(name, desc, subs, multiValued)
}
