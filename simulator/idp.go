package simulator

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// Schema URNs the IdP writes (RFC 7643 §8.7.1, RFC 7644 §3.5.2, §3.4.2).
const (
	SchemaUser       = "urn:ietf:params:scim:schemas:core:2.0:User"
	SchemaGroup      = "urn:ietf:params:scim:schemas:core:2.0:Group"
	SchemaEnterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
	SchemaPatchOp    = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
	SchemaListResp   = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
)

// IdP performs lifecycle operations the way Dialect's IdP does. Each
// operation returns the decisive exchange (the create, the PATCH, ...) and,
// when the target answered with a status the IdP does not accept, a
// *StatusError carrying it; Exchanges lists every exchange of the last
// operation (look-ups, GETs before PUTs, retries).
//
// An IdP is meant for one scenario at a time; its methods are safe to call
// concurrently but operations then interleave in Exchanges.
type IdP struct {
	Client    *Client
	Dialect   Dialect
	Profile   Profile
	Directory *Directory // source of probe GUIDs and test users; nil → one seeded from the clock

	mu  sync.Mutex
	ops []*Exchange
}

// NewIdP wires an IdP; the directory may be nil.
func NewIdP(c *Client, d Dialect, p Profile, dir *Directory) *IdP {
	return &IdP{Client: c, Dialect: d, Profile: p, Directory: dir}
}

// Exchanges returns every exchange of the most recent operation, in order.
func (p *IdP) Exchanges() []*Exchange {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]*Exchange(nil), p.ops...)
}

// begin starts a new operation's exchange list.
func (p *IdP) begin() {
	p.mu.Lock()
	p.ops = nil
	p.mu.Unlock()
}

// probeDirectory is where test-connection data comes from.
func (p *IdP) probeDirectory() *Directory {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.Directory == nil {
		p.Directory = NewDirectory(time.Now().UnixNano())
	}
	return p.Directory.Probe()
}

// send applies the dialect's headers and records the exchange in the op.
func (p *IdP) send(ctx context.Context, method, path, rawQuery string, body any, note string) (*Exchange, error) {
	ex, err := p.Client.Do(ctx, Request{
		Method:   method,
		Path:     path,
		RawQuery: rawQuery,
		Body:     body,
		Header:   p.Dialect.headersFor(method),
		Note:     p.Dialect.Name + ": " + note,
	})
	if ex != nil {
		p.mu.Lock()
		p.ops = append(p.ops, ex)
		p.mu.Unlock()
	}
	return ex, err
}

// call sends and checks the status in one go.
func (p *IdP) call(ctx context.Context, method, path, rawQuery string, body any, note string, want ...int) (*Exchange, error) {
	ex, err := p.send(ctx, method, path, rawQuery, body, note)
	if err != nil {
		return ex, err
	}
	return ex, expectStatus(ex, note, want...)
}

func resourcePath(kind, id string) string {
	return "/" + kind + "/" + url.PathEscape(id)
}

// listResponse is the part of an RFC 7644 §3.4.2 ListResponse the IdP reads.
type listResponse struct {
	TotalResults int               `json:"totalResults"`
	StartIndex   int               `json:"startIndex"`
	ItemsPerPage int               `json:"itemsPerPage"`
	Resources    []json.RawMessage `json:"Resources"`
}

// resourceHead is what the IdP reads from one resource.
type resourceHead struct {
	ID          string `json:"id"`
	DisplayName string `json:"displayName"`
	Active      any    `json:"active"`
}

func parseList(ex *Exchange, note string) (listResponse, error) {
	var l listResponse
	if err := json.Unmarshal(ex.ResponseBody, &l); err != nil {
		return l, &ResponseError{Exchange: ex, Context: note, Expected: "a ListResponse body", Got: fmt.Sprintf("%d bytes that do not parse (%v)", len(ex.ResponseBody), err)}
	}
	return l, nil
}

func parseHead(ex *Exchange, raw []byte, note string) (resourceHead, error) {
	var h resourceHead
	if err := json.Unmarshal(raw, &h); err != nil {
		return h, &ResponseError{Exchange: ex, Context: note, Expected: "a SCIM resource", Got: fmt.Sprintf("%d bytes that do not parse (%v)", len(raw), err)}
	}
	if h.ID == "" {
		return h, &ResponseError{Exchange: ex, Context: note, Expected: "an \"id\" in the resource", Got: "none"}
	}
	return h, nil
}

// isActive reads "active" as a target may write it (true or, wrongly, "true").
func isActive(v any) (bool, bool) {
	switch a := v.(type) {
	case bool:
		return a, true
	case string:
		switch a {
		case "true", "True", "TRUE":
			return true, true
		case "false", "False", "FALSE":
			return false, true
		}
	}
	return false, false
}

var okPatch = []int{http.StatusOK, http.StatusNoContent}
