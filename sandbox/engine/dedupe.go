package engine

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// RFC 7643 §2.4: "Service providers MAY return element objects with the
// same "value" sub-attribute more than once with a different "type"
// sub-attribute ... but SHOULD NOT return the same (type, value)
// combination more than once per attribute". The engine stores each pair
// once: a repeat is merged into the first element that has it, so a
// sub-attribute only the repeat carries (primary, display) is kept.

// dedupeElements merges elements of multi-valued attr that are the same
// (type, value) pair (sameElement: value compared as its caseExact says;
// elements without a value only when wholly equal). list is not modified.
func dedupeElements(attr *Attribute, list []any) []any {
	out := make([]any, 0, len(list))
	// Elements that sameElement can match share a bucket key, so each one
	// is compared with its few candidates only: a group of thousands of
	// members would otherwise cost a million comparisons per PATCH.
	buckets := make(map[string][]int, len(list))
	for _, e := range list {
		key := elementKey(attr, e)
		idx := -1
		for _, i := range buckets[key] {
			if sameElement(attr, out[i], e) {
				idx = i
				break
			}
		}
		if idx < 0 {
			buckets[key] = append(buckets[key], len(out))
			out = append(out, e)
			continue
		}
		out[idx] = mergeElement(out[idx], e)
	}
	return out
}

// mergeElement folds a repeat into the element kept for it: sub-attributes
// only the repeat carries are kept. Equal scalars: the first stands for both.
func mergeElement(kept, repeat any) any {
	km, kok := asMap(kept)
	em, eok := asMap(repeat)
	if !kok || !eok {
		return kept
	}
	merged := make(map[string]any, len(km)+len(em))
	for k, v := range km {
		merged[k] = v
	}
	for k, v := range em {
		setAttr(merged, k, v)
	}
	return merged
}

// elementKey is a bucket for dedupeElements: sameElement(attr, a, b)
// implies elementKey(attr, a) == elementKey(attr, b). Values sameElement
// compares by reflect.DeepEqual and that are not strings share one bucket
// per shape and are compared one by one.
func elementKey(attr *Attribute, e any) string {
	m, isMap := asMap(e)
	if !isMap {
		if s, ok := e.(string); ok {
			return "s:" + s
		}
		return "x"
	}
	v, has := getKey(m, "value")
	if !has {
		return "n" // compared whole
	}
	s, isString := v.(string)
	if va, ok := attr.Sub("value"); ok && va.Mutability == MutImmutable {
		if isString {
			return "i:" + s
		}
		return "ix"
	}
	if !isString {
		return "vx"
	}
	if va, ok := attr.Sub("value"); ok && !va.CaseExact {
		return "f:" + foldKey(s)
	}
	return "v:" + s
}

// foldKey maps s to one representative of the strings strings.EqualFold
// holds equal to it: each rune becomes the smallest rune of its simple
// case-folding orbit.
func foldKey(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		// 'A'..'Z' is the smallest rune of each orbit holding an ASCII
		// letter ({K, k, U+212A}, {S, s, U+017F} included).
		return strings.ToUpper(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		least := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			least = min(least, f)
		}
		b.WriteRune(least)
	}
	return b.String()
}

// dedupeResource applies dedupeElements to every multi-valued attribute of
// r, core and extension, after a PATCH: an add or replace through a value
// filter can turn one element into a copy of another.
func dedupeResource(rs ResourceSchema, r Resource) {
	dedupeIn := func(c map[string]any, attrs []Attribute) {
		for i := range attrs {
			a := &attrs[i]
			if !a.MultiValued {
				continue
			}
			k, ok := keyOf(c, a.Name)
			if !ok {
				continue
			}
			if list, isList := asList(c[k]); isList && len(list) > 1 {
				c[k] = dedupeElements(a, list)
			}
		}
	}
	dedupeIn(r, rs.Core.Attributes)
	for _, ext := range rs.Extensions {
		if k, ok := keyOf(r, ext.ID); ok {
			if m, isMap := r[k].(map[string]any); isMap {
				dedupeIn(m, ext.Attributes)
			}
		}
	}
}
