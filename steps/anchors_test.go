package steps

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scimharness/scimharness/simulator"
)

// anchorWorld is a World with just enough to build a mismatch message.
func anchorWorld(status int, body string) (context.Context, *World) {
	ex := &simulator.Exchange{Method: http.MethodGet, URL: "http://target/Users", Status: status, ResponseBody: []byte(body)}
	w := &World{Env: &Env{Masker: simulator.NewMasker()}, Rec: simulator.NewRecorder(8), Last: ex}
	return withWorld(context.Background(), w), w
}

const listURN = `"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"]`

// TestNegativeListStepsNeedAListResponse: each of these passed the old
// "Resources do not include" (a missing Resources read as an empty list);
// now only a ListResponse with its Resources, or with totalResults 0, does.
func TestNegativeListStepsNeedAListResponse(t *testing.T) {
	tests := []struct {
		name, body, wantErr string
		status              int
	}{
		{"list with Resources", `{` + listURN + `,"totalResults":1,"Resources":[{"id":"bob"}]}`, "", 200},
		{"empty list, totalResults 0, no Resources (RFC 7644 §3.4.2 allows it)", `{` + listURN + `,"totalResults":0}`, "", 200},
		{"totalResults 3 and no Resources", `{` + listURN + `,"totalResults":3}`, "expected a ListResponse with Resources", 200},
		{"an error document answered 200", `{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"400"}`, "ListResponse schemas", 200},
		{"a 400 error", `{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"400","scimType":"invalidFilter"}`, "expected 200 with a ListResponse, got 400", 400},
		{"an empty 200", ``, "a ListResponse (a JSON object), got an empty body", 200},
		{"totalResults missing", `{` + listURN + `,"Resources":[]}`, "totalResults: expected a non-negative integer", 200},
		{"Resources not an array", `{` + listURN + `,"totalResults":1,"Resources":{"id":"bob"}}`, "Resources: expected an array", 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, w := anchorWorld(tt.status, tt.body)
			w.Users = map[string]*simulator.User{"alice": {ID: "alice-id"}}
			_, err := rfcResourcesInclude(ctx, "do not include", "alice")
			if tt.wantErr == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.wantErr)
			_, err = rfcNoScenarioUser(ctx)
			require.Error(t, err, "no user of this scenario is in the Resources")
			assert.Contains(t, err.Error(), tt.wantErr)
		})
	}
}

// TestNegativeResourceStepsNeedAResource: "does not exist" and "is
// unassigned" only read absence from a 2xx resource.
func TestNegativeResourceStepsNeedAResource(t *testing.T) {
	tests := []struct {
		name, body, wantErr string
		status              int
	}{
		{"a resource", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"a","userName":"alice"}`, "", 200},
		{"a 404 error", `{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"404"}`, "expected a 2xx answer carrying the resource", 404},
		{"an error answered 200", `{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"404"}`, "expected a SCIM resource, got an error document", 200},
		{"a 204 without a body", ``, "expected a SCIM resource (a JSON object), got an empty body", 204},
		{"a JSON array", `[]`, "expected a SCIM resource (a JSON object)", 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, _ := anchorWorld(tt.status, tt.body)
			for name, step := range map[string]func(context.Context, string) (context.Context, error){
				"does not exist": responseJSONDoesNotExist, "is unassigned": rfcJSONIsUnassigned,
			} {
				_, err := step(ctx, "displayName")
				if tt.wantErr == "" {
					assert.NoError(t, err, name)
					continue
				}
				require.Error(t, err, name)
				assert.Contains(t, err.Error(), tt.wantErr, name)
			}
		})
	}
}
