package engine

import (
	"strings"
	"time"

	filter "github.com/scim2/filter-parser/v2"
)

// schemasAttr lets filters test the common "schemas" attribute
// (RFC 7644 §3.4.2.2: clients MAY filter on schemas).
var schemasAttr = Attribute{Name: "schemas", Type: TypeReference, MultiValued: true, Mutability: MutReadOnly, Returned: RetAlways}

// attrRef is an attribute path resolved against a schema: the container
// (urn "" = the resource's top level, else the extension object), the
// top-level attribute and an optional sub-attribute.
type attrRef struct {
	urn  string
	attr *Attribute
	sub  *Attribute
}

// leaf is the attribute whose type governs comparison: the sub-attribute,
// or for a complex attribute its "value" sub-attribute (RFC 7644 §3.4.2.2:
// a complex multi-valued attribute compared directly compares "value").
// nil for a complex attribute without one.
func (r attrRef) leaf() *Attribute {
	if r.sub != nil {
		return r.sub
	}
	if r.attr.Type == TypeComplex {
		if v, ok := r.attr.Sub("value"); ok {
			return v
		}
		return nil
	}
	return r.attr
}

// subName is the key whose values the path denotes inside each element:
// the sub-attribute, "value" for a complex attribute, "" for a simple one.
func (r attrRef) subName() string {
	switch {
	case r.sub != nil:
		return r.sub.Name
	case r.attr.Type == TypeComplex:
		return "value"
	}
	return ""
}

// resolvePath resolves a parsed attribute path at resource level.
func (rs ResourceSchema) resolvePath(p filter.AttributePath) (attrRef, bool) {
	return rs.resolve(p.URI(), p.AttributeName, p.SubAttributeName())
}

func (rs ResourceSchema) resolve(uri, name, sub string) (attrRef, bool) {
	var ref attrRef
	switch {
	case uri == "" && strings.EqualFold(name, "schemas"):
		ref.attr = &schemasAttr
	case uri == "" || strings.EqualFold(uri, rs.Core.ID):
		if a, ok := commonAttr(name); ok {
			ref.attr = a
		} else if a, ok := rs.Core.attr(name); ok {
			ref.attr = a
		} else if uri == "" {
			// Lenient: an extension attribute named without its URN.
			for i := range rs.Extensions {
				if a, ok := rs.Extensions[i].attr(name); ok {
					ref.attr, ref.urn = a, rs.Extensions[i].ID
					break
				}
			}
		}
	default:
		ext, ok := rs.Extension(uri)
		if !ok {
			return attrRef{}, false
		}
		a, ok := ext.attr(name)
		if !ok {
			return attrRef{}, false
		}
		ref.attr, ref.urn = a, ext.ID
	}
	if ref.attr == nil {
		return attrRef{}, false
	}
	if sub != "" {
		s, ok := ref.attr.Sub(sub)
		if !ok {
			return attrRef{}, false
		}
		ref.sub = s
	}
	return ref, true
}

// resolveInElement resolves a path inside a value filter: a sub-attribute
// of parent, the multi-valued attribute whose elements are being tested.
func resolveInElement(parent *Attribute, p filter.AttributePath) (attrRef, bool) {
	if p.URIPrefix != nil || p.SubAttribute != nil {
		return attrRef{}, false
	}
	s, ok := parent.Sub(p.AttributeName)
	if !ok {
		return attrRef{}, false
	}
	return attrRef{attr: s}, true
}

// container returns the map holding the attribute: the scope itself or the
// extension object inside it.
func (r attrRef) container(scope map[string]any) (map[string]any, bool) {
	if r.urn == "" {
		return scope, scope != nil
	}
	v, ok := getKey(scope, r.urn)
	if !ok {
		return nil, false
	}
	return asMap(v)
}

// raw is the attribute's stored value.
func (r attrRef) raw(scope map[string]any) (any, bool) {
	c, ok := r.container(scope)
	if !ok {
		return nil, false
	}
	return getKey(c, r.attr.Name)
}

// values collects the comparable values the path denotes; multi-valued
// attributes contribute one value per element.
func (r attrRef) values(scope map[string]any) []any {
	v, ok := r.raw(scope)
	if !ok || v == nil {
		return nil
	}
	subName := r.subName()
	pick := func(e any) (any, bool) {
		if subName == "" {
			return e, e != nil
		}
		m, ok := asMap(e)
		if !ok {
			return nil, false
		}
		x, ok := getKey(m, subName)
		return x, ok && x != nil
	}
	var out []any
	if list, ok := asList(v); ok {
		for _, e := range list {
			if x, ok := pick(e); ok {
				out = append(out, x)
			}
		}
		return out
	}
	if x, ok := pick(v); ok {
		out = append(out, x)
	}
	return out
}

// cmpNode is one attribute expression: attrPath op value, or attrPath pr.
type cmpNode struct {
	ref     attrRef
	known   bool
	op      string
	leaf    *Attribute
	operand any
	null    bool // "eq null" / "ne null": tests for (non-)presence
}

func (n *cmpNode) eval(scope map[string]any) bool {
	if !n.known {
		// Unknown attributes are unassigned: nothing equals them.
		return n.op == opNe
	}
	if n.op == opPr {
		return n.present(scope)
	}
	if n.null {
		return n.present(scope) == (n.op == opNe)
	}
	vals := n.ref.values(scope)
	if n.op == opNe {
		// ne is the negation of eq over all values: "emails ne x" holds
		// when no email equals x, including when there are none.
		for _, v := range vals {
			if compareValue(n.leaf, v, opEq, n.operand) {
				return false
			}
		}
		return true
	}
	for _, v := range vals {
		if compareValue(n.leaf, v, n.op, n.operand) {
			return true
		}
	}
	return false
}

// present implements pr (RFC 7644 §3.4.2.2): a non-empty value, or for a
// complex attribute a non-empty node.
func (n *cmpNode) present(scope map[string]any) bool {
	if n.ref.sub == nil {
		v, ok := n.ref.raw(scope)
		return ok && nonEmpty(v)
	}
	for _, v := range n.ref.values(scope) {
		if nonEmpty(v) {
			return true
		}
	}
	return false
}

func nonEmpty(v any) bool {
	switch t := v.(type) {
	case nil:
		return false
	case string:
		return t != ""
	case map[string]any:
		for _, e := range t {
			if nonEmpty(e) {
				return true
			}
		}
		return false
	}
	if list, ok := asList(v); ok {
		for _, e := range list {
			if nonEmpty(e) {
				return true
			}
		}
		return false
	}
	return true
}

// valuePathNode is attr[filter]: true when any element satisfies inner.
type valuePathNode struct {
	ref   attrRef
	inner fnode
}

func (n valuePathNode) eval(scope map[string]any) bool {
	v, ok := n.ref.raw(scope)
	if !ok {
		return false
	}
	for _, e := range elements(v) {
		if m, ok := asMap(e); ok && n.inner.eval(m) {
			return true
		}
	}
	return false
}

// elements views a multi-valued value as a list and a single value as a
// one-element list.
func elements(v any) []any {
	if v == nil {
		return nil
	}
	if list, ok := asList(v); ok {
		return list
	}
	return []any{v}
}

// compareValue applies op to a stored value and a compiled operand,
// according to the attribute's type and caseExact (RFC 7644 §3.4.2.2).
func compareValue(leaf *Attribute, stored any, op string, operand any) bool {
	switch leaf.Type {
	case TypeBoolean:
		b, ok := stored.(bool)
		if !ok {
			s, isStr := stored.(string)
			if !isStr {
				return false
			}
			if b, ok = parseBoolString(s); !ok {
				return false
			}
		}
		want, _ := operand.(bool)
		return op == opEq && b == want
	case TypeInteger, TypeDecimal:
		f, ok := toFloat(stored)
		want, ok2 := operand.(float64)
		if !ok || !ok2 {
			return false
		}
		return ordered(op, cmpFloat(f, want))
	case TypeDateTime:
		if s, ok := operand.(string); ok { // co/sw/ew on the literal form
			return compareString(op, dateTimeString(stored), s, false)
		}
		want, _ := operand.(time.Time)
		var t time.Time
		switch x := stored.(type) {
		case time.Time:
			t = x
		case string:
			var ok bool
			if t, ok = parseDateTime(x); !ok {
				return false
			}
		default:
			return false
		}
		return ordered(op, t.Compare(want))
	default:
		s, ok := stored.(string)
		want, ok2 := operand.(string)
		if !ok || !ok2 {
			return false
		}
		return compareString(op, s, want, leaf.CaseExact)
	}
}

func dateTimeString(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case time.Time:
		return t.Format(time.RFC3339Nano)
	}
	return ""
}

func compareString(op, s, want string, caseExact bool) bool {
	if !caseExact {
		s, want = strings.ToLower(s), strings.ToLower(want)
	}
	switch op {
	case opCo:
		return strings.Contains(s, want)
	case opSw:
		return strings.HasPrefix(s, want)
	case opEw:
		return strings.HasSuffix(s, want)
	}
	return ordered(op, strings.Compare(s, want))
}

// ordered maps a three-way comparison result onto eq/gt/ge/lt/le.
func ordered(op string, c int) bool {
	switch op {
	case opEq:
		return c == 0
	case opGt:
		return c > 0
	case opGe:
		return c >= 0
	case opLt:
		return c < 0
	case opLe:
		return c <= 0
	}
	return false
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// getKey looks a key up exactly, then case-insensitively (attribute names
// are case-insensitive, RFC 7643 §2.1).
func getKey(m map[string]any, name string) (any, bool) {
	if m == nil {
		return nil, false
	}
	if v, ok := m[name]; ok {
		return v, true
	}
	for k, v := range m {
		if strings.EqualFold(k, name) {
			return v, true
		}
	}
	return nil, false
}

// keyOf returns the key actually used in m for name, case-insensitively.
func keyOf(m map[string]any, name string) (string, bool) {
	if _, ok := m[name]; ok {
		return name, true
	}
	for k := range m {
		if strings.EqualFold(k, name) {
			return k, true
		}
	}
	return "", false
}

func asMap(v any) (map[string]any, bool) {
	m, ok := v.(map[string]any)
	return m, ok
}

func asList(v any) ([]any, bool) {
	switch t := v.(type) {
	case []any:
		return t, true
	case []map[string]any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = e
		}
		return out, true
	case []string:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = e
		}
		return out, true
	}
	return nil, false
}
