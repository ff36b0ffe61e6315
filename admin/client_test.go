package admin

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/scimharness/scimharness/simulator"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const adminToken = "admin-token-for-tests-0123"

// route is one canned admin API answer.
type route struct {
	status int
	body   string
}

type fakeAdmin struct {
	routes map[string]route // "METHOD /path?query" → answer
	got    []string         // "METHOD /path?query body"
}

func newFakeAdmin(t *testing.T, routes map[string]route) (*Client, *fakeAdmin, *simulator.Masker) {
	t.Helper()
	f := &fakeAdmin{routes: routes}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		key := r.Method + " " + strings.TrimPrefix(r.URL.RequestURI(), "/admin/v1")
		f.got = append(f.got, strings.TrimSpace(key+" "+string(b)))
		if r.Header.Get("Authorization") != "Bearer "+adminToken {
			w.WriteHeader(401)
			_, _ = w.Write([]byte(`{"error":"unauthorized","detail":"bad admin token"}`))
			return
		}
		rt, ok := f.routes[key]
		if !ok {
			w.WriteHeader(404)
			_, _ = w.Write([]byte(`{"error":"not_found","detail":"no route ` + key + `"}`))
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(rt.status)
		_, _ = w.Write([]byte(rt.body))
	}))
	t.Cleanup(srv.Close)
	m := simulator.NewMasker()
	return New(srv.URL+"/admin/v1", adminToken, simulator.NewRecorder(0), m), f, m
}

func TestCreateTokenMasksSecretAtOnce(t *testing.T) {
	const secret = "cnt_pt_NEWtokenNEWtokenNEWtokenNEWtokenNEW12345"
	c, f, m := newFakeAdmin(t, map[string]route{
		"POST /tenants/t%201/provisioning-tokens": {201, `{"id":"tok1","token":"` + secret + `","createdAt":"2026-01-01T00:00:00Z","expiresAt":"2026-01-31T00:00:00Z"}`},
	})
	exp := time.Date(2026, 1, 31, 0, 0, 0, 0, time.FixedZone("x", 3600))
	tok, err := c.CreateToken(context.Background(), "t 1", &exp)
	require.NoError(t, err)
	assert.Equal(t, secret, tok.Secret)
	assert.Equal(t, "tok1", tok.ID)
	assert.Equal(t, 30*24*time.Hour, tok.ExpiresAt.Sub(tok.CreatedAt))
	assert.Equal(t, []string{`POST /tenants/t%201/provisioning-tokens {"expiresAt":"2026-01-30T23:00:00Z"}`}, f.got)
	assert.Equal(t, 2, m.Known(), "admin token and the new secret")
	assert.NotContains(t, c.LastExchange().String(), secret)
	assert.NotContains(t, fmt.Sprintf("%v %+v %#v", tok, tok, tok), secret)
	// A masker-unaware leak (e.g. a secret shown with a different prefix) is still masked by value.
	assert.Equal(t, "x [masked] y", m.Mask("x "+adminToken+" y"))
}

func TestCreateTokenDefaultExpirySendsNoBody(t *testing.T) {
	c, f, _ := newFakeAdmin(t, map[string]route{
		"POST /tenants/t1/provisioning-tokens": {201, `{"id":"tok1","token":"cnt_pt_abcabcabcabcabcabc","createdAt":"2026-01-01T00:00:00Z","expiresAt":"2026-01-31T00:00:00Z"}`},
	})
	_, err := c.CreateToken(context.Background(), "t1", nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"POST /tenants/t1/provisioning-tokens"}, f.got)
}

func TestAdminCalls(t *testing.T) {
	account := `{"id":"a1","scimId":"s1","userName":"Jo@Example.com","accountSource":"SCIM","status":"active","readOnly":true,"groups":["G"]}`
	routes := map[string]route{
		"GET /tenants":                                       {200, `{"tenants":[{"id":"t1","name":"Acme","createdAt":"2026-01-01T00:00:00Z"}]}`},
		"POST /tenants":                                      {201, `{"id":"t2","name":"Beta","createdAt":"2026-01-01T00:00:00Z"}`},
		"GET /tenants/t1":                                    {200, `{"id":"t1","name":"Acme"}`},
		"GET /tenants/t1/provisioning-tokens":                {200, `{"tokens":[{"id":"k1","status":"expired","hint":"abcd"}]}`},
		"DELETE /tenants/t1/provisioning-tokens/k1":          {204, ``},
		"GET /tenants/t1/accounts?userName=jo%40example.com": {200, `{"accounts":[` + account + `]}`},
		"GET /tenants/t1/accounts":                           {200, `{"accounts":[` + account + `,` + account + `]}`},
		"GET /tenants/t1/accounts/a1":                        {200, account},
		"POST /tenants/t1/accounts":                          {201, `{"id":"a2","accountSource":"Local"}`},
		"PATCH /tenants/t1/accounts/a1":                      {409, `{"error":"read_only","detail":"SCIM accounts are edited in the IdP"}`},
		"GET /tenants/t1/groups":                             {200, `{"groups":[{"id":"cg1","scimId":"g1","displayName":"G","members":["a1"]}]}`},
		"GET /clock":                                         {200, `{"now":"2026-02-01T00:00:00Z"}`},
		"POST /clock":                                        {200, `{"now":"2026-03-03T00:00:00Z"}`},
	}
	ctx := context.Background()
	tests := []struct {
		name     string
		call     func(c *Client) (any, error)
		want     any
		wantErr  error
		wantText string
		wantSent string
	}{
		{name: "tenants", call: func(c *Client) (any, error) { ts, err := c.Tenants(ctx); return len(ts), err }, want: 1, wantSent: "GET /tenants"},
		{name: "create tenant", call: func(c *Client) (any, error) { tn, err := c.CreateTenant(ctx, "Beta", ""); return tn.ID, err }, want: "t2", wantSent: `POST /tenants {"name":"Beta"}`},
		{name: "create tenant with id", call: func(c *Client) (any, error) { tn, err := c.CreateTenant(ctx, "Beta", "t2"); return tn.ID, err }, want: "t2", wantSent: `POST /tenants {"id":"t2","name":"Beta"}`},
		{name: "tenant", call: func(c *Client) (any, error) { tn, err := c.Tenant(ctx, "t1"); return tn.Name, err }, want: "Acme"},
		{name: "unknown tenant", call: func(c *Client) (any, error) { _, err := c.Tenant(ctx, "nope"); return nil, err }, wantErr: ErrNotFound, wantText: "get tenant: expected 200, got 404 (not_found: no route GET /tenants/nope)"},
		{name: "list tokens", call: func(c *Client) (any, error) {
			ts, err := c.ListTokens(ctx, "t1")
			return ts[0].Status + "/" + ts[0].Hint, err
		}, want: "expired/abcd"},
		{name: "delete token", call: func(c *Client) (any, error) { return nil, c.DeleteToken(ctx, "t1", "k1") }, wantSent: "DELETE /tenants/t1/provisioning-tokens/k1"},
		{name: "delete unknown token", call: func(c *Client) (any, error) { return nil, c.DeleteToken(ctx, "t1", "zz") }, wantErr: ErrNotFound},
		{name: "find accounts", call: func(c *Client) (any, error) {
			as, err := c.FindAccounts(ctx, "t1", "jo@example.com")
			return as[0].AccountSource, err
		}, want: "SCIM"},
		{name: "find one account", call: func(c *Client) (any, error) {
			a, err := c.FindAccount(ctx, "t1", "jo@example.com")
			return a.Groups, err
		}, want: []string{"G"}},
		{name: "find account ambiguous", call: func(c *Client) (any, error) { _, err := c.FindAccount(ctx, "t1", ""); return nil, err }, wantText: `find account "": expected 1 account, got 2`},
		{name: "get account", call: func(c *Client) (any, error) { a, err := c.GetAccount(ctx, "t1", "a1"); return a.ReadOnly, err }, want: true},
		{name: "create local account", call: func(c *Client) (any, error) {
			a, err := c.CreateLocalAccount(ctx, "t1", NewAccount{UserName: "l@example.com", GivenName: "L"})
			return a.AccountSource, err
		}, want: "Local", wantSent: `POST /tenants/t1/accounts {"userName":"l@example.com","givenName":"L"}`},
		{name: "edit scim account refused", call: func(c *Client) (any, error) {
			_, err := c.PatchAccount(ctx, "t1", "a1", map[string]any{"givenName": "X"})
			return nil, err
		}, wantErr: ErrReadOnly, wantText: "edit account: expected 200, got 409 (read_only: SCIM accounts are edited in the IdP)"},
		{name: "groups", call: func(c *Client) (any, error) { gs, err := c.Groups(ctx, "t1"); return gs[0].Members, err }, want: []string{"a1"}},
		{name: "clock", call: func(c *Client) (any, error) { n, err := c.Clock(ctx); return n.Format(time.DateOnly), err }, want: "2026-02-01"},
		{name: "advance clock", call: func(c *Client) (any, error) {
			n, err := c.AdvanceClock(ctx, 720*time.Hour)
			return n.Format(time.DateOnly), err
		}, want: "2026-03-03", wantSent: `POST /clock {"advance":"720h0m0s"}`},
		{name: "negative advance", call: func(c *Client) (any, error) { _, err := c.AdvanceClock(ctx, -time.Hour); return nil, err }, wantText: "advance clock: expected a positive duration, got -1h0m0s"},
		{name: "has clock", call: func(c *Client) (any, error) { return c.HasClock(ctx) }, want: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, f, _ := newFakeAdmin(t, routes)
			got, err := tt.call(c)
			if tt.wantErr != nil || tt.wantText != "" {
				require.Error(t, err)
				if tt.wantErr != nil {
					assert.ErrorIs(t, err, tt.wantErr)
					assert.NotNil(t, ExchangeOf(err), "errors carry the exchange")
				}
				if tt.wantText != "" {
					assert.Equal(t, tt.wantText, err.Error())
				}
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			if tt.wantSent != "" {
				assert.Equal(t, tt.wantSent, f.got[len(f.got)-1])
			}
		})
	}
}

func TestNoClockAndUnauthorized(t *testing.T) {
	ctx := context.Background()
	c, _, _ := newFakeAdmin(t, map[string]route{})
	_, err := c.Clock(ctx)
	assert.ErrorIs(t, err, ErrNoClock)
	assert.False(t, errors.Is(err, ErrNotFound), "a missing clock is a capability, not a missing record")
	_, err = c.AdvanceClock(ctx, time.Hour)
	assert.ErrorIs(t, err, ErrNoClock)
	has, err := c.HasClock(ctx)
	require.NoError(t, err)
	assert.False(t, has)

	bad := New(c.HTTP().BaseURL(), "wrong-token", nil, nil)
	_, err = bad.Tenants(ctx)
	assert.ErrorIs(t, err, ErrUnauthorized)
	var se *simulator.StatusError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, 401, se.Exchange.Status)
	has, err = bad.HasClock(ctx)
	assert.ErrorIs(t, err, ErrUnauthorized, "a refused token is not 'no clock'")
	assert.False(t, has)
}

func TestTransportErrorIsHarnessFault(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	c := New(url, adminToken, nil, nil)
	_, err := c.Tenants(context.Background())
	assert.ErrorIs(t, err, simulator.ErrTransport)
}

func TestBadBodyIsResponseError(t *testing.T) {
	c, _, _ := newFakeAdmin(t, map[string]route{"GET /tenants": {200, `not json`}})
	_, err := c.Tenants(context.Background())
	var re *simulator.ResponseError
	require.ErrorAs(t, err, &re)
	assert.Contains(t, err.Error(), "list tenants: expected a JSON body")
	assert.NotNil(t, ExchangeOf(err))
}

func TestAccountField(t *testing.T) {
	var a Account
	require.NoError(t, json.Unmarshal([]byte(`{"email":"e@x","status":"deactivated","phone":"+1"}`), &a))
	for name, want := range map[string]string{"email": "e@x", "status": "deactivated", "phone": "+1"} {
		got, ok := a.Field(name)
		assert.True(t, ok)
		assert.Equal(t, want, got)
	}
	_, ok := a.Field("nope")
	assert.False(t, ok)
}

// TestListsWithoutTheirKeyAreErrors: a 200 without "groups" or "accounts"
// is a broken answer; read as an empty list it would let "Cantara no longer
// shows the group" pass having seen no groups at all.
func TestListsWithoutTheirKeyAreErrors(t *testing.T) {
	c, _, _ := newFakeAdmin(t, map[string]route{
		"GET /tenants/t1/groups":               {200, `{}`},
		"GET /tenants/t1/accounts?userName=al": {200, `{"items":[]}`},
		"GET /tenants/t2/groups":               {200, `{"groups":[]}`},
		"GET /tenants/t2/accounts?userName=al": {200, `{"accounts":[]}`},
	})
	ctx := context.Background()
	_, err := c.Groups(ctx, "t1")
	var re *simulator.ResponseError
	require.ErrorAs(t, err, &re)
	assert.Contains(t, err.Error(), `expected {"groups":[...]}, got a body without "groups"`)
	_, err = c.FindAccounts(ctx, "t1", "al")
	require.ErrorAs(t, err, &re)
	assert.Contains(t, err.Error(), `got a body without "accounts"`)

	groups, err := c.Groups(ctx, "t2")
	require.NoError(t, err)
	assert.Empty(t, groups)
	accounts, err := c.FindAccounts(ctx, "t2", "al")
	require.NoError(t, err)
	assert.Empty(t, accounts)
}
