package sandbox

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"
)

// testStart is the frozen start of every test clock.
var testStart = time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)

// env is one sandbox with one tenant and one valid token, driven in process.
type env struct {
	t      *testing.T
	sb     *Sandbox
	h      http.Handler
	tenant string
	token  string
}

func newEnv(t *testing.T, faults ...Fault) *env {
	t.Helper()
	sb, err := New(Options{AdminToken: "admin-secret", Faults: faults, Clock: NewFixedClock(testStart)})
	require.NoError(t, err)
	tn, err := sb.CreateTenant("Acme", "acme")
	require.NoError(t, err)
	tok, _, err := sb.IssueToken(tn.ID, time.Time{})
	require.NoError(t, err)
	return &env{t: t, sb: sb, h: sb.Handler(), tenant: tn.ID, token: tok}
}

// resp is one recorded answer.
type resp struct {
	Status int
	Header http.Header
	Body   []byte
}

func (r resp) get(path string) gjson.Result { return gjson.GetBytes(r.Body, path) }
func (r resp) String() string               { return string(r.Body) }

type reqOpt func(*http.Request)

func withHeader(k, v string) reqOpt { return func(r *http.Request) { r.Header.Set(k, v) } }
func withToken(tok string) reqOpt {
	return func(r *http.Request) {
		if tok == "" {
			r.Header.Del("Authorization")
		} else {
			r.Header.Set("Authorization", "Bearer "+tok)
		}
	}
}

// do sends a request; body may be nil, a string (sent raw) or a value to encode.
func (e *env) do(method, path string, body any, opts ...reqOpt) resp {
	e.t.Helper()
	var rd *bytes.Reader
	switch b := body.(type) {
	case nil:
		rd = bytes.NewReader(nil)
	case string:
		rd = bytes.NewReader([]byte(b))
	case []byte:
		rd = bytes.NewReader(b)
	default:
		buf, err := json.Marshal(b)
		require.NoError(e.t, err)
		rd = bytes.NewReader(buf)
	}
	req := httptest.NewRequest(method, "http://sandbox.test"+path, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/scim+json")
	}
	if strings.HasPrefix(path, adminPrefix) {
		req.Header.Set("Authorization", "Bearer admin-secret")
	} else {
		req.Header.Set("Authorization", "Bearer "+e.token)
	}
	for _, o := range opts {
		o(req)
	}
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	return resp{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
}

// filterPath is a list URL with an escaped filter expression.
func (e *env) filterPath(resource, expr string) string {
	return e.scim("/" + resource + "?filter=" + url.QueryEscape(expr))
}

// scim prefixes a tenant-relative SCIM path.
func (e *env) scim(p string) string { return "/scim/v2/" + e.tenant + p }

func (e *env) admin(p string) string { return adminPrefix + "/tenants/" + e.tenant + p }

// user is a full profile user as an IdP would POST it.
func user(userName string) map[string]any {
	return map[string]any{
		"schemas":      []string{"urn:ietf:params:scim:schemas:core:2.0:User"},
		"userName":     userName,
		"externalId":   "ext-" + userName,
		"active":       true,
		"displayName":  "Display " + userName,
		"name":         map[string]any{"givenName": "Given", "familyName": "Family"},
		"emails":       []any{map[string]any{"type": "work", "value": userName + "@example.com", "primary": true}},
		"phoneNumbers": []any{map[string]any{"type": "work", "value": "+1 555 0100"}},
		"locale":       "en-US",
	}
}

// createUser POSTs user(userName) and returns its SCIM id.
func (e *env) createUser(userName string) string {
	e.t.Helper()
	r := e.do("POST", e.scim("/Users"), user(userName))
	require.Equal(e.t, http.StatusCreated, r.Status, r.String())
	return r.get("id").String()
}

func (e *env) createGroup(name string, members ...string) string {
	e.t.Helper()
	ms := []any{}
	for _, m := range members {
		ms = append(ms, map[string]any{"value": m})
	}
	r := e.do("POST", e.scim("/Groups"), map[string]any{"displayName": name, "members": ms})
	require.Equal(e.t, http.StatusCreated, r.Status, r.String())
	return r.get("id").String()
}

// account returns the admin view of the single account with userName.
func (e *env) account(userName string) gjson.Result {
	e.t.Helper()
	r := e.do("GET", e.admin("/accounts?userName="+userName), nil)
	require.Equal(e.t, http.StatusOK, r.Status, r.String())
	return r.get("accounts")
}

func (e *env) patch(path string, ops ...map[string]any) resp {
	e.t.Helper()
	return e.do("PATCH", path, map[string]any{
		"schemas":    []string{"urn:ietf:params:scim:api:messages:2.0:PatchOp"},
		"Operations": ops,
	})
}

func op(name, path string, value any) map[string]any {
	m := map[string]any{"op": name}
	if path != "" {
		m["path"] = path
	}
	if value != nil {
		m["value"] = value
	}
	return m
}
