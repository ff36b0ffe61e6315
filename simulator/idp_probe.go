package simulator

import (
	"context"
	"fmt"
	"net/http"
)

// TestConnection is the IdP's "test connection" button: a filter on the
// look-up attribute with a random GUID that must come back 200 and empty
// (Entra), a small list (Okta), or a test user and group created and
// deleted again (JumpCloud).
func (p *IdP) TestConnection(ctx context.Context) (*Exchange, error) {
	p.begin()
	switch p.Dialect.TestConnection {
	case ProbeList:
		return p.call(ctx, http.MethodGet, "/Users", "startIndex=1&count=2", nil, "test connection", http.StatusOK)
	case ProbeCreateDelete:
		return p.probeCreateDelete(ctx)
	}
	ex, err := p.call(ctx, http.MethodGet, "/Users", p.Dialect.LookupRawQuery(p.probeDirectory().GUID()), nil, "test connection", http.StatusOK)
	if err != nil {
		return ex, err
	}
	list, err := parseList(ex, "test connection")
	if err != nil {
		return ex, err
	}
	if list.TotalResults != 0 {
		return ex, &ResponseError{Exchange: ex, Context: "test connection", Expected: "totalResults 0 for a random GUID", Got: fmt.Sprint(list.TotalResults)}
	}
	return ex, nil
}

// probeCreateDelete creates a throw-away user and group and deletes both,
// even when a step fails half-way; the first failure is the decisive one.
func (p *IdP) probeCreateDelete(ctx context.Context) (*Exchange, error) {
	dir := p.probeDirectory()
	u := dir.NewUser()
	g := dir.NewGroup()
	ex, err := p.call(ctx, http.MethodPost, "/Users", "", p.UserBody(u), "test connection: create user", http.StatusCreated)
	if err != nil {
		return ex, err
	}
	head, err := parseHead(ex, ex.ResponseBody, "test connection: create user")
	if err != nil {
		return ex, err
	}
	u.ID = head.ID
	first, firstErr := (*Exchange)(nil), error(nil)
	note := func(ex *Exchange, err error) {
		if err != nil && firstErr == nil {
			first, firstErr = ex, err
		}
	}
	gex, err := p.call(ctx, http.MethodPost, "/Groups", "", map[string]any{"schemas": []string{SchemaGroup}, "displayName": g.DisplayName, "members": []any{map[string]any{"value": u.ID}}}, "test connection: create group", http.StatusCreated)
	note(gex, err)
	if err == nil {
		if h, herr := parseHead(gex, gex.ResponseBody, "test connection: create group"); herr == nil {
			dex, derr := p.call(ctx, http.MethodDelete, resourcePath("Groups", h.ID), "", nil, "test connection: delete group", http.StatusNoContent)
			note(dex, derr)
		} else {
			note(gex, herr)
		}
	}
	last, err := p.call(ctx, http.MethodDelete, resourcePath("Users", u.ID), "", nil, "test connection: delete user", http.StatusNoContent)
	note(last, err)
	if firstErr != nil {
		return first, firstErr
	}
	return last, nil
}
