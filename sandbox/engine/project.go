package engine

import "strings"

// Project applies attributes / excludedAttributes (RFC 7644 §3.4.2.5) and
// the "returned" characteristic (RFC 7643 §2.4): returned:always
// attributes (id, schemas) are kept even when excluded or not asked for,
// returned:never ones (password) are removed always, returned:request ones
// only appear when asked for. Entries may be comma lists, URN-qualified
// (urn:...:User:userName, a whole extension URN) and name sub-attributes
// (name.givenName, emails.value). Unknown names are ignored. r is not
// modified.
func Project(rs ResourceSchema, r Resource, attributes, excluded []string) Resource {
	if r == nil {
		return nil
	}
	src := Clone(r)
	stripReturned(rs, src, RetNever)
	attrs := splitList(attributes)
	if len(attrs) > 0 {
		return includeOnly(rs, src, attrs)
	}
	stripReturned(rs, src, RetRequest)
	for _, a := range splitList(excluded) {
		exclude(rs, src, a)
	}
	return src
}

func splitList(in []string) []string {
	var out []string
	for _, s := range in {
		for _, p := range strings.Split(s, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

// projPath is an attributes entry resolved: a whole extension (ext set,
// ref.attr nil) or an attribute with optional sub-attribute.
type projPath struct {
	ext string
	ref attrRef
}

func resolveProjection(rs ResourceSchema, s string) (projPath, bool) {
	if ext, ok := rs.Extension(s); ok {
		return projPath{ext: ext.ID}, true
	}
	urn, rest := rs.splitURN(s)
	name, sub, _ := strings.Cut(rest, ".")
	ref, ok := rs.resolve(urn, name, sub)
	if !ok || ref.attr == &schemasAttr {
		return projPath{}, false
	}
	return projPath{ref: ref}, true
}

// eachAttr visits the top-level attributes of r with their definitions.
func eachAttr(rs ResourceSchema, r Resource, fn func(urn string, c map[string]any, key string, a *Attribute)) {
	for k := range r {
		if ext, ok := rs.Extension(k); ok {
			m, isMap := r[k].(map[string]any)
			if !isMap {
				continue
			}
			for sk := range m {
				if a, ok := ext.attr(sk); ok {
					fn(ext.ID, m, sk, a)
				}
			}
			continue
		}
		if a, ok := commonAttr(k); ok {
			fn("", r, k, a)
		} else if a, ok := rs.Core.attr(k); ok {
			fn("", r, k, a)
		}
	}
}

// stripReturned removes attributes and sub-attributes whose returned
// characteristic is ret.
func stripReturned(rs ResourceSchema, r Resource, ret string) {
	eachAttr(rs, r, func(_ string, c map[string]any, key string, a *Attribute) {
		if a.Returned == ret {
			delete(c, key)
			return
		}
		for _, sa := range a.SubAttributes {
			if sa.Returned == ret {
				removeSub(c, key, sa.Name)
			}
		}
	})
}

func includeOnly(rs ResourceSchema, src Resource, attrs []string) Resource {
	out := Resource{}
	if s, ok := getKey(src, "schemas"); ok {
		out["schemas"] = s
	}
	eachAttr(rs, src, func(urn string, c map[string]any, key string, a *Attribute) {
		if a.Returned != RetAlways {
			return
		}
		if urn == "" {
			out[key] = c[key]
		} else {
			extObj(out, urn)[key] = c[key]
		}
	})
	for _, s := range attrs {
		pp, ok := resolveProjection(rs, s)
		if !ok {
			continue
		}
		if pp.ext != "" {
			if v, ok := getKey(src, pp.ext); ok {
				out[pp.ext] = v
			}
			continue
		}
		srcC, ok := pp.ref.container(src)
		if !ok {
			continue
		}
		key, ok := keyOf(srcC, pp.ref.attr.Name)
		if !ok {
			continue
		}
		dst := map[string]any(out)
		if pp.ref.urn != "" {
			dst = extObj(out, pp.ref.urn)
		}
		if pp.ref.sub == nil {
			dst[key] = srcC[key]
			continue
		}
		mergeSub(dst, key, srcC[key], pp.ref.sub.Name)
	}
	return out
}

// mergeSub copies only sub-attribute sub of v (a complex value or a list
// of them) into dst[key], merging with what an earlier entry copied.
func mergeSub(dst map[string]any, key string, v any, sub string) {
	pickSub := func(e any) map[string]any {
		m, ok := asMap(e)
		if !ok {
			return nil
		}
		sk, ok := keyOf(m, sub)
		if !ok {
			return nil
		}
		return map[string]any{sk: m[sk]}
	}
	if list, ok := asList(v); ok {
		prev, _ := asList(dst[key])
		out := make([]any, len(list))
		for i, e := range list {
			pm := map[string]any{}
			if i < len(prev) {
				if old, ok := asMap(prev[i]); ok {
					pm = old
				}
			}
			for k, x := range pickSub(e) {
				pm[k] = x
			}
			out[i] = pm
		}
		dst[key] = out
		return
	}
	picked := pickSub(v)
	if picked == nil {
		return
	}
	pm, ok := asMap(dst[key])
	if !ok {
		pm = map[string]any{}
	}
	for k, x := range picked {
		pm[k] = x
	}
	dst[key] = pm
}

func exclude(rs ResourceSchema, r Resource, s string) {
	pp, ok := resolveProjection(rs, s)
	if !ok {
		return
	}
	if pp.ext != "" {
		if k, ok := keyOf(r, pp.ext); ok {
			delete(r, k)
		}
		return
	}
	if pp.ref.attr.Returned == RetAlways || (pp.ref.sub != nil && pp.ref.sub.Returned == RetAlways) {
		return
	}
	c, ok := pp.ref.container(r)
	if !ok {
		return
	}
	key, ok := keyOf(c, pp.ref.attr.Name)
	if !ok {
		return
	}
	if pp.ref.sub == nil {
		delete(c, key)
		return
	}
	removeSub(c, key, pp.ref.sub.Name)
}

// removeSub deletes sub-attribute sub from c[key] (each element of a list).
func removeSub(c map[string]any, key, sub string) {
	v := c[key]
	for _, e := range elements(v) {
		if m, ok := asMap(e); ok {
			if sk, ok := keyOf(m, sub); ok {
				delete(m, sk)
			}
		}
	}
}
