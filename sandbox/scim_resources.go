package sandbox

import (
	"net/http"
	"reflect"
	"strings"

	"github.com/scimharness/scimharness/sandbox/engine"
)

// resourceKind holds what differs between /Users and /Groups; the request
// flow (create, read, replace, patch, delete, list) is shared.
type resourceKind struct {
	kind Kind
	name string // resourceType in meta
	rs   engine.ResourceSchema
	// check validates and adjusts a resource about to be stored; old is nil on create.
	check func(tx Tx, old, next engine.Resource) *engine.Error
	// prePatch inspects a PATCH body before it is applied.
	prePatch func(tx Tx, old engine.Resource, body []byte) *engine.Error
	// written runs after every stored write (old nil on create).
	written func(tx Tx, old, stored engine.Resource)
	// deleted runs after the resource left the store.
	deleted func(tx Tx, old engine.Resource)
	// renderer returns a function that adds computed attributes (groups, member display, $ref).
	renderer func(c *scimCtx, tx Tx) func(engine.Resource) engine.Resource
}

func (c *scimCtx) location(k resourceKind, id string) string {
	return c.base + "/" + string(k.kind) + "/" + id
}

// withLocation returns a copy of r whose meta carries the absolute location;
// stored resources are shared and stay untouched.
func (c *scimCtx) withLocation(k resourceKind, r engine.Resource) engine.Resource {
	out := make(engine.Resource, len(r)+1)
	for key, v := range r {
		out[key] = v
	}
	meta := map[string]any{}
	if m, ok := r["meta"].(map[string]any); ok {
		for key, v := range m {
			meta[key] = v
		}
	}
	id, _ := r["id"].(string)
	meta["location"] = c.location(k, id)
	out["meta"] = meta
	return out
}

// present renders, then projects by the request's attributes/excludedAttributes.
func (c *scimCtx) present(k resourceKind, tx Tx, r engine.Resource) engine.Resource {
	attrs, excl := projectionFromQuery(c.r)
	if c.r.Method != http.MethodGet && c.s.faults.on(FaultWriteIgnoresAttributes) {
		attrs, excl = nil, nil
	}
	out := k.renderer(c, tx)(c.withLocation(k, r))
	return engine.Project(k.rs, out, attrs, excl)
}

// respond renders inside the transaction and returns the deferred answer,
// written once the store lock is released.
func (c *scimCtx) respond(k resourceKind, tx Tx, status int, r engine.Resource) func() {
	out := c.present(k, tx, r)
	id, _ := r["id"].(string)
	return func() { c.writeResource(status, out, c.location(k, id)) }
}

// normalize reads and normalizes a POST or PUT body. bodyID is the body's
// "id" (nil when absent), which normalization drops as readOnly; PUT checks it.
func (c *scimCtx) normalize(k resourceKind) (res engine.Resource, bodyID any, ok bool) {
	in, e := c.readObject()
	if e != nil {
		c.fail(e)
		return nil, nil, false
	}
	for key, v := range in {
		if strings.EqualFold(key, "id") {
			bodyID = v
		}
	}
	if res, e = engine.Normalize(k.rs, in, c.s.quirks()); e != nil {
		c.fail(e)
		return nil, nil, false
	}
	return res, bodyID, true
}

func (c *scimCtx) create(k resourceKind) {
	res, _, ok := c.normalize(k)
	if !ok {
		return
	}
	var answer func()
	err := c.s.store.Update(c.tenant, func(tx Tx) error {
		if e := k.check(tx, nil, res); e != nil {
			return e
		}
		res["id"] = newID()
		res["meta"] = newMeta(k.name, c.s.clock.Now())
		if err := tx.Put(k.kind, res); err != nil {
			return err
		}
		k.written(tx, nil, res)
		answer = c.respond(k, tx, http.StatusCreated, res)
		return nil
	})
	c.finish(err, answer)
}

// finish answers the outcome of a store transaction.
func (c *scimCtx) finish(err error, answer func()) {
	if err != nil {
		c.failWith(err)
		return
	}
	answer()
}

func notFound(k resourceKind, id string) *engine.Error {
	return engine.Errorf(http.StatusNotFound, "", "expected an existing %s id, got %q", k.name, id)
}

// current is the stored resource a PUT, PATCH or DELETE changes, provided
// the request's If-Match names its version (RFC 7644 §3.14: else 412).
func (c *scimCtx) current(tx Tx, k resourceKind, id string) (engine.Resource, *engine.Error) {
	old, ok := tx.Get(k.kind, id)
	if !ok {
		return nil, notFound(k, id)
	}
	if e := checkIfMatch(c.r, old); e != nil {
		return nil, e
	}
	return old, nil
}

func (c *scimCtx) get(k resourceKind, id string) {
	var answer func()
	err := c.s.store.View(c.tenant, func(tx Tx) error {
		cur, ok := tx.Get(k.kind, id)
		if !ok {
			return notFound(k, id)
		}
		if h := c.r.Header.Get("If-None-Match"); h != "" && etagMatches(h, etag(versionOf(cur))) {
			answer = func() {
				c.w.Header().Set("ETag", etag(versionOf(cur)))
				c.w.WriteHeader(http.StatusNotModified)
			}
			return nil
		}
		answer = c.respond(k, tx, http.StatusOK, cur)
		return nil
	})
	c.finish(err, answer)
}

func (c *scimCtx) replace(k resourceKind, id string) {
	res, bodyID, ok := c.normalize(k)
	if !ok {
		return
	}
	var answer func()
	err := c.s.store.Update(c.tenant, func(tx Tx) error {
		old, e := c.current(tx, k, id)
		if e != nil {
			return e
		}
		if e := checkImmutable(k.rs, old, res); e != nil {
			return e
		}
		if e := c.s.checkReplace(k, old, res, bodyID); e != nil {
			return e
		}
		if e := k.check(tx, old, res); e != nil {
			return e
		}
		return c.store(k, tx, old, res, &answer)
	})
	c.finish(err, answer)
}

// store writes next as the new version of old and prepares the 200 answer.
func (c *scimCtx) store(k resourceKind, tx Tx, old, next engine.Resource, answer *func()) error {
	next["id"] = old["id"]
	next["meta"] = bumpMeta(old, k.name, c.s.clock.Now())
	if c.s.losesUserUpdate(k.kind) {
		*answer = c.respond(k, tx, http.StatusOK, next) // the client sees its write; the store never does
		return nil
	}
	if err := tx.Put(k.kind, next); err != nil {
		return err
	}
	k.written(tx, old, next)
	*answer = c.respond(k, tx, http.StatusOK, next)
	return nil
}

// checkImmutable rejects a PUT that changes an immutable attribute already set
// (RFC 7643 §2.2 mutability "immutable"; RFC 7644 §3.5.1 → 400 mutability).
func checkImmutable(rs engine.ResourceSchema, old, next engine.Resource) *engine.Error {
	for _, a := range rs.Core.Attributes {
		if !strings.EqualFold(a.Mutability, "immutable") {
			continue
		}
		ov, had := old[a.Name]
		if nv, ok := next[a.Name]; had && ok && !reflect.DeepEqual(ov, nv) {
			return engine.Errorf(http.StatusBadRequest, engine.ScimTypeMutability, "expected immutable %s to stay %v, got %v", a.Name, ov, nv)
		}
	}
	return nil
}

// checkReplace applies the contract's readOnly rule to a PUT. The contract
// says "writing a readOnly attribute (id, meta) → 400 mutability"; RFC 7644
// §3.5.1 says readOnly values in a PUT are ignored, and Okta's PUT carries
// the id and meta of its last GET (idp-dialects.md quirk 10). Both hold with
// this rule, which follows the contract where they differ: an id equal to
// the resource's (or none) is fine, a different id is an attempt to write
// it → 400 mutability; meta is server-maintained and ignored whatever it
// says (a stale lastModified from an earlier GET is routine).
func (s *Sandbox) checkReplace(k resourceKind, old, next engine.Resource, bodyID any) *engine.Error {
	if bodyID != nil && bodyID != old["id"] && !s.faults.on(FaultPutIDIgnored) {
		return engine.Errorf(http.StatusBadRequest, engine.ScimTypeMutability, "expected id to be absent or %v (it is readOnly), got %v", old["id"], bodyID)
	}
	if k.kind == KindUser && s.faults.on(FaultPutIgnoresActive) {
		if v, had := old["active"]; had {
			next["active"] = v
		} else {
			delete(next, "active")
		}
	}
	return nil
}

func (c *scimCtx) patch(k resourceKind, id string) {
	raw, e := c.s.readSCIMBody(c.w, c.r, c.s.maxBody, "a body")
	if e != nil {
		c.fail(e)
		return
	}
	var answer func()
	err := c.s.store.Update(c.tenant, func(tx Tx) error {
		old, e := c.current(tx, k, id)
		if e != nil {
			return e
		}
		if k.prePatch != nil {
			if e := k.prePatch(tx, old, raw); e != nil {
				return e
			}
		}
		cur := engine.Clone(old)
		next, e := engine.ApplyPatch(k.rs, cur, raw, c.s.patchOptions())
		if e != nil {
			// non-atomic-patch: the engine worked on cur in place; keep whatever
			// earlier ops did, as a broken server would.
			if c.s.faults.on(FaultNonAtomicPatch) && !reflect.DeepEqual(cur, old) && k.check(tx, old, cur) == nil {
				var ignored func()
				if err := c.store(k, tx, old, cur, &ignored); err != nil {
					return err
				}
			}
			return e
		}
		if e := k.check(tx, old, next); e != nil {
			return e
		}
		if reflect.DeepEqual(next, old) && !c.s.faults.on(FaultNoopPatchBumpsVersion) {
			// Nothing changed (an add of a value already there): RFC 7644
			// §3.5.2.1 "SHALL NOT change the modify timestamp", and the
			// version stays, so If-Match with it keeps working.
			answer = c.respond(k, tx, http.StatusOK, old)
			return nil
		}
		return c.store(k, tx, old, next, &answer)
	})
	c.finish(err, answer)
}

func (c *scimCtx) delete(k resourceKind, id string) {
	err := c.s.store.Update(c.tenant, func(tx Tx) error {
		old, e := c.current(tx, k, id)
		if e != nil {
			return e
		}
		tx.Delete(k.kind, id)
		k.deleted(tx, old)
		return nil
	})
	c.finish(err, func() { c.w.WriteHeader(http.StatusNoContent) })
}
