// Package admin is the adapter for Cantara's admin API (/admin/v1,
// cantara-contract.md section 3) — the one place that knows its shape. A
// Cantara whose console API differs changes this package, not the features.
package admin

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/scimharness/scimharness/simulator"
)

// Client talks to the admin API through the simulator's recording,
// masking HTTP client. Safe for concurrent use.
type Client struct {
	http *simulator.Client

	mu   sync.Mutex
	last *simulator.Exchange
}

// New builds a Client for baseURL (e.g. http://host/admin/v1). The admin
// token is added to masker at once; recorder and masker may be nil.
func New(baseURL, token string, recorder *simulator.Recorder, masker *simulator.Masker) *Client {
	return NewWithClient(simulator.NewClient(simulator.ClientConfig{
		BaseURL:   baseURL,
		Token:     token,
		Recorder:  recorder,
		Masker:    masker,
		UserAgent: "scimharness-admin/1",
	}))
}

// NewWithClient wraps an existing simulator client (its BaseURL is the admin base).
func NewWithClient(c *simulator.Client) *Client { return &Client{http: c} }

// HTTP is the underlying recording client.
func (c *Client) HTTP() *simulator.Client { return c.http }

// LastExchange is the most recent exchange this client completed (nil if none).
func (c *Client) LastExchange() *simulator.Exchange {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.last
}

var jsonHeader = http.Header{"Accept": {"application/json"}, "Content-Type": {"application/json"}}

// call sends one request, checks the status and decodes the answer into out.
func (c *Client) call(ctx context.Context, op, method, path string, query url.Values, body, out any, want int) (*simulator.Exchange, error) {
	h := jsonHeader.Clone()
	if body == nil {
		h.Del("Content-Type")
	}
	ex, err := c.http.Do(ctx, simulator.Request{Method: method, Path: path, Query: query, Body: body, Header: h, Note: "admin: " + op})
	if ex != nil {
		c.mu.Lock()
		c.last = ex
		c.mu.Unlock()
	}
	if err != nil {
		return ex, fmt.Errorf("%s: %w", op, err)
	}
	if ex.Status != want {
		var doc struct {
			Error  string `json:"error"`
			Detail string `json:"detail"`
		}
		_ = json.Unmarshal(ex.ResponseBody, &doc)
		return ex, &Error{
			Status: &simulator.StatusError{Exchange: ex, Expected: []int{want}, Context: op},
			Kind:   kindOf(ex.Status, doc.Error, path == "/clock"),
			Code:   doc.Error,
			Detail: doc.Detail,
		}
	}
	if out != nil {
		if err := json.Unmarshal(ex.ResponseBody, out); err != nil {
			return ex, &simulator.ResponseError{Exchange: ex, Context: op, Expected: "a JSON body", Got: fmt.Sprintf("%d bytes that do not parse (%v)", len(ex.ResponseBody), err)}
		}
	}
	return ex, nil
}

func tenantPath(tid string, rest ...string) string {
	p := "/tenants/" + url.PathEscape(tid)
	for _, r := range rest {
		p += "/" + url.PathEscape(r)
	}
	return p
}

// Tenants lists every tenant.
func (c *Client) Tenants(ctx context.Context) ([]Tenant, error) {
	var out struct {
		Tenants []Tenant `json:"tenants"`
	}
	_, err := c.call(ctx, "list tenants", http.MethodGet, "/tenants", nil, nil, &out, http.StatusOK)
	return out.Tenants, err
}

// CreateTenant creates a tenant; id "" lets the target choose.
func (c *Client) CreateTenant(ctx context.Context, name, id string) (Tenant, error) {
	body := map[string]string{"name": name}
	if id != "" {
		body["id"] = id
	}
	var t Tenant
	_, err := c.call(ctx, "create tenant", http.MethodPost, "/tenants", nil, body, &t, http.StatusCreated)
	return t, err
}

// Tenant fetches one tenant (ErrNotFound when unknown).
func (c *Client) Tenant(ctx context.Context, tid string) (Tenant, error) {
	var t Tenant
	_, err := c.call(ctx, "get tenant", http.MethodGet, tenantPath(tid), nil, nil, &t, http.StatusOK)
	return t, err
}

// CreateToken generates a provisioning token; expiresAt nil takes the
// target's default (30 days). The secret goes to the Masker before
// anything else can see it.
func (c *Client) CreateToken(ctx context.Context, tid string, expiresAt *time.Time) (Token, error) {
	var body any
	if expiresAt != nil {
		body = map[string]string{"expiresAt": expiresAt.UTC().Format(time.RFC3339)}
	}
	var t Token
	ex, err := c.call(ctx, "create token", http.MethodPost, tenantPath(tid, "provisioning-tokens"), nil, body, &t, http.StatusCreated)
	if t.Secret != "" {
		c.http.Masker().Add(t.Secret)
	}
	if err != nil {
		return t, err
	}
	if t.Secret == "" {
		return t, &simulator.ResponseError{Exchange: ex, Context: "create token", Expected: "the token in the 201 body", Got: "none"}
	}
	return t, nil
}

// ListTokens lists a tenant's tokens (never their secrets, per the contract;
// steps check that against LastExchange's raw body).
func (c *Client) ListTokens(ctx context.Context, tid string) ([]TokenInfo, error) {
	var out struct {
		Tokens []TokenInfo `json:"tokens"`
	}
	_, err := c.call(ctx, "list tokens", http.MethodGet, tenantPath(tid, "provisioning-tokens"), nil, nil, &out, http.StatusOK)
	return out.Tokens, err
}

// DeleteToken deletes a token; it must stop working at once.
func (c *Client) DeleteToken(ctx context.Context, tid, tokenID string) error {
	_, err := c.call(ctx, "delete token", http.MethodDelete, tenantPath(tid, "provisioning-tokens", tokenID), nil, nil, nil, http.StatusNoContent)
	return err
}

// FindAccounts finds accounts by userName (case-insensitive on the target);
// userName "" lists them all.
func (c *Client) FindAccounts(ctx context.Context, tid, userName string) ([]Account, error) {
	var q url.Values
	if userName != "" {
		q = url.Values{"userName": {userName}}
	}
	var out struct {
		Accounts *[]Account `json:"accounts"`
	}
	ex, err := c.call(ctx, "find accounts", http.MethodGet, tenantPath(tid, "accounts"), q, nil, &out, http.StatusOK)
	if err != nil {
		return nil, err
	}
	// A body without the list is a broken answer, not "no accounts".
	if out.Accounts == nil {
		return nil, &simulator.ResponseError{Exchange: ex, Context: "find accounts", Expected: `{"accounts":[...]}`, Got: `a body without "accounts"`}
	}
	return *out.Accounts, nil
}

// FindAccount is FindAccounts expecting exactly one match (ErrNotFound for none).
func (c *Client) FindAccount(ctx context.Context, tid, userName string) (Account, error) {
	accounts, err := c.FindAccounts(ctx, tid, userName)
	if err != nil {
		return Account{}, err
	}
	switch len(accounts) {
	case 1:
		return accounts[0], nil
	case 0:
		return Account{}, fmt.Errorf("find account %q: expected 1 account, got 0: %w", userName, ErrNotFound)
	}
	return Account{}, fmt.Errorf("find account %q: expected 1 account, got %d", userName, len(accounts))
}

// GetAccount fetches one account (ErrNotFound when unknown).
func (c *Client) GetAccount(ctx context.Context, tid, aid string) (Account, error) {
	var a Account
	_, err := c.call(ctx, "get account", http.MethodGet, tenantPath(tid, "accounts", aid), nil, nil, &a, http.StatusOK)
	return a, err
}

// CreateLocalAccount creates a console (Local) account.
func (c *Client) CreateLocalAccount(ctx context.Context, tid string, a NewAccount) (Account, error) {
	var out Account
	_, err := c.call(ctx, "create local account", http.MethodPost, tenantPath(tid, "accounts"), nil, a, &out, http.StatusCreated)
	return out, err
}

// PatchAccount edits account fields as an administrator would; a SCIM
// account must refuse with 409 read_only (ErrReadOnly).
func (c *Client) PatchAccount(ctx context.Context, tid, aid string, fields map[string]any) (Account, error) {
	var out Account
	_, err := c.call(ctx, "edit account", http.MethodPatch, tenantPath(tid, "accounts", aid), nil, fields, &out, http.StatusOK)
	return out, err
}

// Groups lists the console's groups of a tenant.
func (c *Client) Groups(ctx context.Context, tid string) ([]Group, error) {
	var out struct {
		Groups *[]Group `json:"groups"`
	}
	ex, err := c.call(ctx, "list groups", http.MethodGet, tenantPath(tid, "groups"), nil, nil, &out, http.StatusOK)
	if err != nil {
		return nil, err
	}
	// A body without the list is a broken answer, not "no groups".
	if out.Groups == nil {
		return nil, &simulator.ResponseError{Exchange: ex, Context: "list groups", Expected: `{"groups":[...]}`, Got: `a body without "groups"`}
	}
	return *out.Groups, nil
}

type clockDoc struct {
	Now time.Time `json:"now"`
}

// Clock reads the sandbox clock; ErrNoClock when the target has none.
func (c *Client) Clock(ctx context.Context) (time.Time, error) {
	var out clockDoc
	_, err := c.call(ctx, "read clock", http.MethodGet, "/clock", nil, nil, &out, http.StatusOK)
	return out.Now, err
}

// AdvanceClock moves the sandbox clock forward by d; ErrNoClock when the
// target has none.
func (c *Client) AdvanceClock(ctx context.Context, d time.Duration) (time.Time, error) {
	if d < 0 {
		return time.Time{}, fmt.Errorf("advance clock: expected a positive duration, got %s", d)
	}
	var out clockDoc
	_, err := c.call(ctx, "advance clock", http.MethodPost, "/clock", nil, map[string]string{"advance": d.String()}, &out, http.StatusOK)
	return out.Now, err
}

// HasClock probes the clock: true if present, false on ErrNoClock, and the
// error for anything else (a refused admin token is not "no clock").
func (c *Client) HasClock(ctx context.Context) (bool, error) {
	_, err := c.Clock(ctx)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, ErrNoClock):
		return false, nil
	}
	return false, err
}
