package engine

import (
	"reflect"
	"strings"

	filter "github.com/scim2/filter-parser/v2"
)

// patchTarget is a PATCH path resolved against the schema (RFC 7644 §3.5.2
// "path" grammar): attribute, optional value filter, optional sub-attribute.
type patchTarget struct {
	text   string
	urn    string // "" = top level, else the extension object
	attr   *Attribute
	sub    *Attribute // name.givenName, or emails[...].value
	filter fnode      // emails[type eq "work"]
	expr   filter.Expression
}

// parsePatchPath resolves path. unknown is true when the path is well formed
// but names no attribute of the schema (lenient callers skip those).
func (rs ResourceSchema) parsePatchPath(path string) (t patchTarget, unknown bool, e *Error) {
	defer func() {
		if r := recover(); r != nil { // third-party parser on hostile input
			t, unknown, e = patchTarget{}, false, badRequest(ScimTypeInvalidPath, "expected a SCIM attribute path (RFC 7644 §3.5.2), got %q", path)
		}
	}()
	t.text = path
	if name, sub, ok := plainPath(strings.TrimSpace(path)); ok {
		// Most IdP paths are "active" or "name.givenName": the general
		// grammar cost more than the rest of the PATCH (profiled under load).
		ref, ok := rs.resolve("", name, sub)
		if !ok || ref.attr == &schemasAttr {
			return t, true, badRequest(ScimTypeInvalidPath, "expected an attribute of the %s schema, got %q", rs.Name, path)
		}
		t.urn, t.attr, t.sub = ref.urn, ref.attr, ref.sub
		return t, false, nil
	}
	p, ok := parsedPaths.parse(strings.TrimSpace(path))
	if !ok {
		return t, false, badRequest(ScimTypeInvalidPath, "expected a SCIM attribute path (RFC 7644 §3.5.2), got %q", path)
	}
	ap := p.AttributePath
	if p.ValueExpression != nil && ap.SubAttribute != nil {
		return t, false, badRequest(ScimTypeInvalidPath, "expected attr[filter].sub, got a filter after a sub-attribute in %q", path)
	}
	ref, ok := rs.resolve(ap.URI(), ap.AttributeName, ap.SubAttributeName())
	if !ok || ref.attr == &schemasAttr {
		return t, true, badRequest(ScimTypeInvalidPath, "expected an attribute of the %s schema, got %q", rs.Name, path)
	}
	t.urn, t.attr, t.sub = ref.urn, ref.attr, ref.sub
	if p.ValueExpression == nil {
		return t, false, nil
	}
	if !t.attr.MultiValued || t.attr.Type != TypeComplex {
		return t, false, badRequest(ScimTypeInvalidPath, "expected a multi-valued complex attribute before [...], got %s in %q", t.attr.Name, path)
	}
	node, ferr := filterCompiler{rs: rs}.node(p.ValueExpression, t.attr)
	if ferr != nil {
		return t, false, badRequest(ScimTypeInvalidPath, "expected a valid value filter in %q: %s", path, ferr.Detail)
	}
	t.filter, t.expr = node, p.ValueExpression
	if p.SubAttribute != nil {
		s, ok := t.attr.Sub(*p.SubAttribute)
		if !ok {
			return t, true, badRequest(ScimTypeInvalidPath, "expected a sub-attribute of %s, got %q in %q", t.attr.Name, *p.SubAttribute, path)
		}
		t.sub = s
	}
	return t, false, nil
}

// elementFromFilter builds the element an "add" creates when a value
// filter matches nothing (Entra, quirk 5): the filter must be eq tests
// joined by "and", e.g. type eq "work" → {"type":"work"}.
func elementFromFilter(attr *Attribute, e filter.Expression, q Quirks) (map[string]any, bool) {
	switch t := e.(type) {
	case *filter.AttributeExpression:
		if !strings.EqualFold(string(t.Operator), opEq) || t.AttributePath.URIPrefix != nil || t.AttributePath.SubAttribute != nil || t.CompareValue == nil {
			return nil, false
		}
		sa, ok := attr.Sub(t.AttributePath.AttributeName)
		if !ok {
			return nil, false
		}
		v := t.CompareValue
		if s, isStr := v.(string); isStr {
			v = unescapeFilterString(s)
		}
		if n, isInt := v.(int); isInt {
			v = float64(n)
		}
		cv, err := coerceSingle(sa, v, q, attr.Name+"."+sa.Name)
		if err != nil || cv == nil {
			return nil, false
		}
		return map[string]any{sa.Name: cv}, true
	case *filter.LogicalExpression:
		if !strings.EqualFold(string(t.Operator), string(filter.AND)) {
			return nil, false
		}
		l, ok := elementFromFilter(attr, t.Left, q)
		if !ok {
			return nil, false
		}
		r, ok := elementFromFilter(attr, t.Right, q)
		if !ok {
			return nil, false
		}
		for k, v := range r {
			if old, dup := l[k]; dup && !reflect.DeepEqual(old, v) {
				return nil, false // type eq "a" and type eq "b": no such element
			}
			l[k] = v
		}
		return l, true
	}
	return nil, false
}

// sameElement decides whether two elements of a multi-valued attribute are
// the same value. Elements that reference other resources (members: an
// immutable "value") are identified by value alone, so a repeated add of a
// member is a no-op (quirk 7); others by value and type.
func sameElement(attr *Attribute, a, b any) bool {
	am, aok := asMap(a)
	bm, bok := asMap(b)
	if !aok || !bok {
		return reflect.DeepEqual(a, b)
	}
	av, aHas := getKey(am, "value")
	bv, bHas := getKey(bm, "value")
	if !aHas || !bHas {
		return reflect.DeepEqual(am, bm)
	}
	if va, ok := attr.Sub("value"); ok && va.Mutability == MutImmutable {
		return reflect.DeepEqual(av, bv)
	}
	if !valuesEqual(attr, "value", av, bv) {
		return false
	}
	at, _ := getKey(am, "type")
	bt, _ := getKey(bm, "type")
	return valuesEqual(attr, "type", at, bt)
}

// valuesEqual compares two sub-attribute values honouring caseExact.
func valuesEqual(attr *Attribute, sub string, a, b any) bool {
	as, aok := a.(string)
	bs, bok := b.(string)
	if aok && bok {
		if sa, ok := attr.Sub(sub); ok && !sa.CaseExact {
			return strings.EqualFold(as, bs)
		}
		return as == bs
	}
	return reflect.DeepEqual(a, b)
}

// clearOtherPrimaries enforces a single primary=true (RFC 7644 §3.5.2: a
// PATCH that sets primary to true sets it to false on the other values).
func clearOtherPrimaries(list []any, keep int) {
	for i, e := range list {
		if i == keep {
			continue
		}
		if m, ok := asMap(e); ok {
			if p, _ := m["primary"].(bool); p {
				m["primary"] = false
			}
		}
	}
}

func isPrimary(e any) bool {
	m, ok := asMap(e)
	if !ok {
		return false
	}
	p, _ := m["primary"].(bool)
	return p
}

// checkReferenceElement rejects elements of members-like attributes (an
// immutable "value" naming another resource) that carry no value.
func checkReferenceElement(attr *Attribute, e any, path string) *Error {
	va, ok := attr.Sub("value")
	if !ok || va.Mutability != MutImmutable {
		return nil
	}
	m, _ := asMap(e)
	if s, _ := m["value"].(string); s == "" {
		return badRequest(ScimTypeInvalidValue, "expected %s.value (the id of the referenced resource), got none", path)
	}
	return nil
}

// parseWideValuePath parses attr[filter] and attr[filter].sub where the
// filter is beyond the parser's two-term value filter grammar (see
// filter_valuepath.go), e.g. members[value eq "1" and type eq "User" and
// display pr].
func parseWideValuePath(path string) (filter.Path, bool) {
	open := strings.IndexByte(path, '[')
	if open <= 0 {
		return filter.Path{}, false
	}
	end, ok := closingBracket(path, open+1)
	if !ok {
		return filter.Path{}, false
	}
	ap, err := filter.ParseAttrPath([]byte(path[:open]))
	if err != nil {
		return filter.Path{}, false
	}
	inner, err := filter.ParseFilter([]byte(strings.TrimSpace(path[open+1 : end])))
	if err != nil {
		return filter.Path{}, false
	}
	p := filter.Path{AttributePath: ap, ValueExpression: inner}
	switch rest := path[end+1:]; {
	case rest == "":
	case strings.HasPrefix(rest, ".") && len(rest) > 1:
		sub, err := filter.ParseAttrPath([]byte(rest[1:]))
		if err != nil || sub.URIPrefix != nil || sub.SubAttribute != nil {
			return filter.Path{}, false
		}
		p.SubAttribute = &sub.AttributeName
	default:
		return filter.Path{}, false
	}
	return p, true
}

// plainPath splits attr or attr.sub made of letters and digits only, the
// paths whose meaning filter.ParsePath would give without a filter, URN or
// other character; anything else goes to the full grammar.
func plainPath(path string) (name, sub string, ok bool) {
	name, sub, dotted := strings.Cut(path, ".")
	if !plainName(name) || (dotted && !plainName(sub)) {
		return "", "", false
	}
	return name, sub, true
}

func plainName(s string) bool {
	if s == "" || !(s[0] >= 'a' && s[0] <= 'z' || s[0] >= 'A' && s[0] <= 'Z') {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}
