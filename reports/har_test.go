package reports

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHARHasEveryExchangeInHAR12Shape(t *testing.T) {
	run := erasedRun()
	var buf bytes.Buffer
	require.NoError(t, WriteHAR(&buf, run))
	require.NoError(t, CheckHAR(buf.Bytes()))

	var doc struct {
		Log struct {
			Version string
			Entries []struct {
				Comment string
				Request struct {
					Method      string
					URL         string
					QueryString []struct{ Name, Value string }
					PostData    *struct{ MimeType, Text string }
				}
				Response struct {
					Status  int
					Content struct{ Text string }
				}
				Error string `json:"_error"`
			}
		}
	}
	require.NoError(t, json.Unmarshal(buf.Bytes(), &doc))
	want := 0
	for _, s := range run.Scenarios {
		want += len(s.Exchanges)
	}
	require.Len(t, doc.Log.Entries, want)

	first := doc.Log.Entries[0]
	assert.True(t, strings.HasPrefix(first.Comment, "scenario contract/removal.feature/cantara-keeps-the-removed-users-account-deactivated — "), first.Comment)
	assert.Contains(t, first.Comment, `step Given the IdP has provisioned a user "alice"`)
	assert.Equal(t, "application/scim+json", first.Request.PostData.MimeType)
	assert.Contains(t, first.Request.PostData.Text, "shawna.wheeler")
	assert.Equal(t, 201, first.Response.Status)

	lookup := doc.Log.Entries[1]
	assert.Equal(t, []struct{ Name, Value string }{{"userName", "shawna.wheeler.trzbay1@example.com"}}, lookup.Request.QueryString)
	assert.Nil(t, lookup.Request.PostData, "a GET has no postData")

	last := doc.Log.Entries[len(doc.Log.Entries)-1]
	assert.Equal(t, 0, last.Response.Status, "a transport failure has no status")
	assert.Equal(t, "connection refused", last.Error)
	assert.Contains(t, last.Comment, "hook (set-up or cleanup)")
}

func TestHAREmptyRunIsValid(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, WriteHAR(&buf, Run{}))
	require.NoError(t, CheckHAR(buf.Bytes()))
	assert.Contains(t, buf.String(), `"entries": []`)
}

func TestCheckHARCatchesBrokenShapes(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, WriteHAR(&buf, erasedRun()))
	good := buf.String()
	tests := []struct{ name, from, to, want string }{
		{"wrong version", `"version": "1.2"`, `"version": "1.1"`, `log.version: expected "1.2"`},
		{"missing headers", `"headers": [`, `"_headers": [`, `.headers: expected an array`},
		{"unknown field", `"cache": {}`, `"cache": {}, "extra": 1`, `unexpected field "extra"`},
		{"bad date", `"startedDateTime": "2026-12-03T13:00:00Z"`, `"startedDateTime": "yesterday"`, `expected an ISO 8601 date`},
		{"status as text", `"status": 201`, `"status": "201"`, `.status: expected a number`},
		{"time not the sum", `"time": 3,`, `"time": 4,`, `expected the sum of its timings`},
		{"relative url", `"url": "http://127.0.0.1:40797/scim`, `"url": "/scim`, `expected an absolute URL`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Contains(t, good, tt.from)
			err := CheckHAR([]byte(strings.Replace(good, tt.from, tt.to, 1)))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
	assert.ErrorContains(t, CheckHAR([]byte("[]")), "expected a JSON document")
}

func TestCurl(t *testing.T) {
	ex := Exchange{
		Method: "PATCH", URL: "https://cantara.example/scim/v2/t-1/Users/u-1",
		RequestHeaders: []Header{
			{Name: "Authorization", Value: "Bearer [masked]"}, {Name: "Content-Type", Value: "application/scim+json"},
			{Name: "Content-Length", Value: "42"}, {Name: "User-Agent", Value: "it's me"},
		},
		RequestBody: `{"Operations":[{"op":"Replace","path":"active","value":"False"}]}`,
	}
	assert.Equal(t, `curl -sS -i -X 'PATCH' 'https://cantara.example/scim/v2/t-1/Users/u-1' \
  -H "Authorization: Bearer $SCIM_TOKEN" \
  -H 'Content-Type: application/scim+json' \
  -H 'User-Agent: it'\''s me' \
  --data-binary '{"Operations":[{"op":"Replace","path":"active","value":"False"}]}'`, Curl(ex, false))

	admin := Exchange{Method: "GET", URL: "https://cantara.example/admin/v1/tenants/t-1/accounts?userName=a%40b.example",
		RequestHeaders: []Header{{Name: "Authorization", Value: "Bearer [masked]"}}}
	assert.Equal(t, `curl -sS -i 'https://cantara.example/admin/v1/tenants/t-1/accounts?userName=a%40b.example' \
  -H "Authorization: Bearer $CANTARA_ADMIN_TOKEN"`, Curl(admin, false))

	noAuth := Exchange{Method: "GET", URL: "https://cantara.example/scim/v2/t-1/Users"}
	assert.Equal(t, `curl -sS -i 'https://cantara.example/scim/v2/t-1/Users'`, Curl(noAuth, false), "a request sent without a token is repeated without one")

	assert.Contains(t, Curl(ex, true), "--data-binary @request-body.json  # body shortened in this report")
}
