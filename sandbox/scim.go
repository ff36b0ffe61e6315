package sandbox

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/scimharness/scimharness/sandbox/engine"
)

// scimCtx carries one authenticated SCIM request.
type scimCtx struct {
	s      *Sandbox
	w      http.ResponseWriter
	r      *http.Request
	tenant string
	base   string // absolute tenant URL for Location and meta.location
}

// serveSCIM routes /scim/v2/{tenantId}/{endpoint}[/{id}]. Authentication
// comes first so an unknown tenant looks exactly like a wrong token.
func (s *Sandbox) serveSCIM(w http.ResponseWriter, r *http.Request, rest string) {
	parts := strings.Split(strings.TrimSuffix(rest, "/"), "/")
	tenant := parts[0]
	if !s.authorizedForTenant(r, tenant) {
		s.writeUnauthorizedFor(w, r, tenant)
		return
	}
	if _, ok := s.store.Tenant(tenant); !ok {
		writeSCIMError(w, s.scimErr(engine.Errorf(http.StatusNotFound, "", "expected an existing tenant, got %q", tenant)))
		return
	}
	c := &scimCtx{s: s, w: w, r: s.withoutIgnoredPreconditions(r), tenant: tenant, base: tenantBase(r, tenant)}
	if len(parts) < 2 || len(parts) > 3 {
		c.fail(engine.Errorf(http.StatusNotFound, "", "expected /Users, /Groups, /Bulk, /ServiceProviderConfig, /Schemas or /ResourceTypes, got %s", r.URL.Path))
		return
	}
	endpoint, id := parts[1], ""
	if len(parts) == 3 {
		id = parts[2]
	}
	// Endpoint names are matched case-insensitively: clients vary in spelling.
	switch strings.ToLower(endpoint) {
	case "users":
		c.serveResource(userKind(s, tenant), id)
	case "groups":
		c.serveResource(groupKind(s), id)
	case "bulk":
		c.bulkEndpoint(id)
	case "serviceproviderconfig":
		c.onlyGET(id == "", c.serviceProviderConfig)
	case "schemas":
		c.onlyGET(true, func() { c.schemas(id) })
	case "resourcetypes":
		c.onlyGET(true, func() { c.resourceTypes(id) })
	default:
		c.fail(engine.Errorf(http.StatusNotFound, "", "expected a known SCIM endpoint, got %q", endpoint))
	}
}

// withoutIgnoredPreconditions drops the conditional headers this sandbox
// must not honour: both when etag is switched off (RFC 7644 §3.14 applies
// only to a provider that supports ETags), If-Match alone under the
// etag-declared-ignored fault. The handlers then never see them.
func (s *Sandbox) withoutIgnoredPreconditions(r *http.Request) *http.Request {
	drop := []string{"If-Match", "If-None-Match"}
	if s.caps.on(CapETag) {
		drop = drop[:0]
		if !s.honoursIfMatch() {
			drop = append(drop, "If-Match")
		}
	}
	present := false
	for _, h := range drop {
		present = present || r.Header.Get(h) != ""
	}
	if !present {
		return r
	}
	r = r.Clone(r.Context())
	for _, h := range drop {
		r.Header.Del(h)
	}
	return r
}

// notImplemented answers a request for a capability switched off (RFC 7644
// §3.12: "501 Not Implemented: Service provider does not support the
// request operation, e.g., PATCH").
func (c *scimCtx) notImplemented(what Capability) {
	c.fail(engine.Errorf(http.StatusNotImplemented, "", "expected no %s request: this service provider declares %s.supported false", what, what))
}

func (c *scimCtx) fail(e *engine.Error) { writeSCIMError(c.w, c.s.scimErr(e)) }

// failWith answers err as a SCIM error; non-SCIM errors become 500 (store trouble).
func (c *scimCtx) failWith(err error) {
	var e *engine.Error
	if errors.As(err, &e) {
		c.fail(e)
		return
	}
	c.fail(engine.Errorf(http.StatusInternalServerError, "", "internal error"))
}

// methodNotAllowed answers 405 with the Allow header RFC 9110 §15.5.6
// requires ("MUST generate an Allow header field ... containing a list of
// the target resource's currently supported methods").
func (c *scimCtx) methodNotAllowed(allow ...string) {
	list := strings.Join(allow, ", ")
	c.w.Header().Set("Allow", list)
	c.fail(engine.Errorf(http.StatusMethodNotAllowed, "", "expected %s for %s, got %s", list, c.r.URL.Path, c.r.Method))
}

func (c *scimCtx) onlyGET(pathOK bool, serve func()) {
	switch {
	case !pathOK:
		c.fail(engine.Errorf(http.StatusNotFound, "", "expected no id after this endpoint, got %s", c.r.URL.Path))
	case c.r.Method != http.MethodGet:
		c.methodNotAllowed(http.MethodGet)
	default:
		serve()
	}
}

// serveResource dispatches /Users and /Groups requests.
func (c *scimCtx) serveResource(k resourceKind, id string) {
	switch {
	case id == "" && c.r.Method == http.MethodGet:
		p, e := listParamsFromQuery(c.r)
		if e != nil {
			c.fail(e)
			return
		}
		c.list(k, p)
	case id == "" && c.r.Method == http.MethodPost:
		c.create(k)
	case id == ".search" && c.r.Method == http.MethodPost:
		c.search(k)
	case id == "":
		c.methodNotAllowed(http.MethodGet, http.MethodPost)
	case id == ".search":
		c.methodNotAllowed(http.MethodPost)
	case c.r.Method == http.MethodGet:
		c.get(k, id)
	case c.r.Method == http.MethodPut:
		c.replace(k, id)
	case c.r.Method == http.MethodPatch && !c.s.caps.on(CapPatch):
		c.notImplemented(CapPatch)
	case c.r.Method == http.MethodPatch:
		c.patch(k, id)
	case c.r.Method == http.MethodDelete:
		c.delete(k, id)
	default:
		c.methodNotAllowed(c.resourceMethods()...)
	}
}

// resourceMethods are the methods /Users/{id} and /Groups/{id} serve; PATCH
// only while the patch capability is on (off, it is 501, not a method
// this resource supports).
func (c *scimCtx) resourceMethods() []string {
	if c.s.caps.on(CapPatch) {
		return []string{http.MethodGet, http.MethodPut, http.MethodPatch, http.MethodDelete}
	}
	return []string{http.MethodGet, http.MethodPut, http.MethodDelete}
}

// timeFormat is RFC 3339 with milliseconds, for meta.created/lastModified.
const timeFormat = "2006-01-02T15:04:05.000Z07:00"

func newMeta(resourceType string, now time.Time) map[string]any {
	ts := now.Format(timeFormat)
	return map[string]any{"resourceType": resourceType, "created": ts, "lastModified": ts, "version": etag(1)}
}

// bumpMeta keeps created and raises the version for a changed resource.
func bumpMeta(old engine.Resource, resourceType string, now time.Time) map[string]any {
	m := newMeta(resourceType, now)
	if om, ok := old["meta"].(map[string]any); ok {
		if created, ok := om["created"].(string); ok {
			m["created"] = created
		}
		m["version"] = etag(versionOf(old) + 1)
	}
	return m
}

func etag(n int) string { return `W/"` + strconv.Itoa(n) + `"` }

func versionOf(r engine.Resource) int {
	m, _ := r["meta"].(map[string]any)
	v, _ := m["version"].(string)
	n, _ := strconv.Atoi(strings.Trim(strings.TrimPrefix(v, "W/"), `"`))
	return n
}

// etagMatches compares an If-Match / If-None-Match list weakly (RFC 7232 §2.3.2).
func etagMatches(header string, current string) bool {
	cur := strings.TrimPrefix(current, "W/")
	for _, part := range strings.Split(header, ",") {
		part = strings.TrimSpace(part)
		if part == "*" || strings.TrimPrefix(part, "W/") == cur {
			return true
		}
	}
	return false
}

// checkIfMatch answers 412 when the client's If-Match names another version (RFC 7644 §3.14).
func checkIfMatch(r *http.Request, cur engine.Resource) *engine.Error {
	h := r.Header.Get("If-Match")
	if h == "" || etagMatches(h, etag(versionOf(cur))) {
		return nil
	}
	return engine.Errorf(http.StatusPreconditionFailed, "", "expected If-Match %s, got %s", etag(versionOf(cur)), h)
}

// writeResource answers one resource with ETag, Content-Location (RFC 7643
// §3.1: meta.location "MUST be the same as the Content-Location header") and
// Location.
func (c *scimCtx) writeResource(status int, out engine.Resource, location string) {
	if m, ok := out["meta"].(map[string]any); ok {
		if v, ok := m["version"].(string); ok && c.s.caps.on(CapETag) {
			c.w.Header().Set("ETag", v)
		}
		if v, ok := m["location"].(string); ok && v != "" {
			c.w.Header().Set("Content-Location", v)
		}
	}
	if location != "" && !(status == http.StatusCreated && c.s.faults.on(FaultMissingLocation)) {
		c.w.Header().Set("Location", location)
	}
	writeSCIM(c.w, status, out)
}
