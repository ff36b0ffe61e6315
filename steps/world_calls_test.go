package steps

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/cucumber/godog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scimharness/scimharness/simulator"
)

// userServer answers GET /Users/u1 with body, anything else 404.
func userServer(t *testing.T, body string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && r.URL.Path == "/scim/v2/t1/Users/u1" {
			rw.Header().Set("Content-Type", "application/scim+json")
			_, _ = rw.Write([]byte(body))
			return
		}
		rw.WriteHeader(http.StatusNotFound)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestScimShowsNewValueNeverPassesOnNothing(t *testing.T) {
	onlyNames, err := simulator.ParseProfile([]byte(`{"attributes": [
		{"scim": "userName", "required": true, "account": "userName"},
		{"scim": "displayName", "required": true, "account": "displayName"}]}`))
	require.NoError(t, err)
	tests := []struct {
		name     string
		what     string
		resource string
		wantSkip string // "" → not a skip
		wantErr  string // "" → passes
	}{
		{name: "profile holds none of the phone attributes", what: "phone",
			resource: `{"id":"u1","userName":"alice@example.com"}`,
			wantSkip: `the attribute profile holds none of phoneNumbers[type eq "work"].value, so the IdP sends no phone change`},
		{name: "a held attribute is compared and matches", what: "name",
			resource: `{"id":"u1","userName":"alice@example.com","displayName":"Alice Liddell"}`},
		{name: "a held attribute is compared and differs", what: "name",
			resource: `{"id":"u1","userName":"alice@example.com","displayName":"Old Name"}`,
			wantErr:  `the SCIM user "alice@example.com", displayName: expected "Alice Liddell" (the new value), got "Old Name"; the update was answered but not applied`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := testEnv(t, userServer(t, tt.resource))
			env.Profile = onlyNames
			w := testWorld(t, env)
			w.Users["alice"] = &simulator.User{ID: "u1", UserName: "alice@example.com", DisplayName: "Alice Liddell"}
			_, err := scimShowsNewValue(withWorld(context.Background(), w), tt.what, "alice")
			switch {
			case tt.wantSkip != "":
				require.Error(t, err)
				assert.True(t, errors.Is(err, godog.ErrSkip), "expected a skip, got %v", err)
				reason, _ := w.skipReason()
				assert.Equal(t, tt.wantSkip, reason)
			case tt.wantErr != "":
				require.Error(t, err)
				assert.False(t, errors.Is(err, godog.ErrSkip))
				assert.Contains(t, err.Error(), tt.wantErr)
			default:
				assert.NoError(t, err)
			}
		})
	}
}

func TestResourceChecksNeedSomethingToLookAt(t *testing.T) {
	tests := []struct {
		name    string
		step    func(ctx context.Context) (context.Context, error)
		body    string
		noUsers bool
		wantErr string // "" → passes
	}{
		{name: "every resource has, over an empty list",
			step: func(ctx context.Context) (context.Context, error) { return rfcResourcesHavePath(ctx, "every", "id") },
			body: `{` + listURN + `,"totalResults":0,"Resources":[]}`, wantErr: "expected at least one resource to check id on, got none"},
		{name: "no resource has, over an empty list",
			step: func(ctx context.Context) (context.Context, error) { return rfcResourcesHavePath(ctx, "no", "userName") },
			body: `{` + listURN + `,"totalResults":0,"Resources":[]}`, wantErr: "expected at least one resource to check userName on, got none"},
		{name: "no resource has, and none has",
			step: func(ctx context.Context) (context.Context, error) { return rfcResourcesHavePath(ctx, "no", "userName") },
			body: `{` + listURN + `,"totalResults":1,"Resources":[{"id":"u1"}]}`},
		{name: "no resource has, but one has",
			step: func(ctx context.Context) (context.Context, error) { return rfcResourcesHavePath(ctx, "no", "userName") },
			body: `{` + listURN + `,"totalResults":1,"Resources":[{"id":"u1","userName":"a"}]}`, wantErr: `the user "alice@example.com" (Resources.0): expected no value at userName, got "a"`},
		{name: "no resource has, but one the scenario did not create has",
			step:    func(ctx context.Context) (context.Context, error) { return rfcResourcesHavePath(ctx, "no", "name") },
			body:    `{` + listURN + `,"totalResults":1,"Resources":[{"id":"x9","userName":"bystander@example.com","name":{}}]}`,
			wantErr: `the resource listed as "bystander@example.com" (Resources.0): expected no value at name, got`},
		{name: "no scenario user, with none to look for",
			step: rfcNoScenarioUser, noUsers: true,
			body: `{` + listURN + `,"totalResults":0,"Resources":[]}`, wantErr: "expected users created earlier in this scenario to look for in the Resources, got none"},
		{name: "no scenario user, and none listed",
			step: rfcNoScenarioUser,
			body: `{` + listURN + `,"totalResults":1,"Resources":[{"id":"other"}]}`},
		{name: "the Resources include, verdict merged into one step",
			step: func(ctx context.Context) (context.Context, error) {
				return rfcResourcesInclude(ctx, "do not include", "alice")
			},
			body: `{` + listURN + `,"totalResults":1,"Resources":[{"id":"u1"}]}`, wantErr: `Resources: expected Resources without "alice@example.com", got ["alice@example.com"]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := testWorld(t, testEnv(t, userServer(t, "{}")))
			if !tt.noUsers {
				w.Users["alice"] = &simulator.User{ID: "u1", UserName: "alice@example.com"}
			}
			w.Last = &simulator.Exchange{Method: http.MethodGet, URL: "http://target/Users", Status: http.StatusOK, ResponseBody: []byte(tt.body)}
			_, err := tt.step(withWorld(context.Background(), w))
			if tt.wantErr == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.wantErr)
		})
	}
}

func TestSendAndAskRememberAndReport(t *testing.T) {
	srv := userServer(t, `{"id":"u1"}`)
	w := testWorld(t, testEnv(t, srv))
	ctx := context.Background()

	ex, err := w.send(ctx, w.SCIM, simulator.Request{Method: http.MethodGet, Path: "/Users/u1"}, "read alice")
	require.NoError(t, err)
	assert.Same(t, ex, w.Last, "send remembers its exchange")
	assert.Equal(t, http.StatusOK, ex.Status)

	ex, err = w.ask(ctx, simulator.Request{Method: http.MethodGet, Path: "/Users/none"}, "GET /Users/none")
	require.NoError(t, err, "any status is an answer")
	assert.Equal(t, http.StatusNotFound, ex.Status)

	srv.Close() // from here on nothing answers
	_, err = w.send(ctx, w.SCIM, simulator.Request{Method: http.MethodGet, Path: "/Users/u1"}, "read alice")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "read alice: expected an HTTP answer, got none (harness or network fault)")
	_, err = w.ask(ctx, simulator.Request{Method: http.MethodGet, Path: "/Users/u1"}, "GET /Users/u1")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "expected an answer to GET /Users/u1, got none")
	assert.NotContains(t, err.Error(), testToken)
}

func TestWorldUserAndGroupName(t *testing.T) {
	w := testWorld(t, testEnv(t, userServer(t, "{}")))
	w.Users["alice"] = &simulator.User{ID: "u1"}
	w.Groups["staff"] = &simulator.Group{ID: "g1"}
	ctx := withWorld(context.Background(), w)

	got, u, err := worldUser(ctx, "alice")
	require.NoError(t, err)
	assert.Same(t, w, got)
	assert.Equal(t, "u1", u.ID)
	_, _, err = worldUser(ctx, "bob")
	assert.ErrorContains(t, err, `expected a user "bob" provisioned earlier in this scenario, got none`)

	_, g, err := worldGroup(ctx, "staff")
	require.NoError(t, err)
	assert.Equal(t, "g1", g.ID)
	_, _, err = worldGroup(ctx, "ops")
	assert.ErrorContains(t, err, `expected a group "ops" created earlier in this scenario, got none`)

	_, _, err = worldUser(context.Background(), "alice")
	assert.ErrorContains(t, err, "expected a scenario world in the context")

	_, _, err = worldNewUser(ctx, "alice")
	assert.ErrorContains(t, err, `expected a new user name for this scenario, got "alice" twice`)
	_, carol, err := worldNewUser(ctx, "carol")
	require.NoError(t, err)
	assert.Same(t, carol, w.Users["carol"], "a new user is named in the scenario at once")
}
