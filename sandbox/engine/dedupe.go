package engine

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
	for _, e := range list {
		idx := -1
		for i, kept := range out {
			if sameElement(attr, kept, e) {
				idx = i
				break
			}
		}
		if idx < 0 {
			out = append(out, e)
			continue
		}
		km, kok := asMap(out[idx])
		em, eok := asMap(e)
		if !kok || !eok {
			continue // equal scalars: the first one stands for both
		}
		merged := make(map[string]any, len(km)+len(em))
		for k, v := range km {
			merged[k] = v
		}
		for k, v := range em {
			setAttr(merged, k, v)
		}
		out[idx] = merged
	}
	return out
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
