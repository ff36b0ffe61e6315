package engine

import (
	"fmt"
	"strings"
)

// Quirks are tolerance switches shared by Normalize and ApplyPatch.
type Quirks struct {
	// RejectStringBooleans is a fault: "False"/"true" sent for a boolean
	// attribute become a 400 invalidValue instead of being accepted
	// (idp-dialects.md quirk 2).
	RejectStringBooleans bool
	// KeepDuplicateValues is a fault: a multi-valued attribute keeps every
	// element as sent, a repeated (type, value) pair included, where RFC
	// 7643 §2.4 says a provider "SHOULD NOT return the same (type, value)
	// combination more than once per attribute".
	KeepDuplicateValues bool
}

// Normalize validates and canonicalises a POST/PUT body: attribute names are
// rewritten to their schema case, readOnly attributes (id, meta, groups) are
// dropped (RFC 7644 §3.5.1; Okta PUTs what it GOT, quirk 10), unknown
// attributes are dropped, string booleans become booleans (quirk 2), a
// complex attribute given as a plain string becomes {"value": s} (Entra's
// manager, quirk 8), nulls and empty arrays are unassigned (RFC 7643 §2.5),
// and "schemas" lists the core schema plus the extensions present. Wrong
// types and missing required attributes are a 400 invalidValue.
func Normalize(rs ResourceSchema, in Resource, q Quirks) (Resource, *Error) {
	if in == nil {
		return nil, badRequest(ScimTypeInvalidValue, "expected a JSON object, got null")
	}
	if v, ok := getKey(in, "schemas"); ok && v != nil {
		if !isStringList(v) {
			return nil, badRequest(ScimTypeInvalidValue, "expected schemas to be an array of strings, got %s", jsonKind(v))
		}
		if err := checkDeclaredSchemas(rs, v); err != nil {
			return nil, err
		}
	}
	out := Resource{}
	for k, v := range in {
		if strings.EqualFold(k, "schemas") || v == nil {
			continue
		}
		if ext, ok := rs.Extension(k); ok {
			m, isMap := asMap(v)
			if !isMap {
				return nil, badRequest(ScimTypeInvalidValue, "expected an object for %s, got %s", ext.ID, jsonKind(v))
			}
			for sk, sv := range m {
				a, ok := ext.attr(sk)
				if !ok || a.Mutability == MutReadOnly || sv == nil {
					continue
				}
				cv, err := coerce(a, sv, q, ext.ID+":"+a.Name)
				if err != nil {
					return nil, err
				}
				if cv != nil {
					extObj(out, ext.ID)[a.Name] = cv
				}
			}
			continue
		}
		urn, name := rs.splitURN(k)
		if strings.Contains(name, ".") {
			continue // dotted names are PATCH-only; unknown here
		}
		ref, ok := rs.resolve(urn, name, "")
		if !ok || ref.attr == &schemasAttr || ref.attr.Mutability == MutReadOnly {
			continue
		}
		cv, err := coerce(ref.attr, v, q, ref.attr.Name)
		if err != nil {
			return nil, err
		}
		if cv == nil {
			continue
		}
		if ref.urn == "" {
			out[ref.attr.Name] = cv
		} else {
			extObj(out, ref.urn)[ref.attr.Name] = cv
		}
	}
	if err := checkRequired(rs, out); err != nil {
		return nil, err
	}
	syncSchemas(rs, out)
	return out, nil
}

// checkDeclaredSchemas refuses a "schemas" URN the resource type does not
// declare (its core schema or one of its schemaExtensions, RFC 7643 §6).
// RFC 7644 §3.12 Table 9: invalidValue is "the value specified was not
// compatible with the operation or attribute type ..., or resource schema";
// a server that dropped the URN would store a resource other than the one
// the client described.
func checkDeclaredSchemas(rs ResourceSchema, v any) *Error {
	list, _ := asList(v)
	for _, e := range list {
		urn, _ := e.(string)
		if strings.EqualFold(urn, rs.Core.ID) {
			continue
		}
		if _, ok := rs.Extension(urn); ok {
			continue
		}
		declared := []string{rs.Core.ID}
		for _, ext := range rs.Extensions {
			declared = append(declared, ext.ID)
		}
		return badRequest(ScimTypeInvalidValue, "expected schemas from the %s resource type (%s), got %q", rs.Name, strings.Join(declared, ", "), urn)
	}
	return nil
}

// extObj returns the extension object for urn in r, creating it.
func extObj(r Resource, urn string) map[string]any {
	if m, ok := r[urn].(map[string]any); ok {
		return m
	}
	m := map[string]any{}
	r[urn] = m
	return m
}

// checkRequired enforces the required top-level attributes (userName for
// User, displayName for Group).
func checkRequired(rs ResourceSchema, r Resource) *Error {
	for _, a := range rs.Core.Attributes {
		if !a.Required {
			continue
		}
		v, ok := r[a.Name]
		if !ok || v == nil || v == "" {
			return badRequest(ScimTypeInvalidValue, "expected required attribute %s, got none", a.Name)
		}
	}
	return nil
}

// syncSchemas rewrites "schemas" to the core schema plus each extension
// whose object is present and non-empty; empty extension objects go.
func syncSchemas(rs ResourceSchema, r Resource) {
	schemas := []any{rs.Core.ID}
	for _, e := range rs.Extensions {
		k, ok := keyOf(r, e.ID)
		if !ok {
			continue
		}
		if m, isMap := r[k].(map[string]any); isMap && len(m) > 0 {
			if k != e.ID {
				delete(r, k)
				r[e.ID] = m
			}
			schemas = append(schemas, e.ID)
		} else {
			delete(r, k)
		}
	}
	if k, ok := keyOf(r, "schemas"); ok && k != "schemas" {
		delete(r, k)
	}
	r["schemas"] = schemas
}

// coerce checks v against the attribute definition and returns its
// canonical form; nil means unassigned. path names the attribute in errors.
func coerce(a *Attribute, v any, q Quirks, path string) (any, *Error) {
	if v == nil {
		return nil, nil
	}
	if !a.MultiValued {
		return coerceSingle(a, v, q, path)
	}
	list, ok := asList(v)
	if !ok {
		return nil, badRequest(ScimTypeInvalidValue, "expected an array for multi-valued %s, got %s", path, jsonKind(v))
	}
	out := make([]any, 0, len(list))
	for _, e := range list {
		ce, err := coerceSingle(a, e, q, path)
		if err != nil {
			return nil, err
		}
		if ce == nil {
			continue
		}
		if err := checkReferenceElement(a, ce, path); err != nil {
			return nil, err
		}
		out = append(out, ce)
	}
	if !q.KeepDuplicateValues {
		out = dedupeElements(a, out)
	}
	primaries := 0
	for _, ce := range out {
		if m, isMap := ce.(map[string]any); isMap && m["primary"] == true {
			primaries++
		}
	}
	if primaries > 1 {
		// RFC 7643 §2.4: the primary value "true" MUST appear no more than once.
		return nil, badRequest(ScimTypeInvalidValue, "expected at most one primary %s, got %d", path, primaries)
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

// coerceSingle checks one value (an element, for multi-valued attributes).
func coerceSingle(a *Attribute, v any, q Quirks, path string) (any, *Error) {
	if v == nil {
		return nil, nil
	}
	switch a.Type {
	case TypeComplex:
		m, ok := asMap(v)
		if !ok {
			// Entra sends the enterprise manager as a bare id (quirk 8);
			// any complex attribute with a "value" accepts that shape.
			if s, isStr := v.(string); isStr {
				if va, has := a.Sub("value"); has {
					m = map[string]any{va.Name: s}
					ok = true
				}
			}
			if !ok {
				return nil, badRequest(ScimTypeInvalidValue, "expected an object for %s, got %s", path, jsonKind(v))
			}
		}
		out := map[string]any{}
		for k, sv := range m {
			sa, known := a.Sub(k)
			if !known || sa.Mutability == MutReadOnly || sv == nil {
				continue
			}
			cv, err := coerceSingle(sa, sv, q, path+"."+sa.Name)
			if err != nil {
				return nil, err
			}
			if cv != nil {
				out[sa.Name] = cv
			}
		}
		if len(out) == 0 {
			return nil, nil
		}
		return out, nil
	case TypeBoolean:
		switch t := v.(type) {
		case bool:
			return t, nil
		case string:
			// Entra sends "False"/"True" (quirk 2).
			if b, ok := parseBoolString(t); ok && !q.RejectStringBooleans {
				return b, nil
			}
		}
		return nil, badRequest(ScimTypeInvalidValue, "expected a boolean for %s, got %s", path, describe(v))
	case TypeInteger:
		f, ok := toFloat(v)
		if _, isStr := v.(string); isStr || !ok || f != float64(int64(f)) {
			return nil, badRequest(ScimTypeInvalidValue, "expected an integer for %s, got %s", path, describe(v))
		}
		return f, nil
	case TypeDecimal:
		f, ok := toFloat(v)
		if _, isStr := v.(string); isStr || !ok {
			return nil, badRequest(ScimTypeInvalidValue, "expected a number for %s, got %s", path, describe(v))
		}
		return f, nil
	case TypeDateTime:
		s, ok := v.(string)
		if !ok {
			return nil, badRequest(ScimTypeInvalidValue, "expected a dateTime string for %s, got %s", path, describe(v))
		}
		if _, ok := parseDateTime(s); !ok {
			return nil, badRequest(ScimTypeInvalidValue, "expected an RFC 3339 dateTime for %s, got %q", path, s)
		}
		return s, nil
	default: // string, reference, binary
		s, ok := v.(string)
		if !ok {
			return nil, badRequest(ScimTypeInvalidValue, "expected a string for %s, got %s", path, describe(v))
		}
		if r, at, bad := controlChar(s); bad {
			return nil, badRequest(ScimTypeInvalidValue, "expected %s without control characters, got U+%04X at offset %d", path, r, at)
		}
		return s, nil
	}
}

func isStringList(v any) bool {
	list, ok := asList(v)
	if !ok {
		return false
	}
	for _, e := range list {
		if _, ok := e.(string); !ok {
			return false
		}
	}
	return true
}

// jsonKind names the JSON type of a decoded value for error details.
func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case string:
		return "a string"
	case map[string]any:
		return "an object"
	}
	if _, ok := asList(v); ok {
		return "an array"
	}
	if _, ok := toFloat(v); ok {
		return "a number"
	}
	return fmt.Sprintf("%T", v)
}

// describe is jsonKind plus the value for scalars.
func describe(v any) string {
	switch t := v.(type) {
	case string:
		return fmt.Sprintf("%q", t)
	case bool:
		return fmt.Sprintf("%v", t)
	case map[string]any:
		return "an object"
	}
	if _, ok := asList(v); ok {
		return "an array"
	}
	if f, ok := toFloat(v); ok {
		return fmt.Sprintf("%v", f)
	}
	return jsonKind(v)
}
