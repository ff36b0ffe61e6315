package sandbox

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/scimharness/scimharness/sandbox/engine"
)

// Bulk (RFC 7644 §3.7). Every operation is replayed as its own request
// through serveSCIM, so authentication, fault switches, uniqueness,
// validation and the Cantara account mirror behave exactly as for the
// single request; only bulkId references are resolved here.

// Bulk message schemas (RFC 7644 §3.7).
const (
	BulkRequestSchema  = "urn:ietf:params:scim:api:messages:2.0:BulkRequest"
	BulkResponseSchema = "urn:ietf:params:scim:api:messages:2.0:BulkResponse"
)

// Bulk limits advertised in /ServiceProviderConfig unless Options say otherwise.
const (
	DefaultBulkMaxOps           = 100
	DefaultBulkMaxPayload int64 = 1 << 20
)

// bulkIDPrefix marks a reference to a resource created earlier in the same
// request (RFC 7644 §3.7.2: "bulkId:qwerty").
const bulkIDPrefix = "bulkId:"

type bulkRequest struct {
	Schemas      []string        `json:"schemas"`
	FailOnErrors *int            `json:"failOnErrors"`
	Operations   []bulkOperation `json:"Operations"`
}

type bulkOperation struct {
	Method  string          `json:"method"`
	BulkID  string          `json:"bulkId"`
	Version string          `json:"version"`
	Path    string          `json:"path"`
	Data    json.RawMessage `json:"data"`
}

// bulkResult is one entry of the BulkResponse; status is a string as in
// the RFC's examples (and as §3.12 requires of error documents).
type bulkResult struct {
	Method   string          `json:"method"`
	BulkID   string          `json:"bulkId,omitempty"`
	Version  string          `json:"version,omitempty"`
	Location string          `json:"location,omitempty"`
	Status   string          `json:"status"`
	Response json.RawMessage `json:"response,omitempty"`
}

// bulkPath is what an operation's path may name: a resource endpoint, with
// an id (possibly a bulkId reference) for PUT, PATCH and DELETE.
var bulkPath = regexp.MustCompile(`^/(?i:(Users|Groups))(?:/([^/?#]+))?$`)

// bulkEndpoint serves /Bulk: 501 when bulk is switched off, else POST only.
func (c *scimCtx) bulkEndpoint(id string) {
	switch {
	case !c.s.caps.on(CapBulk):
		c.notImplemented(CapBulk)
	case id != "":
		c.fail(engine.Errorf(http.StatusNotFound, "", "expected no id after /Bulk, got %s", c.r.URL.Path))
	case c.r.Method != http.MethodPost:
		c.methodNotAllowed(http.MethodPost)
	default:
		c.bulk()
	}
}

func (c *scimCtx) bulk() {
	req, e := c.readBulkRequest()
	if e != nil {
		c.fail(e)
		return
	}
	run := &bulkRun{c: c, ops: req.Operations, ids: map[string]string{}, results: make([]*bulkResult, len(req.Operations))}
	if req.FailOnErrors != nil && !c.s.faults.on(FaultBulkIgnoresFailOnErrors) {
		run.maxErrors = *req.FailOnErrors
	}
	run.execute()
	done := make([]*bulkResult, 0, len(run.results))
	for _, r := range run.results {
		if r != nil {
			done = append(done, r)
		}
	}
	writeSCIM(c.w, http.StatusOK, map[string]any{"schemas": []string{BulkResponseSchema}, "Operations": done})
}

// readBulkRequest reads and checks the whole request; any problem here
// refuses the request before an operation runs.
func (c *scimCtx) readBulkRequest() (*bulkRequest, *engine.Error) {
	raw, e := c.s.readSCIMBody(c.w, c.r, c.s.bulkMaxPayload, "a bulk request (maxPayloadSize)")
	if e != nil {
		return nil, e
	}
	var req bulkRequest
	if e := decodeMessage(raw, &req, "BulkRequest"); e != nil {
		return nil, e
	}
	if !slices.ContainsFunc(req.Schemas, func(s string) bool { return strings.EqualFold(s, BulkRequestSchema) }) {
		return nil, engine.Errorf(http.StatusBadRequest, engine.ScimTypeInvalidSyntax, "expected schemas to hold %s, got %v", BulkRequestSchema, req.Schemas)
	}
	if req.Operations == nil {
		return nil, engine.Errorf(http.StatusBadRequest, engine.ScimTypeInvalidSyntax, "expected an Operations array, got none")
	}
	if n := len(req.Operations); n > c.s.bulkMaxOps {
		return nil, engine.Errorf(http.StatusRequestEntityTooLarge, "",
			"expected at most %d operations (maxOperations), got %d", c.s.bulkMaxOps, n)
	}
	if req.FailOnErrors != nil && *req.FailOnErrors < 1 {
		return nil, engine.Errorf(http.StatusBadRequest, engine.ScimTypeInvalidValue, "expected failOnErrors of at least 1, got %d", *req.FailOnErrors)
	}
	seen := map[string]bool{}
	for _, op := range req.Operations {
		if op.BulkID == "" {
			continue
		}
		if seen[op.BulkID] {
			return nil, engine.Errorf(http.StatusBadRequest, engine.ScimTypeInvalidValue, "expected each bulkId once, got %q twice", op.BulkID)
		}
		seen[op.BulkID] = true
	}
	return &req, nil
}

// bulkRun is one request's progress.
type bulkRun struct {
	c         *scimCtx
	ops       []bulkOperation
	results   []*bulkResult     // by request index; nil = not processed
	ids       map[string]string // bulkId → id of the resource its POST created
	errors    int
	maxErrors int // failOnErrors; 0 = no limit
}

// execute runs the operations in request order, except that one whose
// bulkId reference names a POST not yet run waits for it (RFC 7644 §3.7.2
// lets a reference precede its definition). When a pass makes no progress
// the rest reference each other in a circle, or themselves, and get 409,
// as §3.7.1 allows after a failed attempt to resolve them.
func (b *bulkRun) execute() {
	resolve := !b.c.s.faults.on(FaultBulkIgnoresBulkID)
	pending := make([]int, len(b.ops))
	for i := range pending {
		pending[i] = i
	}
	for len(pending) > 0 && !b.stopped() {
		var waiting []int
		for _, i := range pending {
			if b.stopped() {
				return
			}
			if resolve && b.waitsForPOST(i, pending) {
				waiting = append(waiting, i)
				continue
			}
			b.record(i, b.run(b.ops[i], resolve))
		}
		if len(waiting) == len(pending) {
			for _, i := range waiting {
				if b.stopped() {
					return
				}
				b.record(i, b.failed(b.ops[i], engine.Errorf(http.StatusConflict, "",
					"expected bulkId references that can be resolved, got a circular reference among %s", b.pendingIDs(waiting))))
			}
			return
		}
		pending = waiting
	}
}

func (b *bulkRun) stopped() bool { return b.maxErrors > 0 && b.errors >= b.maxErrors }

func (b *bulkRun) record(i int, r *bulkResult) {
	b.results[i] = r
	if n, _ := strconv.Atoi(r.Status); n >= 400 {
		b.errors++
	}
}

// waitsForPOST reports whether op i references a bulkId whose POST is
// still pending (possibly its own).
func (b *bulkRun) waitsForPOST(i int, pending []int) bool {
	for _, ref := range bulkReferences(b.ops[i]) {
		if _, done := b.ids[ref]; done {
			continue
		}
		for _, j := range pending {
			if b.ops[j].BulkID == ref && strings.EqualFold(b.ops[j].Method, http.MethodPost) && b.results[j] == nil {
				return true
			}
		}
	}
	return false
}

func (b *bulkRun) pendingIDs(idx []int) string {
	var ids []string
	for _, i := range idx {
		if id := b.ops[i].BulkID; id != "" {
			ids = append(ids, strconv.Quote(id))
		}
	}
	if len(ids) == 0 {
		return "operations without bulkId"
	}
	return strings.Join(ids, ", ")
}

// run checks one operation, resolves its references and replays it.
func (b *bulkRun) run(op bulkOperation, resolve bool) *bulkResult {
	method := strings.ToUpper(strings.TrimSpace(op.Method))
	switch method {
	case http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
	default:
		return b.failed(op, engine.Errorf(http.StatusBadRequest, engine.ScimTypeInvalidValue, "expected method POST, PUT, PATCH or DELETE, got %q", op.Method))
	}
	m := bulkPath.FindStringSubmatch(op.Path)
	switch {
	case m == nil:
		return b.failed(op, engine.Errorf(http.StatusBadRequest, engine.ScimTypeInvalidPath, "expected a path /Users[/id] or /Groups[/id], got %q", op.Path))
	case method == http.MethodPost && m[2] != "":
		return b.failed(op, engine.Errorf(http.StatusBadRequest, engine.ScimTypeInvalidPath, "expected POST to a resource endpoint without id, got %q", op.Path))
	case method != http.MethodPost && m[2] == "":
		return b.failed(op, engine.Errorf(http.StatusBadRequest, engine.ScimTypeInvalidPath, "expected %s to name a resource id, got %q", method, op.Path))
	case method == http.MethodPost && op.BulkID == "":
		return b.failed(op, engine.Errorf(http.StatusBadRequest, engine.ScimTypeInvalidValue, "expected a bulkId with POST (RFC 7644 §3.7), got none"))
	case method != http.MethodDelete && len(bytes.TrimSpace(op.Data)) == 0:
		return b.failed(op, engine.Errorf(http.StatusBadRequest, engine.ScimTypeInvalidSyntax, "expected data with %s, got none", method))
	}
	path, data := op.Path, []byte(op.Data)
	if resolve {
		var e *engine.Error
		if path, data, e = b.resolve(op); e != nil {
			return b.failed(op, e)
		}
	}
	if method == http.MethodDelete {
		data = nil
	}
	return b.replay(op, method, path, data)
}

// failed is the result of an operation refused before it ran.
func (b *bulkRun) failed(op bulkOperation, e *engine.Error) *bulkResult {
	doc, _ := json.Marshal(b.c.s.scimErr(e))
	r := &bulkResult{Method: strings.ToUpper(op.Method), BulkID: op.BulkID, Status: strconv.Itoa(e.Status), Response: doc}
	if !strings.EqualFold(op.Method, http.MethodPost) && bulkPath.MatchString(op.Path) {
		r.Location = b.c.base + op.Path
	}
	return r
}

// resolve replaces every "bulkId:<id>" in the path and in string values of
// data with the id the referenced POST created.
func (b *bulkRun) resolve(op bulkOperation) (string, []byte, *engine.Error) {
	lookup := func(ref string) (string, *engine.Error) {
		if id, ok := b.ids[ref]; ok {
			return id, nil
		}
		return "", engine.Errorf(http.StatusConflict, "", "expected bulkId %q to name a resource created in this request, got none (its POST is missing or failed)", ref)
	}
	path := op.Path
	if i := strings.LastIndex(path, "/"+bulkIDPrefix); i >= 0 {
		id, e := lookup(path[i+1+len(bulkIDPrefix):])
		if e != nil {
			return "", nil, e
		}
		path = path[:i+1] + id
	}
	if len(bytes.TrimSpace(op.Data)) == 0 {
		return path, op.Data, nil
	}
	dec := json.NewDecoder(bytes.NewReader(op.Data))
	dec.UseNumber() // numbers pass through verbatim
	var v any
	if err := dec.Decode(&v); err != nil {
		return "", nil, engine.Errorf(http.StatusBadRequest, engine.ScimTypeInvalidSyntax, "expected data as JSON, got %v", err)
	}
	var bad *engine.Error
	v = walkStrings(v, func(s string) string {
		ref, ok := strings.CutPrefix(s, bulkIDPrefix)
		if !ok || bad != nil {
			return s
		}
		id, e := lookup(ref)
		if e != nil {
			bad = e
			return s
		}
		return id
	})
	if bad != nil {
		return "", nil, bad
	}
	data, err := json.Marshal(v)
	if err != nil {
		return "", nil, engine.Errorf(http.StatusInternalServerError, "", "re-encoding data failed")
	}
	return path, data, nil
}

// bulkReferences lists the bulkIds an operation refers to.
func bulkReferences(op bulkOperation) []string {
	var refs []string
	if i := strings.LastIndex(op.Path, "/"+bulkIDPrefix); i >= 0 {
		refs = append(refs, op.Path[i+1+len(bulkIDPrefix):])
	}
	var v any
	if json.Unmarshal(op.Data, &v) == nil {
		walkStrings(v, func(s string) string {
			if ref, ok := strings.CutPrefix(s, bulkIDPrefix); ok {
				refs = append(refs, ref)
			}
			return s
		})
	}
	return refs
}

// walkStrings returns v with every string value (not key) passed through f.
func walkStrings(v any, f func(string) string) any {
	switch t := v.(type) {
	case string:
		return f(t)
	case []any:
		for i := range t {
			t[i] = walkStrings(t[i], f)
		}
	case map[string]any:
		for k := range t {
			t[k] = walkStrings(t[k], f)
		}
	}
	return v
}

// replay sends the operation through serveSCIM as a request of its own,
// carrying the bulk request's credentials and forwarding headers.
func (b *bulkRun) replay(op bulkOperation, method, path string, data []byte) *bulkResult {
	c := b.c
	u := &url.URL{Path: scimPrefix + c.tenant + path}
	req, err := http.NewRequestWithContext(c.r.Context(), method, u.String(), bytes.NewReader(data))
	if err != nil {
		return b.failed(op, engine.Errorf(http.StatusBadRequest, engine.ScimTypeInvalidPath, "expected a usable path, got %q", op.Path))
	}
	req.Host, req.TLS, req.RemoteAddr = c.r.Host, c.r.TLS, c.r.RemoteAddr
	for _, h := range []string{"Authorization", "X-Forwarded-Proto", "X-Forwarded-Host"} {
		if v := c.r.Header.Values(h); len(v) > 0 {
			req.Header[h] = v
		}
	}
	req.Header.Set("Content-Type", scimContentType)
	if op.Version != "" {
		req.Header.Set("If-Match", op.Version) // RFC 7644 §3.7: version for PUT, PATCH, DELETE
	}
	rec := &bulkRecorder{header: http.Header{}}
	c.s.serveSCIM(rec, req, strings.TrimPrefix(u.Path, scimPrefix))

	res := &bulkResult{Method: method, BulkID: op.BulkID, Status: strconv.Itoa(rec.code()), Version: rec.header.Get("ETag")}
	if rec.code() >= 300 {
		res.Response = rec.errorDocument(c.s)
		if method != http.MethodPost {
			res.Location = c.base + path
		}
		return res
	}
	if method != http.MethodPost {
		res.Location = c.base + path
		return res
	}
	var created struct {
		ID   string `json:"id"`
		Meta struct {
			Location string `json:"location"`
		} `json:"meta"`
	}
	_ = json.Unmarshal(rec.body.Bytes(), &created)
	if created.ID != "" {
		b.ids[op.BulkID] = created.ID
	}
	switch {
	case rec.header.Get("Location") != "":
		res.Location = rec.header.Get("Location")
	case created.Meta.Location != "":
		res.Location = created.Meta.Location
	default:
		res.Location = c.base + path + "/" + url.PathEscape(created.ID)
	}
	return res
}

// bulkRecorder captures one replayed operation's answer.
type bulkRecorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *bulkRecorder) Header() http.Header { return r.header }

func (r *bulkRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
}

func (r *bulkRecorder) Write(p []byte) (int, error) {
	r.WriteHeader(http.StatusOK)
	return r.body.Write(p)
}

func (r *bulkRecorder) code() int {
	if r.status == 0 {
		return http.StatusOK
	}
	return r.status
}

// errorDocument is the failed operation's SCIM error as the single request
// answered it, or one built from the status when the body was not JSON.
func (r *bulkRecorder) errorDocument(s *Sandbox) json.RawMessage {
	if body := bytes.TrimSpace(r.body.Bytes()); json.Valid(body) && len(body) > 0 && body[0] == '{' {
		return json.RawMessage(body)
	}
	doc, _ := json.Marshal(s.scimErr(engine.Errorf(r.code(), "", "%s", http.StatusText(r.code()))))
	return doc
}
