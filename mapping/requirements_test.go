package mapping

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/scimharness/scimharness/simulator"
)

// On an external target the required flags of its /Schemas add to the
// contract's list: a mapping that never fills them gets an error.
func TestSchemasRequiredFlagsAddRequirements(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/scim/v2/t1/Schemas" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/scim+json")
		_, _ = w.Write([]byte(`{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":3,"Resources":[
		 {"id":"urn:ietf:params:scim:schemas:core:2.0:User","attributes":[
		   {"name":"id","required":true,"mutability":"readOnly"},
		   {"name":"userName","required":true},
		   {"name":"title","required":true,"type":"string"},
		   {"name":"emails","required":true,"multiValued":true,"type":"complex"},
		   {"name":"phoneNumbers","required":true,"multiValued":true,"type":"complex"}]},
		 {"id":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User","attributes":[{"name":"costCenter","required":true}]},
		 {"id":"urn:acme:scim:schemas:extension:cantara:2.0:User","attributes":[{"name":"badgeId","required":true}]},
		 {"id":"urn:ietf:params:scim:schemas:core:2.0:Group","attributes":[{"name":"displayName","required":true}]}]}`))
	}))
	defer srv.Close()
	c := simulator.NewClient(simulator.ClientConfig{BaseURL: srv.URL + "/scim/v2/t1", Token: "t"})
	reqs, note := SchemaRequirements(context.Background(), c, contractReqs(t))
	assert.Equal(t, "the target's /Schemas requires 3 more user attribute(s)", note)
	byPath := map[string]Requirement{}
	for _, q := range reqs {
		byPath[q.SCIM] = q
	}
	assert.Equal(t, fromSchemas, byPath["title"].From)
	assert.True(t, byPath["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter"].Required)
	assert.Contains(t, byPath["userName"].From, "and "+fromSchemas)
	assert.True(t, byPath[`phoneNumbers[type eq "work"].value`].Required, "a required multi-valued attribute makes the profile's row required")
	assert.Len(t, reqs, 12)

	var got []string
	for _, f := range Analyse(load(t, "entra-cantara-default.json"), reqs) {
		got = append(got, f.Code+":"+f.Target)
	}
	assert.Equal(t, []string{
		CodeMayBeEmpty + `:phoneNumbers[type eq "work"].value`, CodeMayBeEmpty + ":title",
		CodeRequiredNotMapped + ":urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter",
		CodeRequiredNotMapped + ":urn:acme:scim:schemas:extension:cantara:2.0:User:badgeId",
	}, got, "the default maps title and the phone from attributes Entra often leaves empty, and no costCenter or badgeId")

	// A target without /Schemas: the contract's list, and a note saying so.
	c = simulator.NewClient(simulator.ClientConfig{BaseURL: srv.URL + "/nothing", Token: "t", Retries: -1})
	_, note = SchemaRequirements(context.Background(), c, contractReqs(t))
	assert.Contains(t, note, "only the contract profile's requirements apply")
}
