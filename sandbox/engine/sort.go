package engine

import (
	"sort"
	"strings"
	"time"
)

// Sort orders resources in place by sortBy (RFC 7644 §3.4.2.3).
// sortOrder is "ascending" (default) or "descending", case-insensitive.
// Strings compare case-insensitively unless the attribute is caseExact; a
// multi-valued attribute sorts by its primary value, else its first. Missing
// values are "ordered last if ascending and first if descending" (RFC 7644
// §3.4.2.3); equal keys keep their order. An unknown
// sortBy or sortOrder is a 400 invalidValue.
func Sort(rs ResourceSchema, resources []Resource, sortBy, sortOrder string) *Error {
	sortBy = strings.TrimSpace(sortBy)
	if sortBy == "" {
		return nil
	}
	desc := false
	switch strings.ToLower(strings.TrimSpace(sortOrder)) {
	case "", "ascending":
	case "descending":
		desc = true
	default:
		return badRequest(ScimTypeInvalidValue, "expected sortOrder ascending or descending, got %q", sortOrder)
	}
	pp, ok := resolveProjection(rs, sortBy)
	if !ok || pp.ext != "" {
		return badRequest(ScimTypeInvalidValue, "expected sortBy to name an attribute of the %s schema, got %q", rs.Name, sortBy)
	}
	ref := pp.ref
	leaf := ref.leaf()
	if leaf == nil {
		return badRequest(ScimTypeInvalidValue, "expected sortBy to name a sub-attribute of complex %s, got %q", ref.attr.Name, sortBy)
	}
	keys := make([]any, len(resources))
	for i, r := range resources {
		keys[i] = sortKey(ref, r)
	}
	idx := make([]int, len(resources))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		ka, kb := keys[idx[a]], keys[idx[b]]
		switch {
		case ka == nil && kb == nil:
			return false
		case ka == nil:
			return desc
		case kb == nil:
			return !desc
		}
		c := compareKeys(leaf, ka, kb)
		if desc {
			return c > 0
		}
		return c < 0
	})
	sorted := make([]Resource, len(resources))
	for i, j := range idx {
		sorted[i] = resources[j]
	}
	copy(resources, sorted)
	return nil
}

// sortKey picks the value to sort r by: for multi-valued attributes the
// primary element, else the first (RFC 7644 §3.4.2.3).
func sortKey(ref attrRef, r Resource) any {
	v, ok := ref.raw(r)
	if !ok || v == nil {
		return nil
	}
	if list, isList := asList(v); isList {
		if len(list) == 0 {
			return nil
		}
		v = list[0]
		for _, e := range list {
			if isPrimary(e) {
				v = e
				break
			}
		}
	}
	if sub := ref.subName(); sub != "" {
		m, isMap := asMap(v)
		if !isMap {
			return nil
		}
		v, _ = getKey(m, sub)
	}
	return v
}

// compareKeys is a three-way comparison by attribute type; values of an
// unexpected type sort after well-typed ones.
func compareKeys(leaf *Attribute, a, b any) int {
	switch leaf.Type {
	case TypeInteger, TypeDecimal:
		fa, oka := toFloat(a)
		fb, okb := toFloat(b)
		if c, done := typedOrder(oka, okb); done {
			return c
		}
		return cmpFloat(fa, fb)
	case TypeBoolean:
		ba, oka := a.(bool)
		bb, okb := b.(bool)
		if c, done := typedOrder(oka, okb); done {
			return c
		}
		switch {
		case ba == bb:
			return 0
		case !ba:
			return -1
		}
		return 1
	case TypeDateTime:
		ta, oka := asTime(a)
		tb, okb := asTime(b)
		if c, done := typedOrder(oka, okb); done {
			return c
		}
		return ta.Compare(tb)
	default:
		sa, oka := a.(string)
		sb, okb := b.(string)
		if c, done := typedOrder(oka, okb); done {
			return c
		}
		if !leaf.CaseExact {
			sa, sb = strings.ToLower(sa), strings.ToLower(sb)
		}
		return strings.Compare(sa, sb)
	}
}

func typedOrder(oka, okb bool) (int, bool) {
	switch {
	case oka && okb:
		return 0, false
	case oka:
		return -1, true
	case okb:
		return 1, true
	}
	return 0, true
}

func asTime(v any) (time.Time, bool) {
	switch t := v.(type) {
	case time.Time:
		return t, true
	case string:
		return parseDateTime(t)
	}
	return time.Time{}, false
}
