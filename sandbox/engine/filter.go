package engine

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	filter "github.com/scim2/filter-parser/v2"
)

// Filter is a compiled SCIM filter (RFC 7644 §3.4.2.2).
type Filter interface {
	Match(r Resource) bool
}

// Comparison operators (RFC 7644 §3.4.2.2, Table 3).
const (
	opEq = "eq"
	opNe = "ne"
	opCo = "co"
	opSw = "sw"
	opEw = "ew"
	opGt = "gt"
	opGe = "ge"
	opLt = "lt"
	opLe = "le"
	opPr = "pr"
)

// compiledFilter evaluates a node tree built once from the parser's AST.
type compiledFilter struct {
	root fnode
}

// Match reports whether r satisfies the filter. Stored resources may hold
// any JSON shape, so evaluation never trusts types and never panics.
func (f *compiledFilter) Match(r Resource) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	return f.root.eval(r)
}

// fnode is one node of a compiled filter, evaluated against a scope: the
// resource, or one element of a multi-valued attribute inside a value filter.
type fnode interface {
	eval(scope map[string]any) bool
}

type andNode struct{ l, r fnode }
type orNode struct{ l, r fnode }
type notNode struct{ n fnode }
type falseNode struct{}

func (n andNode) eval(s map[string]any) bool { return n.l.eval(s) && n.r.eval(s) }
func (n orNode) eval(s map[string]any) bool  { return n.l.eval(s) || n.r.eval(s) }
func (n notNode) eval(s map[string]any) bool { return !n.n.eval(s) }
func (falseNode) eval(map[string]any) bool   { return false }

// CompileFilter parses expr (already URL-decoded, '+' already a space) and
// resolves its attribute paths against rs. Operators, logical words and
// attribute names are case-insensitive. A syntax error, an operator that
// does not apply to the attribute's type, or a compare value of the wrong
// type is a 400 invalidFilter.
func CompileFilter(rs ResourceSchema, expr string) (Filter, *Error) {
	f, err := compileFilter(rs, expr)
	if err != nil {
		return nil, err
	}
	return f, nil
}

func compileFilter(rs ResourceSchema, expr string) (f *compiledFilter, e *Error) {
	defer func() {
		// The parser is third-party code; a panic on hostile input must not
		// take the server down.
		if r := recover(); r != nil {
			f, e = nil, badRequest(ScimTypeInvalidFilter, "expected a SCIM filter (RFC 7644 §3.4.2.2), got %q", expr)
		}
	}()
	src := strings.TrimSpace(expr)
	if src == "" {
		return nil, badRequest(ScimTypeInvalidFilter, "expected a filter expression, got an empty string")
	}
	if len(src) > MaxFilterLength {
		return nil, badRequest(ScimTypeInvalidFilter, "expected a filter of at most %d bytes, got %d", MaxFilterLength, len(src))
	}
	if d := filterDepth(src); d > MaxFilterDepth {
		return nil, badRequest(ScimTypeInvalidFilter, "expected parentheses and brackets nested at most %d deep, got %d", MaxFilterDepth, d)
	}
	c := filterCompiler{rs: rs}
	if x, ok := fastAttrExpr(src); ok {
		root, ferr := c.attrExpr(&x, nil)
		if ferr != nil {
			return nil, ferr
		}
		return &compiledFilter{root: root}, nil
	}
	ast, err := filter.ParseFilter([]byte(src))
	if err != nil {
		if root, ok, ferr := c.compileLifted(src); ok {
			if ferr != nil {
				return nil, ferr
			}
			return &compiledFilter{root: root}, nil
		}
		if root, ok, ferr := c.subAfterValuePath(src); ok {
			if ferr != nil {
				return nil, ferr
			}
			return &compiledFilter{root: root}, nil
		}
		return nil, badRequest(ScimTypeInvalidFilter, "expected a SCIM filter (RFC 7644 §3.4.2.2), got %q", expr)
	}
	root, ferr := c.node(ast, nil)
	if ferr != nil {
		return nil, ferr
	}
	return &compiledFilter{root: root}, nil
}

// MaxFilterDepth bounds how deeply a filter's "(" and "[" groups nest. The
// parser recurses once per level (20,000 levels took a second and the
// stack with it); real filters nest two or three deep. A deeper filter is
// a 400 invalidFilter: RFC 7644 §3.12 Table 9 names it for a filter "not
// supported".
const MaxFilterDepth = 32

// MaxFilterLength bounds a filter's text: the parser spends about 5 µs
// per byte, so a 1 MB filter (a URL may carry one) held a request for
// seconds. 8 KiB is a hundred or so "userName eq" terms.
const MaxFilterLength = 8 << 10

// filterDepth is the deepest nesting of "(" and "[" outside quoted strings.
func filterDepth(src string) int {
	depth, deepest, inString := 0, 0, false
	for i := 0; i < len(src); i++ {
		switch c := src[i]; {
		case inString && c == '\\':
			i++
		case c == '"':
			inString = !inString
		case inString:
		case c == '(' || c == '[':
			depth++
			deepest = max(deepest, depth)
		case c == ')' || c == ']':
			depth--
		}
	}
	return deepest
}

// filterCompiler turns the parser's AST into fnodes. parent is the
// multi-valued attribute whose elements are the scope inside a value
// filter; nil at resource level.
type filterCompiler struct {
	rs     ResourceSchema
	lifted []fnode // value filters lifted out by compileLifted
}

func (c filterCompiler) node(e filter.Expression, parent *Attribute) (fnode, *Error) {
	switch t := e.(type) {
	case *filter.LogicalExpression:
		l, err := c.node(t.Left, parent)
		if err != nil {
			return nil, err
		}
		r, err := c.node(t.Right, parent)
		if err != nil {
			return nil, err
		}
		if strings.EqualFold(string(t.Operator), string(filter.AND)) {
			return andNode{l, r}, nil
		}
		return orNode{l, r}, nil
	case *filter.NotExpression:
		n, err := c.node(t.Expression, parent)
		if err != nil {
			return nil, err
		}
		return notNode{n}, nil
	case *filter.AttributeExpression:
		return c.attrExpr(t, parent)
	case *filter.ValuePath:
		if parent != nil {
			return nil, badRequest(ScimTypeInvalidFilter, "expected no nested value filter inside %s[...], got %v", parent.Name, t)
		}
		return c.valuePath(t.AttributePath, t.ValueFilter)
	default:
		return nil, badRequest(ScimTypeInvalidFilter, "expected a filter expression, got %s", fmt.Sprintf("%T", e))
	}
}

// valuePath compiles attr[inner] at resource level.
func (c filterCompiler) valuePath(ap filter.AttributePath, inner filter.Expression) (fnode, *Error) {
	ref, ok := c.rs.resolvePath(ap)
	if !ok {
		return falseNode{}, nil // unknown attributes are unassigned
	}
	if ref.sub != nil || ref.attr.Type != TypeComplex {
		return nil, badRequest(ScimTypeInvalidFilter, "expected a complex attribute before [...], got %v", ap)
	}
	n, err := c.node(inner, ref.attr)
	if err != nil {
		return nil, err
	}
	return valuePathNode{ref: ref, inner: n}, nil
}

func (c filterCompiler) attrExpr(x *filter.AttributeExpression, parent *Attribute) (fnode, *Error) {
	if n, ok := c.placeholder(x); ok && parent == nil {
		return n, nil
	}
	var ref attrRef
	var ok bool
	if parent == nil {
		ref, ok = c.rs.resolvePath(x.AttributePath)
	} else {
		ref, ok = resolveInElement(parent, x.AttributePath)
	}
	if ok && (ref.attr.Returned == RetNever || (ref.sub != nil && ref.sub.Returned == RetNever)) {
		// A filter must not reveal a never-returned value (password): it
		// behaves as unassigned.
		ok = false
	}
	op := strings.ToLower(string(x.Operator))
	n := &cmpNode{ref: ref, op: op, known: ok}
	if !ok {
		// RFC 7644 leaves unknown attributes open; treating them as
		// unassigned keeps IdP look-ups on custom attributes at 200 empty.
		n.leaf = &Attribute{Name: x.AttributePath.AttributeName, Type: TypeString}
		return n, nil
	}
	n.leaf = ref.leaf()
	if op == opPr {
		return n, nil
	}
	if n.leaf == nil {
		return nil, badRequest(ScimTypeInvalidFilter, "expected a sub-attribute of complex attribute %s, got %v", ref.attr.Name, x.AttributePath)
	}
	if x.CompareValue == nil {
		if op != opEq && op != opNe {
			return nil, badRequest(ScimTypeInvalidFilter, "expected eq or ne with null, got %s", op)
		}
		n.null = true
		return n, nil
	}
	operand, err := filterOperand(n.leaf, op, x.CompareValue)
	if err != nil {
		return nil, err
	}
	n.operand = operand
	return n, nil
}

// filterOperand checks that op applies to the attribute's type and converts
// the literal to the form compare expects.
func filterOperand(leaf *Attribute, op string, v any) (any, *Error) {
	if s, ok := v.(string); ok {
		v = unescapeFilterString(s)
	}
	switch leaf.Type {
	case TypeBoolean:
		if op != opEq && op != opNe {
			return nil, badRequest(ScimTypeInvalidFilter, "expected eq, ne or pr for boolean attribute %s, got %s", leaf.Name, op)
		}
		switch t := v.(type) {
		case bool:
			return t, nil
		case string:
			if b, ok := parseBoolString(t); ok {
				return b, nil
			}
		}
		return nil, badRequest(ScimTypeInvalidFilter, "expected true or false for %s, got %v", leaf.Name, v)
	case TypeInteger, TypeDecimal:
		if op == opCo || op == opSw || op == opEw {
			return nil, badRequest(ScimTypeInvalidFilter, "expected eq, ne, gt, ge, lt, le or pr for number attribute %s, got %s", leaf.Name, op)
		}
		if f, ok := toFloat(v); ok {
			return f, nil
		}
		return nil, badRequest(ScimTypeInvalidFilter, "expected a number for %s, got %v", leaf.Name, v)
	case TypeDateTime:
		s, ok := v.(string)
		if !ok {
			return nil, badRequest(ScimTypeInvalidFilter, "expected a dateTime string for %s, got %v", leaf.Name, v)
		}
		if op == opCo || op == opSw || op == opEw {
			return s, nil // substring tests work on the literal form
		}
		t, ok := parseDateTime(s)
		if !ok {
			return nil, badRequest(ScimTypeInvalidFilter, "expected an RFC 3339 dateTime for %s, got %q", leaf.Name, s)
		}
		return t, nil
	case TypeBinary:
		if op != opEq && op != opNe && op != opCo && op != opSw && op != opEw {
			// RFC 7644 §3.4.2.2: gt/ge/lt/le on binary SHALL be invalidFilter.
			return nil, badRequest(ScimTypeInvalidFilter, "expected eq, ne, co, sw, ew or pr for binary attribute %s, got %s", leaf.Name, op)
		}
		fallthrough
	default: // string, reference
		s, ok := v.(string)
		if !ok {
			return nil, badRequest(ScimTypeInvalidFilter, "expected a quoted string for %s, got %v", leaf.Name, v)
		}
		return s, nil
	}
}

// unescapeFilterString decodes JSON escapes the parser leaves in place
// (the filter grammar's strings are JSON strings, RFC 7644 §3.4.2.2).
func unescapeFilterString(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var out string
	if err := json.Unmarshal([]byte(`"`+s+`"`), &out); err != nil {
		return s
	}
	return out
}

// IndexHint reports an equality on an indexed attribute (userName,
// externalId, displayName, emails.value, id) that the filter requires: the filter itself
// or any conjunct of a top-level AND. The store can then look up by index
// and run Match only on the candidates.
func IndexHint(f Filter) (attr, value string, ok bool) {
	cf, isCompiled := f.(*compiledFilter)
	if !isCompiled || cf == nil {
		return "", "", false
	}
	return indexHint(cf.root)
}

func indexHint(n fnode) (string, string, bool) {
	switch t := n.(type) {
	case andNode:
		if a, v, ok := indexHint(t.l); ok {
			return a, v, true
		}
		return indexHint(t.r)
	case valuePathNode:
		// emails[type eq "work" and value eq "x"], the lifted form of
		// emails[type eq "work"].value eq "x": Entra's look-up when the
		// matching attribute is the work email. Any email with that value
		// is a candidate; Match then checks the type.
		if t.ref.urn == "" && t.ref.sub == nil && t.ref.attr != nil && t.ref.attr.Name == "emails" {
			if v, ok := elementValueEq(t.inner); ok {
				return "emails.value", v, true
			}
		}
		return "", "", false
	case *cmpNode:
		if t.op != opEq || !t.known || t.null || t.ref.urn != "" || t.ref.attr == nil {
			return "", "", false
		}
		s, ok := t.operand.(string)
		if !ok {
			return "", "", false
		}
		if t.ref.sub != nil {
			// emails.value: Entra's and Okta's look-up by work email.
			if t.ref.attr.Name == "emails" && t.ref.sub.Name == "value" {
				return "emails.value", s, true
			}
			return "", "", false
		}
		switch t.ref.attr.Name {
		case "userName", "externalId", "displayName", "id":
			return t.ref.attr.Name, s, true
		}
	}
	return "", "", false
}

// elementValueEq finds "value eq <string>" that an element filter requires
// (the filter itself or a conjunct of its ANDs).
func elementValueEq(n fnode) (string, bool) {
	switch t := n.(type) {
	case andNode:
		if v, ok := elementValueEq(t.l); ok {
			return v, true
		}
		return elementValueEq(t.r)
	case *cmpNode:
		if t.op != opEq || !t.known || t.null || t.ref.attr == nil || t.ref.sub != nil || t.ref.attr.Name != "value" {
			return "", false
		}
		s, ok := t.operand.(string)
		return s, ok
	}
	return "", false
}

func parseBoolString(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return false, false
}

// dateTimeLayouts are the xsd:dateTime forms RFC 7643 §2.3.5 allows, most
// specific first.
var dateTimeLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02"}

func parseDateTime(s string) (time.Time, bool) {
	for _, l := range dateTimeLayouts {
		if t, err := time.Parse(l, strings.TrimSpace(s)); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func toFloat(v any) (float64, bool) {
	switch t := v.(type) {
	case float64:
		return t, true
	case float32:
		return float64(t), true
	case int:
		return float64(t), true
	case int64:
		return float64(t), true
	case int32:
		return float64(t), true
	case json.Number:
		f, err := t.Float64()
		return f, err == nil
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(t), 64)
		return f, err == nil
	}
	return 0, false
}

// subAfterValuePathRE matches attr[valueFilter].sub op value, the form
// Entra uses when its matching attribute is emails[type eq "work"].value
// (idp-dialects.md, look-up before create). RFC 7644 §3.4.2.2's grammar
// has no such form; it means attr[valueFilter and sub op value].
var subAfterValuePathRE = regexp.MustCompile(`^([A-Za-z0-9:.$_-]+)\[(.*)\]\.([A-Za-z$][A-Za-z0-9$_-]*)\s+(.+)$`)

// subAfterValuePath compiles that form; ok is false when expr is not of it.
func (c filterCompiler) subAfterValuePath(expr string) (fnode, bool, *Error) {
	m := subAfterValuePathRE.FindStringSubmatch(expr)
	if m == nil {
		return nil, false, nil
	}
	vp, ok := parseWideValuePath(m[1] + "[" + m[2] + "]")
	if !ok {
		return nil, false, nil
	}
	ae, err := filter.ParseAttrExp([]byte(m[3] + " " + m[4]))
	if err != nil {
		return nil, false, nil
	}
	vnode, ferr := c.valuePath(vp.AttributePath, vp.ValueExpression)
	if ferr != nil {
		return nil, true, ferr
	}
	v, isVP := vnode.(valuePathNode)
	if !isVP {
		return vnode, true, nil // unknown attribute: never matches
	}
	sub, ferr := c.attrExpr(&ae, v.ref.attr)
	if ferr != nil {
		return nil, true, ferr
	}
	v.inner = andNode{v.inner, sub}
	return v, true, nil
}

// PrefixHint reports a `userName sw "x"` that the filter requires (the
// filter itself or a conjunct of a top-level AND), which the store answers
// from an ordered index: features scope their listings to their own users
// this way, and a listing must not read every user of a large tenant.
func PrefixHint(f Filter) (attr, prefix string, ok bool) {
	cf, isCompiled := f.(*compiledFilter)
	if !isCompiled || cf == nil {
		return "", "", false
	}
	return prefixHint(cf.root)
}

func prefixHint(n fnode) (string, string, bool) {
	switch t := n.(type) {
	case andNode:
		if a, v, ok := prefixHint(t.l); ok {
			return a, v, true
		}
		return prefixHint(t.r)
	case *cmpNode:
		if t.op != opSw || !t.known || t.null || t.ref.urn != "" || t.ref.sub != nil || t.ref.attr == nil || t.ref.attr.Name != "userName" {
			return "", "", false
		}
		if s, ok := t.operand.(string); ok && s != "" {
			return "userName", s, true
		}
	}
	return "", "", false
}
