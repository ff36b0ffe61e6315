package admin

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/scimharness/scimharness/simulator"
)

// Probes send one admin API request and return the raw exchange without
// judging it, for checks of the API's own behaviour (refusals, error
// documents, the shape of a created tenant). Their URLs and bodies are the
// contract's, kept here with the rest of the adapter.

// probe sends one request as is and remembers it as the last exchange.
func (c *Client) probe(ctx context.Context, req simulator.Request) (*simulator.Exchange, error) {
	if req.Header == nil {
		req.Header = http.Header{"Accept": {"application/json"}}
	}
	ex, err := c.http.Do(ctx, req)
	if ex != nil {
		c.mu.Lock()
		c.last = ex
		c.mu.Unlock()
	}
	return ex, err
}

// ProbeTenantList lists the tenants (the least harmful call) sending token
// instead of the admin token; "" sends no Authorization header at all.
func (c *Client) ProbeTenantList(ctx context.Context, token, note string) (*simulator.Exchange, error) {
	return c.probe(ctx, simulator.Request{Method: http.MethodGet, Path: "/tenants", Token: &token, Note: "admin: " + note})
}

// ProbeCreateTenant creates a tenant named name and returns the answer as
// it came; DecodeTenant reads it.
func (c *Client) ProbeCreateTenant(ctx context.Context, name string) (*simulator.Exchange, error) {
	return c.probe(ctx, simulator.Request{Method: http.MethodPost, Path: "/tenants", Body: map[string]string{"name": name},
		Header: jsonHeader.Clone(), Note: "admin: create tenant"})
}

// ProbeTenant reads tenant tid as is (e.g. one that does not exist).
func (c *Client) ProbeTenant(ctx context.Context, tid, note string) (*simulator.Exchange, error) {
	return c.probe(ctx, simulator.Request{Method: http.MethodGet, Path: tenantPath(tid), Note: "admin: " + note})
}

// ProbeAccount reads account aid of tenant tid as is.
func (c *Client) ProbeAccount(ctx context.Context, tid, aid, note string) (*simulator.Exchange, error) {
	return c.probe(ctx, simulator.Request{Method: http.MethodGet, Path: tenantPath(tid, "accounts", aid), Note: "admin: " + note})
}

// TenantShape is a Tenant document as sent, before any type conversion,
// so a check can say which field is wrong.
type TenantShape struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	CreatedAt string `json:"createdAt"`
}

// DecodeTenant reads a Tenant document ({"id","name","createdAt"}) from an
// exchange's body and checks createdAt is an RFC 3339 time.
func DecodeTenant(ex *simulator.Exchange) (TenantShape, time.Time, error) {
	var doc TenantShape
	if err := json.Unmarshal(ex.ResponseBody, &doc); err != nil {
		return doc, time.Time{}, fmt.Errorf("expected a Tenant document {\"id\",\"name\",\"createdAt\"}, got %d bytes that do not parse as one", len(ex.ResponseBody))
	}
	created, err := time.Parse(time.RFC3339, doc.CreatedAt)
	if err != nil {
		return doc, time.Time{}, fmt.Errorf("expected createdAt as an RFC 3339 time, got %q", doc.CreatedAt)
	}
	return doc, created, nil
}
