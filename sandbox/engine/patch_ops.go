package engine

import "reflect"

// The add, replace and remove operations of RFC 7644 §3.5.2.1-3.

// setAttr stores v under the canonical name, replacing any differently
// cased key; nil deletes.
func setAttr(c map[string]any, name string, v any) {
	if k, ok := keyOf(c, name); ok {
		delete(c, k)
	}
	if v != nil {
		c[name] = v
	}
}

// add implements RFC 7644 §3.5.2.1 for paths without a value filter.
func (p *patcher) add(op patchOp, t patchTarget) *Error {
	if t.sub != nil {
		return p.setSub(op, t)
	}
	if t.attr.MultiValued {
		added, err := coerce(t.attr, wrapList(op.value), p.opt.Quirks, t.text)
		if err != nil || added == nil {
			return err
		}
		c := p.container(t.urn, true)
		cur, _ := getKey(c, t.attr.Name)
		list, _ := asList(cur)
		list = addElements(t.attr, list, added.([]any))
		setAttr(c, t.attr.Name, list)
		return nil
	}
	return p.setWhole(op, t, true)
}

// replace implements RFC 7644 §3.5.2.3 for paths without a value filter.
func (p *patcher) replace(op patchOp, t patchTarget) *Error {
	if t.sub != nil {
		return p.setSub(op, t)
	}
	if t.attr.MultiValued {
		nv, err := coerce(t.attr, wrapList(op.value), p.opt.Quirks, t.text)
		if err != nil {
			return err
		}
		// Okta's "full push" replaces members with the whole list, maybe [].
		setAttr(p.container(t.urn, true), t.attr.Name, nv)
		return nil
	}
	return p.setWhole(op, t, true)
}

// setWhole sets a single-valued attribute; a complex value is merged into
// the existing one (sub-attributes not given are left unchanged, RFC 7644
// §3.5.2.1/§3.5.2.3). null unassigns.
func (p *patcher) setWhole(op patchOp, t patchTarget, merge bool) *Error {
	nv, err := coerce(t.attr, op.value, p.opt.Quirks, t.text)
	if err != nil {
		return err
	}
	c := p.container(t.urn, nv != nil)
	if c == nil {
		return nil
	}
	if nm, ok := nv.(map[string]any); ok && merge {
		cur, _ := getKey(c, t.attr.Name)
		if old, isMap := asMap(cur); isMap {
			merged := make(map[string]any, len(old)+len(nm))
			for k, v := range old {
				merged[k] = v
			}
			for k, v := range nm {
				setAttr(merged, k, v)
			}
			nv = merged
		}
	}
	if op.value == nil && op.op == patchAdd {
		return nil // adding null adds nothing
	}
	setAttr(c, t.attr.Name, nv)
	return nil
}

// setSub sets attr.sub (add or replace) on a single-valued complex
// attribute such as name.givenName or manager.value.
func (p *patcher) setSub(op patchOp, t patchTarget) *Error {
	if t.attr.MultiValued {
		return badRequest(ScimTypeInvalidPath, "expected a value filter to select elements of multi-valued %s, got %q", t.attr.Name, t.text)
	}
	nv, err := coerce(t.sub, op.value, p.opt.Quirks, t.text)
	if err != nil {
		return err
	}
	c := p.container(t.urn, nv != nil)
	if c == nil {
		return nil
	}
	cur, _ := getKey(c, t.attr.Name)
	obj, ok := asMap(cur)
	if !ok {
		if nv == nil {
			return nil
		}
		obj = map[string]any{}
	}
	setAttr(obj, t.sub.Name, nv)
	if len(obj) == 0 {
		setAttr(c, t.attr.Name, nil)
		return nil
	}
	setAttr(c, t.attr.Name, obj)
	return nil
}

// remove implements RFC 7644 §3.5.2.2 for paths without a value filter.
func (p *patcher) remove(op patchOp, t patchTarget) *Error {
	c := p.container(t.urn, false)
	if c == nil {
		return nil
	}
	cur, has := getKey(c, t.attr.Name)
	if !has {
		return nil
	}
	if t.sub != nil {
		if t.attr.MultiValued {
			list, _ := asList(cur)
			for _, e := range list {
				if m, ok := asMap(e); ok {
					setAttr(m, t.sub.Name, nil)
				}
			}
			setAttr(c, t.attr.Name, compactList(list))
			return nil
		}
		if obj, ok := asMap(cur); ok {
			setAttr(obj, t.sub.Name, nil)
			if len(obj) == 0 {
				setAttr(c, t.attr.Name, nil)
			}
		}
		return nil
	}
	if t.attr.MultiValued && op.hasValue && op.value != nil && !p.opt.BareRemoveClearsMembers {
		// Entra: {"op":"Remove","path":"members","value":[{"value":"id"}]}
		// removes only the listed members (quirk 6).
		list, _ := asList(cur)
		var kept []any
		for _, e := range list {
			if !matchesAny(t.attr, e, wrapList(op.value)) {
				kept = append(kept, e)
			}
		}
		setAttr(c, t.attr.Name, compactList(kept))
		return nil
	}
	setAttr(c, t.attr.Name, nil)
	return nil
}

// matchesAny reports whether element e is one of the given values, which
// may be objects ({"value":"id"}) or bare values ("id").
func matchesAny(attr *Attribute, e any, given any) bool {
	list, _ := asList(given)
	em, _ := asMap(e)
	ev, _ := getKey(em, "value")
	for _, g := range list {
		if gm, ok := asMap(g); ok {
			if gv, has := getKey(gm, "value"); has {
				if valuesEqual(attr, "value", ev, gv) {
					return true
				}
				continue
			}
			if reflect.DeepEqual(em, gm) {
				return true
			}
			continue
		}
		if ev != nil && valuesEqual(attr, "value", ev, g) {
			return true
		}
	}
	return false
}

// applyFiltered handles attr[filter] and attr[filter].sub targets.
func (p *patcher) applyFiltered(op patchOp, t patchTarget) *Error {
	c := p.container(t.urn, op.op == patchAdd || op.upsert)
	var list []any
	if c != nil {
		cur, _ := getKey(c, t.attr.Name)
		list, _ = asList(cur)
		list = append([]any(nil), list...)
	}
	var matched []int
	for i, e := range list {
		if m, ok := asMap(e); ok && t.filter.eval(m) {
			matched = append(matched, i)
		}
	}
	if len(matched) == 0 {
		if op.op != patchAdd && !(op.op == patchReplace && op.upsert) {
			// RFC 7644 §3.5.2.2/§3.5.2.3: no match is a 400 noTarget.
			return badRequest(ScimTypeNoTarget, "expected an element matching %q, got none", t.text)
		}
		return p.addFromFilter(op, t, c, list)
	}
	switch op.op {
	case patchRemove:
		if t.sub != nil {
			for _, i := range matched {
				setAttr(list[i].(map[string]any), t.sub.Name, nil)
			}
			setAttr(c, t.attr.Name, compactList(list))
			return nil
		}
		kept := list[:0:0]
		mi := 0
		for i, e := range list {
			if mi < len(matched) && matched[mi] == i {
				mi++
				continue
			}
			kept = append(kept, e)
		}
		setAttr(c, t.attr.Name, compactList(kept))
		return nil
	case patchAdd, patchReplace:
		for _, i := range matched {
			m := list[i].(map[string]any)
			if t.sub != nil {
				nv, err := coerce(t.sub, op.value, p.opt.Quirks, t.text)
				if err != nil {
					return err
				}
				if t.sub.Mutability == MutImmutable {
					if old, has := getKey(m, t.sub.Name); has && !reflect.DeepEqual(old, nv) {
						return badRequest(ScimTypeMutability, "expected %s to keep its current value (immutable), got %s", t.text, compactJSON(op.value))
					}
				}
				setAttr(m, t.sub.Name, nv)
				if nv == true && t.sub.Name == "primary" {
					clearOtherPrimaries(list, i)
				}
				continue
			}
			nv, err := coerceSingle(t.attr, op.value, p.opt.Quirks, t.text)
			if err != nil {
				return err
			}
			nm, _ := nv.(map[string]any)
			if op.op == patchReplace {
				// All matching values SHALL be replaced (RFC 7644 §3.5.2.3).
				if err := checkReferenceElement(t.attr, nm, t.text); err != nil {
					return err
				}
				list[i] = nm
			} else {
				for k, v := range nm {
					m[k] = v
				}
			}
			if isPrimary(list[i]) {
				clearOtherPrimaries(list, i)
			}
		}
		setAttr(c, t.attr.Name, compactList(list))
	}
	return nil
}

// addFromFilter creates the element an add on an unmatched value filter
// denotes (Entra, quirk 5): emails[type eq "work"].value = x → {type:work,
// value:x}.
func (p *patcher) addFromFilter(op patchOp, t patchTarget, c map[string]any, list []any) *Error {
	elem, ok := elementFromFilter(t.attr, t.expr, p.opt.Quirks)
	if !ok {
		return badRequest(ScimTypeNoTarget, "expected an element matching %q or a filter of eq tests to create one from, got neither", t.text)
	}
	if t.sub != nil {
		nv, err := coerce(t.sub, op.value, p.opt.Quirks, t.text)
		if err != nil {
			return err
		}
		if nv == nil {
			return nil
		}
		elem[t.sub.Name] = nv
	} else {
		nv, err := coerceSingle(t.attr, op.value, p.opt.Quirks, t.text)
		if err != nil {
			return err
		}
		nm, _ := nv.(map[string]any)
		for k, v := range nm {
			elem[k] = v
		}
	}
	if err := checkReferenceElement(t.attr, elem, t.text); err != nil {
		return err
	}
	list = append(list, elem)
	if isPrimary(elem) {
		clearOtherPrimaries(list, len(list)-1)
	}
	setAttr(c, t.attr.Name, list)
	return nil
}

// addElements is list with each of added appended, or merged into the
// element it repeats (quirk 7: a repeated add is no error), a primary=true
// clearing the others (RFC 7644 §3.5.2). list is not modified.
func addElements(attr *Attribute, list, added []any) []any {
	list = append([]any(nil), list...)
	ix := newElementIndex(attr, list)
	for _, e := range added {
		idx := ix.find(list, e)
		if idx < 0 {
			list = append(list, e)
			idx = len(list) - 1
			ix.added(list, idx)
		} else if om, ok := asMap(list[idx]); ok {
			// Repeated add of an existing value (quirk 7): merge, no error.
			em, _ := asMap(e)
			for k, v := range em {
				om[k] = v
			}
		}
		if isPrimary(e) {
			clearOtherPrimaries(list, idx)
		}
	}
	return list
}
