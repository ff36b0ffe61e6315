package engine

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
)

// PatchOptions select IdP tolerance and fault behaviour for ApplyPatch.
type PatchOptions struct {
	Quirks
	// StrictOpCase is a fault: op names other than lower-case add, replace,
	// remove ("Replace" from Entra, quirk 1) are a 400 invalidSyntax.
	StrictOpCase bool
	// IgnoreNoPathReplace is a fault: a replace without path (Okta's
	// deactivation, quirk 4) succeeds but changes nothing.
	IgnoreNoPathReplace bool
	// BareRemoveClearsMembers is a fault: remove with path "members" and a
	// value array empties the whole attribute instead of removing only
	// those members (quirk 6).
	BareRemoveClearsMembers bool
	// NonAtomic is a fault: operations are applied to r itself, so a later
	// failing operation leaves the earlier ones applied (RFC 7644 §3.5.2
	// requires all-or-nothing).
	NonAtomic bool
}

// Operation names (RFC 7644 §3.5.2).
const (
	patchAdd     = "add"
	patchReplace = "replace"
	patchRemove  = "remove"
)

type patchOp struct {
	op       string
	path     string
	value    any
	hasValue bool
	// upsert: a replace inside a no-path value object whose key is a value
	// filter creates the element when none matches, as add does (Entra's
	// compliant mode sends {"emails[type eq \"work\"].value": "x"}).
	upsert bool
}

// ApplyPatch applies a PatchOp request body (RFC 7644 §3.5.2) to r and
// returns the patched resource. Unless opt.NonAtomic, r is left untouched
// and the result is a new resource, returned only if every operation
// succeeded. "schemas" of the result lists the extensions present.
func ApplyPatch(rs ResourceSchema, r Resource, body []byte, opt PatchOptions) (out Resource, err *Error) {
	defer func() {
		if p := recover(); p != nil {
			out, err = nil, badRequest(ScimTypeInvalidValue, "expected a PATCH the server can apply, got one it could not (%v)", p)
		}
	}()
	return applyPatch(rs, r, body, opt)
}

// applyPatch is ApplyPatch without the panic guard, so fuzzing sees panics.
func applyPatch(rs ResourceSchema, r Resource, body []byte, opt PatchOptions) (Resource, *Error) {
	ops, err := parsePatchBody(body, opt)
	if err != nil {
		return nil, err
	}
	res := r
	if !opt.NonAtomic || res == nil {
		res = Clone(r)
		if res == nil {
			res = Resource{}
		}
	}
	var hadRequired []string
	for _, a := range rs.Core.Attributes {
		if v, ok := getKey(res, a.Name); a.Required && ok && v != nil && v != "" {
			hadRequired = append(hadRequired, a.Name)
		}
	}
	p := patcher{rs: rs, opt: opt, res: res}
	for i, op := range ops {
		if err := p.apply(op); err != nil {
			if len(ops) > 1 {
				err.Detail = fmt.Sprintf("operation %d (%s): %s", i+1, op.op, err.Detail)
			}
			if opt.NonAtomic {
				syncSchemas(rs, res) // the live resource stays self-consistent
			}
			return nil, err
		}
	}
	// A required attribute the resource had may not be removed: RFC 7644
	// §3.5.2.2 names "mutability" for a removed required or readOnly attribute.
	for _, name := range hadRequired {
		if v, ok := res[name]; !ok || v == nil || v == "" {
			return nil, badRequest(ScimTypeMutability, "expected required attribute %s to keep a value, got it removed", name)
		}
	}
	if !opt.KeepDuplicateValues {
		dedupeResource(rs, res)
	}
	syncSchemas(rs, res)
	return res, nil
}

// MaxPatchOperations bounds the operations of one PATCH. IdPs send a few
// (Entra batches attribute changes; members travel as one operation's value
// array), while 5,000 operations took 1.8 s of the store's write lock. RFC
// 7644 defines no PATCH limit; a longer list is a 400 tooMany, Table 9's
// code for more than "the server is willing to calculate or process".
const MaxPatchOperations = 1000

// parsePatchBody decodes and checks the PatchOp envelope. Member names are
// matched case-insensitively ("Operations", "operations").
func parsePatchBody(body []byte, opt PatchOptions) ([]patchOp, *Error) {
	var doc any
	if err := json.Unmarshal(body, &doc); err != nil {
		return nil, badRequest(ScimTypeInvalidSyntax, "expected a JSON PatchOp body, got invalid JSON: %v", err)
	}
	m, ok := asMap(doc)
	if !ok {
		return nil, badRequest(ScimTypeInvalidSyntax, "expected a JSON object as PatchOp body, got %s", jsonKind(doc))
	}
	if s, ok := getKey(m, "schemas"); ok {
		if !containsFold(s, PatchOpSchema) {
			return nil, badRequest(ScimTypeInvalidSyntax, "expected schemas to contain %s, got %s", PatchOpSchema, compactJSON(s))
		}
	}
	rawOps, _ := getKey(m, "Operations")
	list, ok := asList(rawOps)
	if !ok || len(list) == 0 {
		return nil, badRequest(ScimTypeInvalidSyntax, "expected a non-empty Operations array, got %s", compactJSON(rawOps))
	}
	if len(list) > MaxPatchOperations {
		return nil, badRequest(ScimTypeTooMany, "expected at most %d operations in one PATCH, got %d", MaxPatchOperations, len(list))
	}
	ops := make([]patchOp, 0, len(list))
	for i, raw := range list {
		om, ok := asMap(raw)
		if !ok {
			return nil, badRequest(ScimTypeInvalidSyntax, "expected operation %d to be an object, got %s", i+1, jsonKind(raw))
		}
		var op patchOp
		name, _ := getKey(om, "op")
		opName, ok := name.(string)
		if !ok {
			return nil, badRequest(ScimTypeInvalidSyntax, "expected operation %d to have op add, replace or remove, got %s", i+1, compactJSON(name))
		}
		op.op = strings.ToLower(strings.TrimSpace(opName))
		if op.op != patchAdd && op.op != patchReplace && op.op != patchRemove {
			return nil, badRequest(ScimTypeInvalidSyntax, "expected op add, replace or remove, got %q", opName)
		}
		if opt.StrictOpCase && opName != op.op {
			return nil, badRequest(ScimTypeInvalidSyntax, "expected op in lower case (%s), got %q", op.op, opName)
		}
		if pv, has := getKey(om, "path"); has && pv != nil {
			ps, isStr := pv.(string)
			if !isStr {
				return nil, badRequest(ScimTypeInvalidPath, "expected path to be a string, got %s", jsonKind(pv))
			}
			op.path = strings.TrimSpace(ps)
		}
		op.value, op.hasValue = getKey(om, "value")
		if op.op != patchRemove && !op.hasValue {
			return nil, badRequest(ScimTypeInvalidSyntax, "expected a value for op %q, got none", opName)
		}
		ops = append(ops, op)
	}
	return ops, nil
}

// patcher applies operations to res in place.
type patcher struct {
	rs  ResourceSchema
	opt PatchOptions
	res Resource
	// pathBytes counts the path text parsed so far; parsed caches each
	// distinct path, so a path repeated across operations costs once.
	pathBytes int
	parsed    map[string]parsedPath
}

type parsedPath struct {
	t       patchTarget
	unknown bool
	err     *Error
}

// Path parsing costs about 10 µs per byte (the third-party PEG parser), so
// one PATCH may spend only a bounded amount of it: a 1 MiB body of long
// value-filter paths took 12 s before these limits.
const (
	// MaxPathLength bounds one path: RFC 7644 §3.5.2 paths are an attribute
	// and at most one value filter; 512 bytes hold an email filter (254)
	// with room to spare. Longer is a 400 invalidPath.
	MaxPathLength = 512
	// MaxPatchPathBytes bounds the distinct path text of one PATCH,
	// operation paths and the keys of path-less value objects together.
	// More is a 400 tooMany.
	MaxPatchPathBytes = 16 << 10
)

// target resolves a path within the request's parsing budget.
func (p *patcher) target(path string) (patchTarget, bool, *Error) {
	if c, ok := p.parsed[path]; ok {
		if c.err != nil {
			e := *c.err // applyPatch prefixes the detail of the error it returns
			return c.t, c.unknown, &e
		}
		return c.t, c.unknown, nil
	}
	if len(path) > MaxPathLength {
		return patchTarget{}, false, badRequest(ScimTypeInvalidPath, "expected a path of at most %d bytes, got %d: %q", MaxPathLength, len(path), path)
	}
	if p.pathBytes += len(path); p.pathBytes > MaxPatchPathBytes {
		return patchTarget{}, false, badRequest(ScimTypeTooMany, "expected at most %d bytes of distinct paths in one PATCH, got more", MaxPatchPathBytes)
	}
	if d := filterDepth(path); d > MaxFilterDepth {
		return patchTarget{}, false, badRequest(ScimTypeInvalidPath, "expected a value filter nested at most %d deep, got %d in %q", MaxFilterDepth, d, path)
	}
	t, unknown, err := p.rs.parsePatchPath(path)
	if p.parsed == nil {
		p.parsed = map[string]parsedPath{}
	}
	p.parsed[path] = parsedPath{t, unknown, err}
	return t, unknown, err
}

func (p *patcher) apply(op patchOp) *Error {
	if op.path == "" {
		switch {
		case op.op == patchRemove:
			return badRequest(ScimTypeNoTarget, "expected a path for remove (RFC 7644 §3.5.2.2), got none")
		case op.op == patchReplace && p.opt.IgnoreNoPathReplace:
			return nil
		}
		m, ok := asMap(op.value)
		if !ok {
			return badRequest(ScimTypeInvalidValue, "expected an object value for %s without path, got %s", op.op, jsonKind(op.value))
		}
		return p.applyObject(op.op, "", m)
	}
	if ext, ok := p.rs.Extension(op.path); ok {
		// The whole extension object, e.g. remove of
		// urn:ietf:params:scim:schemas:extension:enterprise:2.0:User.
		if op.op == patchRemove {
			if k, has := keyOf(p.res, ext.ID); has {
				delete(p.res, k)
			}
			return nil
		}
		m, ok := asMap(op.value)
		if !ok {
			return badRequest(ScimTypeInvalidValue, "expected an object value for %s, got %s", ext.ID, jsonKind(op.value))
		}
		return p.applyObject(op.op, ext.ID, m)
	}
	t, _, err := p.target(op.path)
	if err != nil {
		return err
	}
	return p.applyTarget(op, t)
}

// applyObject applies a value object without path: every key is an
// attribute path relative to urn ("" = core), may be dotted
// (name.givenName) or a full extension URN, either as an object key or as
// a prefix (quirk 4). Unknown attributes are ignored, as on POST/PUT.
func (p *patcher) applyObject(op, urn string, m map[string]any) *Error {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys) // deterministic order, so errors are reproducible
	for _, k := range keys {
		v := m[k]
		if urn == "" {
			if strings.EqualFold(k, "schemas") {
				continue
			}
			if ext, ok := p.rs.Extension(k); ok {
				sub, isMap := asMap(v)
				if !isMap {
					if v == nil && op == patchReplace {
						delete(p.res, ext.ID)
						continue
					}
					return badRequest(ScimTypeInvalidValue, "expected an object for %s, got %s", ext.ID, jsonKind(v))
				}
				if err := p.applyObject(op, ext.ID, sub); err != nil {
					return err
				}
				continue
			}
		}
		path := k
		if urn != "" {
			path = urn + ":" + k
		}
		t, unknown, err := p.target(path)
		if unknown {
			continue
		}
		if err != nil {
			return err
		}
		if err := p.applyTarget(patchOp{op: op, path: path, value: v, hasValue: true, upsert: true}, t); err != nil {
			return err
		}
	}
	return nil
}

// container returns the map holding the target attribute, creating the
// extension object when create is set.
func (p *patcher) container(urn string, create bool) map[string]any {
	if urn == "" {
		return p.res
	}
	if k, ok := keyOf(p.res, urn); ok {
		if m, isMap := p.res[k].(map[string]any); isMap {
			return m
		}
	}
	if !create {
		return nil
	}
	m := map[string]any{}
	p.res[urn] = m
	return m
}

func (p *patcher) applyTarget(op patchOp, t patchTarget) *Error {
	if err := p.checkMutability(op, t); err != nil {
		if err == errNoChange {
			return nil
		}
		return err
	}
	if t.filter != nil {
		return p.applyFiltered(op, t)
	}
	switch op.op {
	case patchAdd:
		return p.add(op, t)
	case patchReplace:
		return p.replace(op, t)
	default:
		return p.remove(op, t)
	}
}

// errNoChange marks a write of a readOnly attribute with the value it
// already has (Okta's rename carries the current id): accepted, no change.
var errNoChange = &Error{Status: 200, Detail: "no change"}

// checkMutability enforces RFC 7643 §2.2 mutability on the target.
func (p *patcher) checkMutability(op patchOp, t patchTarget) *Error {
	eff := t.attr
	if t.sub != nil && t.attr.Mutability != MutReadOnly {
		eff = t.sub
	}
	if eff.Mutability != MutReadOnly && eff.Mutability != MutImmutable {
		return nil
	}
	if t.filter != nil {
		if eff.Mutability == MutImmutable && op.op == patchAdd {
			return nil // checked per element: only unset values may be added
		}
		return badRequest(ScimTypeMutability, "expected a writable attribute, got %s %s on %s (%s)", op.op, t.text, eff.Name, eff.Mutability)
	}
	cur, has := p.current(t)
	if op.op == patchRemove {
		if !has && eff.Mutability == MutImmutable {
			return errNoChange
		}
		return badRequest(ScimTypeMutability, "expected a writable attribute, got remove of %s (%s)", t.text, eff.Mutability)
	}
	nv, err := coerce(eff, op.value, p.opt.Quirks, t.text)
	if eff.Mutability == MutReadOnly && eff.Type == TypeComplex {
		// coerce drops readOnly sub-attributes; compare the raw value.
		nv, err = op.value, nil
	}
	if err == nil && has && reflect.DeepEqual(cur, nv) {
		return errNoChange
	}
	if eff.Mutability == MutImmutable && !has {
		return nil
	}
	return badRequest(ScimTypeMutability, "expected %s to keep its current value (%s), got %s", t.text, eff.Mutability, compactJSON(op.value))
}

// current is the target's stored value (no filter).
func (p *patcher) current(t patchTarget) (any, bool) {
	c := p.container(t.urn, false)
	v, ok := getKey(c, t.attr.Name)
	if !ok || t.sub == nil {
		return v, ok && v != nil
	}
	m, isMap := asMap(v)
	if !isMap {
		return nil, false
	}
	sv, ok := getKey(m, t.sub.Name)
	return sv, ok && sv != nil
}

// compactList drops empty elements and returns nil for an empty list, so
// an attribute whose last value went becomes unassigned (RFC 7644 §3.5.2.2).
func compactList(list []any) any {
	out := make([]any, 0, len(list))
	for _, e := range list {
		if m, ok := e.(map[string]any); ok && len(m) == 0 {
			continue
		}
		if e == nil {
			continue
		}
		out = append(out, e)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// wrapList accepts a single value where an array is expected (IdPs send
// one member as an object).
func wrapList(v any) any {
	if v == nil {
		return nil
	}
	if _, ok := asList(v); ok {
		return v
	}
	return []any{v}
}

func containsFold(v any, want string) bool {
	list, ok := asList(v)
	if !ok {
		return false
	}
	for _, e := range list {
		if s, ok := e.(string); ok && strings.EqualFold(s, want) {
			return true
		}
	}
	return false
}

func compactJSON(v any) string {
	if v == nil {
		return "none"
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%v", v)
	}
	if len(b) > 200 {
		return string(b[:200]) + "…"
	}
	return string(b)
}
