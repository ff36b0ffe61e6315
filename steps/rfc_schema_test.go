package steps

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/cucumber/godog"
	messages "github.com/cucumber/messages/go/v34"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"

	"github.com/scimharness/scimharness/simulator"
)

func table(rows ...[]string) *godog.Table {
	t := &godog.Table{}
	for _, r := range rows {
		row := &messages.PickleTableRow{}
		for _, c := range r {
			row.Cells = append(row.Cells, &messages.PickleTableCell{Value: c})
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// TestRefusedOrAnswered: the readOnly-values step accepts exactly the two
// answers the RFC and the contract allow.
func TestRefusedOrAnswered(t *testing.T) {
	mutability := `{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"400","scimType":"mutability"}`
	rows := table([]string{"id", "equals", "u1"}, []string{"meta.resourceType", "equals", "User"})
	cases := []struct {
		name   string
		status int
		body   string
		ok     bool
	}{
		{"ignored: 200, id and meta unchanged", 200, `{"id":"u1","meta":{"resourceType":"User"}}`, true},
		{"refused: 400 mutability", 400, mutability, true},
		{"200 with the client's id", 200, `{"id":"not-u1","meta":{"resourceType":"User"}}`, false},
		{"200 with the client's meta", 200, `{"id":"u1","meta":{"resourceType":"Group"}}`, false},
		{"400 of another scimType", 400, `{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"400","scimType":"invalidValue"}`, false},
		{"400 that is no SCIM error", 400, `oops`, false},
		{"another status", 500, `{}`, false},
	}
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := testWorld(t, testEnv(t, srv))
			w.Last = &simulator.Exchange{Method: http.MethodPut, Status: c.status, ResponseBody: []byte(c.body), ResponseHeader: http.Header{}}
			_, err := rfcRefusedOrAnswered(withWorld(context.Background(), w), 200, rows)
			if c.ok {
				assert.NoError(t, err)
			} else {
				assert.Error(t, err)
			}
		})
	}
}

// TestSchemaAttribute reads attributes, sub-attributes and names in any
// case from a /Schemas answer.
func TestSchemaAttribute(t *testing.T) {
	schemas := gjson.Parse(`{"Resources":[{"id":"` + coreUserSchema + `","attributes":[
		{"name":"userName"},{"name":"name","subAttributes":[{"name":"givenName"}]},
		{"name":"emails","subAttributes":[{"name":"value"}]}]},
		{"id":"` + coreGroupSchema + `","attributes":[{"name":"members","returned":"request"}]}]}`)
	cases := []struct {
		schema, path string
		ok           bool
	}{
		{coreUserSchema, "userName", true},
		{coreUserSchema, "USERNAME", true},
		{coreUserSchema, "name.givenName", true},
		{coreUserSchema, "name.middleName", false},
		{coreUserSchema, "emails.value", true},
		{coreUserSchema, "title", false},
		{coreGroupSchema, "members", true},
		{"urn:example:unknown", "userName", false},
	}
	for _, c := range cases {
		_, ok := schemaAttribute(schemas, c.schema, c.path)
		assert.Equal(t, c.ok, ok, "%s %s", c.schema, c.path)
	}
}

// TestSchemaPathOf maps profile paths to the schema and attribute to look up.
func TestSchemaPathOf(t *testing.T) {
	cases := []struct{ in, schema, path string }{
		{`emails[type eq "work"].value`, coreUserSchema, "emails.value"},
		{"name.givenName", coreUserSchema, "name.givenName"},
		{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", "employeeNumber"},
	}
	for _, c := range cases {
		schema, path := schemaPathOf(c.in)
		assert.Equal(t, c.schema, schema, c.in)
		assert.Equal(t, c.path, path, c.in)
	}
}

// schemaServer serves a /Schemas that declares only userName and members
// (returned as given) and records the group reads.
func schemaServer(t *testing.T, membersReturned string, groupQueries *[]string) *httptest.Server {
	t.Helper()
	return httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		rw.Header().Set("Content-Type", "application/scim+json")
		switch r.URL.Path {
		case "/scim/v2/t1/Schemas":
			_, _ = rw.Write([]byte(`{"Resources":[{"id":"` + coreUserSchema + `","attributes":[{"name":"userName"}]},
				{"id":"` + coreGroupSchema + `","attributes":[{"name":"members","returned":"` + membersReturned + `"}]}]}`))
		case "/scim/v2/t1/Groups/g1":
			*groupQueries = append(*groupQueries, r.URL.RawQuery)
			_, _ = rw.Write([]byte(`{"id":"g1"}`))
		default:
			http.NotFound(rw, r)
		}
	}))
}

// TestSchemaGates: an undeclared attribute skips (never passes), a
// declared one runs, and members are asked for when returned on request.
func TestSchemaGates(t *testing.T) {
	var queries []string
	srv := schemaServer(t, "request", &queries)
	defer srv.Close()
	env := testEnv(t, srv)
	env.schemas = &schemaCache{}
	w := testWorld(t, env)
	ctx := withWorld(context.Background(), w)

	_, err := rfcSchemaDeclares(ctx, "User", "userName, externalId")
	assert.NoError(t, err, "userName is declared, externalId is common")
	_, err = rfcSchemaDeclares(ctx, "User", "title")
	require.Error(t, err)
	assert.True(t, errors.Is(err, godog.ErrSkip), "an undeclared attribute skips: %v", err)
	reason, _ := w.skipReason()
	assert.Contains(t, reason, "title")

	w.Groups["team"] = &simulator.Group{ID: "g1"}
	_, err = rfcGetGroupWithMembers(ctx, "team")
	require.NoError(t, err)
	assert.Equal(t, []string{"attributes=members"}, queries)

	w2 := testWorld(t, env)
	_, err = idpCoversChange(withWorld(context.Background(), w2), "phone")
	require.Error(t, err)
	assert.True(t, errors.Is(err, godog.ErrSkip), "phoneNumbers is not declared: %v", err)
}
