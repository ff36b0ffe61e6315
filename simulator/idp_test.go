package simulator

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func newTestIdP(t *testing.T, d Dialect) (*IdP, *fakeSCIM, *Directory) {
	t.Helper()
	p, err := DefaultProfile()
	require.NoError(t, err)
	fake := newFakeSCIM(t)
	dir := NewDirectory(11)
	c := NewClient(ClientConfig{BaseURL: fake.URL(), Token: "cnt_pt_idpTestToken0123456789abcdefghijklmnop"})
	return NewIdP(c, d, p, dir), fake, dir
}

// Every dialect's whole lifecycle succeeds against a compliant target and
// leaves the IdP's view consistent.
func TestIdPLifecycleEveryDialect(t *testing.T) {
	for _, d := range Dialects() {
		t.Run(d.Name, func(t *testing.T) {
			ctx := context.Background()
			idp, fake, dir := newTestIdP(t, d)
			_, err := idp.TestConnection(ctx)
			require.NoError(t, err)
			u := dir.NewUser()
			ex, err := idp.Provision(ctx, u)
			require.NoError(t, err)
			assert.Equal(t, http.StatusCreated, ex.Status)
			assert.NotEmpty(t, u.ID)
			assert.False(t, u.Linked)
			assert.Len(t, idp.Exchanges(), 2, "look-up then create")

			_, err = idp.Update(ctx, u, dir.NewChanges(u))
			require.NoError(t, err)
			mism, err := idp.Profile.Compare(fake.resource("Users", u.ID), u)
			require.NoError(t, err)
			if d.Update != UpdatePatch && d.Update != UpdatePatchNoPath {
				// The fake applies PUTs whole; PATCH paths it does not apply.
				assert.Empty(t, mism)
			}

			_, err = idp.Deactivate(ctx, u)
			require.NoError(t, err)
			assert.False(t, u.Active)
			assert.Equal(t, false, fake.field("Users", u.ID, "active"))

			_, err = idp.Remove(ctx, u)
			require.NoError(t, err)
			assert.Equal(t, d.Remove == RemoveDelete, u.Removed)

			_, err = idp.Reactivate(ctx, u)
			require.NoError(t, err)
			assert.True(t, u.Active)
			assert.Equal(t, true, fake.field("Users", u.ID, "active"))

			g := dir.NewGroup()
			_, err = idp.CreateGroup(ctx, g)
			require.NoError(t, err)
			_, err = idp.AddMembers(ctx, g, u)
			require.NoError(t, err)
			assert.Equal(t, []*User{u}, g.Members)
			_, err = idp.RenameGroup(ctx, g, g.DisplayName+" 2")
			require.NoError(t, err)
			assert.Equal(t, g.DisplayName, fake.field("Groups", g.ID, "displayName"))
			_, err = idp.RemoveMembers(ctx, g, u)
			require.NoError(t, err)
			assert.Empty(t, g.Members)
			assert.Equal(t, []any{}, fake.field("Groups", g.ID, "members"))
			ex, err = idp.DeleteGroup(ctx, g)
			require.NoError(t, err)
			assert.Equal(t, http.StatusNoContent, ex.Status)
		})
	}
}

func TestProvisionLinksFoundUser(t *testing.T) {
	ctx := context.Background()
	idp, _, dir := newTestIdP(t, Entra())
	u := dir.NewUser()
	_, err := idp.Provision(ctx, u)
	require.NoError(t, err)
	again := u.Clone()
	again.ID = ""
	ex, err := idp.Provision(ctx, again)
	require.NoError(t, err)
	assert.True(t, again.Linked)
	assert.Equal(t, u.ID, again.ID)
	assert.Equal(t, http.MethodGet, ex.Method, "no create when the look-up finds the user")
	assert.Len(t, idp.Exchanges(), 1)
}

func TestProvisionActivatesLinkedInactiveUser(t *testing.T) {
	ctx := context.Background()
	idp, fake, dir := newTestIdP(t, Okta())
	u := dir.NewUser()
	_, err := idp.Provision(ctx, u)
	require.NoError(t, err)
	_, err = idp.Remove(ctx, u) // Okta: deactivation
	require.NoError(t, err)
	u.Active = true
	ex, err := idp.Provision(ctx, u)
	require.NoError(t, err)
	assert.Equal(t, http.MethodPatch, ex.Method)
	assert.Equal(t, true, fake.field("Users", u.ID, "active"))
}

func TestIdPStatusErrors(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name    string
		dialect Dialect
		setup   func(*fakeSCIM)
		run     func(*IdP, *Directory) (*Exchange, error)
		want    string
	}{
		{
			name: "entra look-up miss answered 404", dialect: Entra(),
			setup: func(f *fakeSCIM) { f.notFoundOnMiss = true },
			run:   func(p *IdP, d *Directory) (*Exchange, error) { return p.Provision(context.Background(), d.NewUser()) },
			want:  "provision: look-up: expected 200, got 404 (no match)",
		},
		{
			name: "probe miss answered 404", dialect: Generic(),
			setup: func(f *fakeSCIM) { f.notFoundOnMiss = true },
			run:   func(p *IdP, d *Directory) (*Exchange, error) { return p.TestConnection(context.Background()) },
			want:  "test connection: expected 200, got 404 (no match)",
		},
		{
			name: "duplicate create", dialect: Generic(),
			setup: func(f *fakeSCIM) {},
			run: func(p *IdP, d *Directory) (*Exchange, error) {
				u := d.NewUser()
				if _, err := p.Client.Do(ctx, Request{Method: "POST", Path: "/Users", Body: p.UserBody(u)}); err != nil {
					return nil, err
				}
				// A look-up by another attribute misses, so the create meets the duplicate.
				p.Dialect.LookupAttribute = "externalId"
				u.ExternalID = "other"
				return p.Provision(ctx, u)
			},
			want: "provision: create: expected 201, got 409 (uniqueness: userName already exists)",
		},
		{
			name: "unknown id", dialect: Generic(), setup: func(f *fakeSCIM) {},
			run: func(p *IdP, d *Directory) (*Exchange, error) {
				u := d.NewUser()
				u.ID = "missing"
				return p.Deactivate(context.Background(), u)
			},
			want: "deactivate: patch: expected 200 or 204, got 404 (resource missing not found)",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			idp, fake, dir := newTestIdP(t, tt.dialect)
			tt.setup(fake)
			ex, err := tt.run(idp, dir)
			require.Error(t, err)
			var se *StatusError
			require.True(t, errors.As(err, &se), "got %T: %v", err, err)
			assert.Equal(t, tt.want, err.Error())
			assert.Same(t, ex, se.Exchange, "the decisive exchange is the failing one")
			assert.NotContains(t, ex.String(), "cnt_pt_idpTestToken")
		})
	}
}

func TestIdPPreconditions(t *testing.T) {
	ctx := context.Background()
	idp, _, dir := newTestIdP(t, Generic())
	u := dir.NewUser()
	g := dir.NewGroup()
	tests := []struct {
		name string
		run  func() (*Exchange, error)
		want string
	}{
		{"update unprovisioned", func() (*Exchange, error) { return idp.Update(ctx, u, Changes{GivenName: "X"}) }, "expected a provisioned user"},
		{"remove unprovisioned", func() (*Exchange, error) { return idp.Remove(ctx, u) }, "expected a provisioned user"},
		{"rename uncreated group", func() (*Exchange, error) { return idp.RenameGroup(ctx, g, "x") }, "expected a created group"},
		{"add nobody", func() (*Exchange, error) { g2 := &Group{ID: "g", DisplayName: "g"}; return idp.AddMembers(ctx, g2) }, "expected at least one user"},
		{"add unprovisioned member", func() (*Exchange, error) { g2 := &Group{ID: "g", DisplayName: "g"}; return idp.AddMembers(ctx, g2, u) }, "without a SCIM id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.run()
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
	_, err := idp.Provision(ctx, u)
	require.NoError(t, err)
	_, err = idp.Update(ctx, u, Changes{GivenName: u.GivenName})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "expected a change to a profile attribute, got none")
}

func TestGroupLookupByListingPages(t *testing.T) {
	ctx := context.Background()
	idp, fake, dir := newTestIdP(t, Ping())
	var target *Group
	for i := 0; i < 5; i++ {
		g := dir.NewGroup()
		_, err := idp.Client.Do(ctx, Request{Method: "POST", Path: "/Groups", Body: map[string]any{"schemas": []string{SchemaGroup}, "displayName": g.DisplayName}})
		require.NoError(t, err)
		target = g
	}
	fake.pageSize = 2
	_, err := idp.CreateGroup(ctx, target)
	require.NoError(t, err)
	assert.True(t, target.Linked)
	var queries []string
	for _, ex := range idp.Exchanges() {
		queries = append(queries, ex.Method+" "+ex.URL[strings.Index(ex.URL, "/Groups"):])
	}
	assert.Equal(t, []string{"GET /Groups", "GET /Groups?startIndex=3&count=2", "GET /Groups?startIndex=5&count=2"}, queries)
}

func TestProbeCreateDelete(t *testing.T) {
	idp, fake, _ := newTestIdP(t, JumpCloud())
	ex, err := idp.TestConnection(context.Background())
	require.NoError(t, err)
	assert.Equal(t, http.MethodDelete, ex.Method)
	var steps []string
	for _, e := range idp.Exchanges() {
		steps = append(steps, fmt.Sprintf("%s %d", e.Method, e.Status))
	}
	assert.Equal(t, []string{"POST 201", "POST 201", "DELETE 204", "DELETE 204"}, steps)
	assert.Empty(t, fake.users)
	assert.Empty(t, fake.groups)
}

// Okta tolerates a 404 for a look-up miss (idp-dialects.md, "no filter
// match") and goes on to create; Entra does not (the test above).
func TestOktaToleratesLookupMiss404(t *testing.T) {
	idp, fake, dir := newTestIdP(t, Okta())
	fake.notFoundOnMiss = true
	u := dir.NewUser()
	ex, err := idp.Provision(context.Background(), u)
	require.NoError(t, err)
	assert.Equal(t, http.StatusCreated, ex.Status)
	assert.Equal(t, 404, idp.Exchanges()[0].Status)
}

func TestEveryDialectStatesItsExpectations(t *testing.T) {
	for _, d := range Dialects() {
		assert.Contains(t, d.LookupMissStatuses, 200, d.Name)
		assert.Equal(t, 409, d.DuplicateStatus, d.Name)
		assert.NotEmpty(t, d.LookupAttribute, d.Name)
		assert.NotEmpty(t, d.FilterSpaces, d.Name)
	}
	assert.True(t, Entra().ResendsMemberAdds)
}
