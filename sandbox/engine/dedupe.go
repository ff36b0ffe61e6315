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
	ix := newElementIndex(attr, nil)
	for _, e := range list {
		if idx := ix.find(out, e); idx >= 0 {
			out[idx] = mergeElement(out[idx], e)
			continue
		}
		out = append(out, e)
		ix.added(out, len(out)-1)
	}
	return out
}

// elementIndex finds the element of a list sameElement holds equal to a
// new one, comparing it only with the elements of its elementKey bucket:
// a group of thousands of members would otherwise cost a comparison with
// every member for each one added or kept.
type elementIndex struct {
	attr    *Attribute
	buckets map[string][]int // in list order
}

func newElementIndex(attr *Attribute, list []any) *elementIndex {
	ix := &elementIndex{attr: attr, buckets: make(map[string][]int, len(list))}
	for i := range list {
		ix.added(list, i)
	}
	return ix
}

// find is the index of the first element of list that is the same as e,
// or -1.
func (ix *elementIndex) find(list []any, e any) int {
	for _, i := range ix.buckets[elementKey(ix.attr, e)] {
		if sameElement(ix.attr, list[i], e) {
			return i
		}
	}
	return -1
}

// added indexes list[i]; elements must be added in list order.
func (ix *elementIndex) added(list []any, i int) {
	k := elementKey(ix.attr, list[i])
	ix.buckets[k] = append(ix.buckets[k], i)
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
