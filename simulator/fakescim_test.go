package simulator

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// fakeSCIM is a tiny, compliant-enough SCIM server for the simulator's own
// tests: it answers the way RFC 7644 says and records every request. It is
// deliberately not the sandbox (the simulator must never depend on it).
type fakeSCIM struct {
	t    *testing.T
	srv  *httptest.Server
	base string // path prefix, like a tenant URL

	mu       sync.Mutex
	users    map[string]map[string]any
	groups   map[string]map[string]any
	order    []string // ids in creation order, for stable lists
	seq      int
	requests []recordedRequest

	// pageSize caps itemsPerPage (0 → 100), to exercise paging.
	pageSize int
	// notFoundOnMiss answers a filter miss with 404 (what Entra quarantines for).
	notFoundOnMiss bool
}

type recordedRequest struct {
	Method string
	Path   string // relative to the base, with the raw query
	Header http.Header
	Body   []byte
}

var fakeFilter = regexp.MustCompile(`^(\w+) (?i:eq) "((?:[^"\\]|\\.)*)"$`)

func newFakeSCIM(t *testing.T) *fakeSCIM {
	t.Helper()
	f := &fakeSCIM{t: t, base: "/scim/v2/tenant-1", users: map[string]map[string]any{}, groups: map[string]map[string]any{}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeSCIM) URL() string { return f.srv.URL + f.base }

// mark and since let a test capture the requests of one flow.
func (f *fakeSCIM) mark() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.requests)
}

func (f *fakeSCIM) since(mark int) []recordedRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]recordedRequest(nil), f.requests[mark:]...)
}

func (f *fakeSCIM) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	defer f.mu.Unlock()
	rel := strings.TrimPrefix(r.URL.EscapedPath(), f.base)
	pathQ := rel
	if r.URL.RawQuery != "" {
		pathQ += "?" + r.URL.RawQuery
	}
	f.requests = append(f.requests, recordedRequest{Method: r.Method, Path: pathQ, Header: r.Header.Clone(), Body: body})

	parts := strings.Split(strings.Trim(rel, "/"), "/")
	kind := parts[0]
	store := map[string]map[string]map[string]any{"Users": f.users, "Groups": f.groups}[kind]
	if store == nil {
		if kind == "ServiceProviderConfig" {
			f.write(w, 200, map[string]any{"schemas": []string{"urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"}})
			return
		}
		f.fail(w, 404, "", "no such endpoint")
		return
	}
	var doc map[string]any
	if len(body) > 0 {
		if err := json.Unmarshal(body, &doc); err != nil {
			f.fail(w, 400, "invalidSyntax", err.Error())
			return
		}
	}
	if len(parts) == 1 {
		switch r.Method {
		case http.MethodGet:
			f.list(w, r, kind, store)
		case http.MethodPost:
			f.create(w, kind, store, doc)
		default:
			f.fail(w, 405, "", "method not allowed")
		}
		return
	}
	id, _ := url.PathUnescape(parts[1])
	res, ok := store[id]
	if !ok {
		f.fail(w, 404, "", "resource "+id+" not found")
		return
	}
	switch r.Method {
	case http.MethodGet:
		f.write(w, 200, res)
	case http.MethodPut:
		doc["id"], doc["meta"] = res["id"], res["meta"]
		store[id] = doc
		f.write(w, 200, doc)
	case http.MethodPatch:
		f.patch(res, doc)
		f.write(w, 200, res)
	case http.MethodDelete:
		delete(store, id)
		w.WriteHeader(204)
	}
}

func (f *fakeSCIM) list(w http.ResponseWriter, r *http.Request, kind string, store map[string]map[string]any) {
	q := r.URL.Query()
	var attr, val string
	if filter := q.Get("filter"); filter != "" {
		m := fakeFilter.FindStringSubmatch(filter)
		if m == nil {
			f.fail(w, 400, "invalidFilter", "unsupported filter "+filter)
			return
		}
		attr, val = m[1], strings.ReplaceAll(m[2], `\"`, `"`)
	}
	var all []any
	for _, id := range f.order {
		res, ok := store[id]
		if !ok {
			continue
		}
		if attr != "" {
			v, _ := lookupKeyOK(res, attr)
			if !strings.EqualFold(fmt.Sprint(v), val) {
				continue
			}
		}
		all = append(all, res)
	}
	if attr != "" && len(all) == 0 && f.notFoundOnMiss {
		f.fail(w, 404, "", "no match")
		return
	}
	start, _ := strconv.Atoi(q.Get("startIndex"))
	if start < 1 {
		start = 1
	}
	count, err := strconv.Atoi(q.Get("count"))
	if err != nil || count < 0 {
		count = 100
	}
	if f.pageSize > 0 && count > f.pageSize {
		count = f.pageSize
	}
	page := []any{}
	for i := start - 1; i < len(all) && len(page) < count; i++ {
		page = append(page, all[i])
	}
	f.write(w, 200, map[string]any{"schemas": []string{SchemaListResp}, "totalResults": len(all), "startIndex": start, "itemsPerPage": len(page), "Resources": page})
}

func (f *fakeSCIM) create(w http.ResponseWriter, kind string, store map[string]map[string]any, doc map[string]any) {
	key := "userName"
	if kind == "Groups" {
		key = "displayName"
	}
	for _, res := range store {
		if strings.EqualFold(fmt.Sprint(res[key]), fmt.Sprint(doc[key])) {
			f.fail(w, 409, "uniqueness", key+" already exists")
			return
		}
	}
	f.seq++
	id := fmt.Sprintf("%s-%04d", strings.ToLower(kind[:1]), f.seq)
	delete(doc, "password")
	doc["id"] = id
	doc["meta"] = map[string]any{"resourceType": strings.TrimSuffix(kind, "s"), "location": f.base + "/" + kind + "/" + id, "version": `W/"1"`}
	if kind == "Users" {
		if a, ok := isActive(doc["active"]); ok {
			doc["active"] = a
		}
	}
	store[id] = doc
	f.order = append(f.order, id)
	f.write(w, 201, doc)
}

// patch applies the handful of operations the dialects send; enough to keep
// state plausible across flows (active, displayName, members).
func (f *fakeSCIM) patch(res map[string]any, doc map[string]any) {
	ops, _ := doc["Operations"].([]any)
	for _, o := range ops {
		op, _ := o.(map[string]any)
		name := strings.ToLower(fmt.Sprint(op["op"]))
		path, _ := op["path"].(string)
		switch {
		case path == "" && name == "replace":
			if m, ok := op["value"].(map[string]any); ok {
				for k, v := range m {
					if a, ok := isActive(v); ok && k == "active" {
						v = a
					}
					if k != "id" {
						res[k] = v
					}
				}
			}
		case path == "active":
			if a, ok := isActive(op["value"]); ok {
				res["active"] = a
			}
		case path == "displayName":
			res["displayName"] = op["value"]
		case path == "members" && name == "add":
			members, _ := res["members"].([]any)
			for _, v := range op["value"].([]any) {
				members = append(members, map[string]any{"value": v.(map[string]any)["value"]})
			}
			res["members"] = members
		case strings.HasPrefix(path, "members"):
			drop := map[string]bool{}
			if m := regexp.MustCompile(`value eq "([^"]+)"`).FindStringSubmatch(path); m != nil {
				drop[m[1]] = true
			}
			if vs, ok := op["value"].([]any); ok {
				for _, v := range vs {
					drop[fmt.Sprint(v.(map[string]any)["value"])] = true
				}
			}
			members, _ := res["members"].([]any)
			kept := []any{}
			for _, m := range members {
				if !drop[fmt.Sprint(m.(map[string]any)["value"])] {
					kept = append(kept, m)
				}
			}
			res["members"] = kept
		}
	}
}

func (f *fakeSCIM) write(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", ContentTypeSCIM)
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func (f *fakeSCIM) fail(w http.ResponseWriter, status int, scimType, detail string) {
	doc := map[string]any{"schemas": []string{"urn:ietf:params:scim:api:messages:2.0:Error"}, "status": strconv.Itoa(status), "detail": detail}
	if scimType != "" {
		doc["scimType"] = scimType
	}
	f.write(w, status, doc)
}

// resource returns a stored resource as JSON (nil if absent).
func (f *fakeSCIM) resource(kind, id string) []byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	store := map[string]map[string]map[string]any{"Users": f.users, "Groups": f.groups}[kind]
	b, _ := json.Marshal(store[id])
	return b
}

// field returns one top-level attribute of a stored resource.
func (f *fakeSCIM) field(kind, id, name string) any {
	var doc map[string]any
	_ = json.Unmarshal(f.resource(kind, id), &doc)
	return doc[name]
}
