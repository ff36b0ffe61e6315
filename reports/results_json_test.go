package reports

import (
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWriteResultsJSONGolden(t *testing.T) {
	run := erroredRun()
	run.ToolVersion = "v1.2.3"
	run.Started = time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	var buf bytes.Buffer
	require.NoError(t, WriteResultsJSON(&buf, run))
	golden(t, "results_errored.golden.json", buf.Bytes())

	doc, err := ReadResultsJSON(buf.Bytes(), "results.json")
	require.NoError(t, err)
	assert.Equal(t, VerdictError, doc.Run.Verdict)
	assert.Equal(t, Counts{Total: 3, Passed: 1, Errored: 1, NotApplicable: 1}, doc.Run.Counts)
	require.Len(t, doc.Scenarios, 3)
	assert.Equal(t, "e.feature/reads-a-user", doc.Scenarios[1].ID)
	require.NotNil(t, doc.Scenarios[1].Failure)
	assert.Equal(t, "transport error: GET https://cantara.example/scim/v2/acme/Users/1: dial tcp: connection refused", doc.Scenarios[1].Failure.Message)
	assert.Equal(t, "the target declares patch supported; this check is for targets that do not", doc.Scenarios[2].Reason)
}

func TestNormaliseRemovesRunSpecificValues(t *testing.T) {
	tests := []struct{ in, want string }{
		{`GET http://127.0.0.1:39105/scim/v2/fe41de42-0ecb-47f7-a52c-935d7067dbf6/Users → 404`, `GET http://<host>/scim/v2/<uuid>/Users → 404`},
		{`expected meta.lastModified 2026-12-03T13:42:15Z, got 2026-12-03T13:42:16.123+01:00`, `expected meta.lastModified <time>, got <time>`},
		{`token a1b2c3d4e5f60718293a4b5c: expected 401, got 200 (12ms)`, `token <hex>: expected 401, got 200 (<duration>)`},
		{`ETag: expected W/"3", got W/"4"`, `ETag: expected W/"<etag>", got W/"<etag>"`},
		{`dial tcp localhost:8443: connection refused`, `dial tcp <host>: connection refused`},
		{`expected 201, got 409 (uniqueness: userName taken)`, `expected 201, got 409 (uniqueness: userName taken)`},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, Normalise(tt.in), tt.in)
	}
}

func TestReadResultsJSONRejects(t *testing.T) {
	tests := []struct{ name, data, want string }{
		{"not JSON", "{\n  \"schema\": x\n}", "old.json:2:13: expected a results.json document, got invalid JSON"},
		{"another schema", `{"schema":"cucumber","schema_version":1}`, `expected schema "scimharness-results", got "cucumber"`},
		{"a newer version", `{"schema":"scimharness-results","schema_version":99}`, "expected schema_version 1 to 1, got 99"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadResultsJSON([]byte(tt.data), "old.json")
			assert.ErrorContains(t, err, tt.want)
		})
	}
}

// TestResultsSchemaFileNamesEveryField keeps docs/results.schema.json in
// step with the Go types: every field results.json can hold is declared,
// and every field the schema requires is one the Go type always writes.
func TestResultsSchemaFileNamesEveryField(t *testing.T) {
	data, err := os.ReadFile("../docs/results.schema.json")
	require.NoError(t, err)
	var schema map[string]any
	require.NoError(t, json.Unmarshal(data, &schema))
	check := func(v any, path ...string) {
		t.Helper()
		node := schema
		for _, p := range path {
			node = node[p].(map[string]any)
		}
		declared := node["properties"].(map[string]any)
		always := map[string]bool{}
		typ := reflect.TypeOf(v)
		for i := 0; i < typ.NumField(); i++ {
			name, opts, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
			if name != "" && name != "-" {
				assert.Contains(t, declared, name, "%s.%s", typ.Name(), typ.Field(i).Name)
				always[name] = opts != "omitempty"
			}
		}
		required, _ := node["required"].([]any)
		for _, r := range required {
			assert.True(t, always[r.(string)], "the schema requires %s.%s: expected a field written even when empty", typ.Name(), r)
		}
	}
	check(ResultsDoc{})
	check(ResultsRun{}, "properties", "run")
	check(Counts{}, "properties", "run", "properties", "counts")
	check(ResultScenario{}, "properties", "scenarios", "items")
	check(Failure{}, "properties", "scenarios", "items", "properties", "failure")
	check(Expected{}, "properties", "scenarios", "items", "properties", "expected")
	check(ExpectationsRun{}, "properties", "expectations")
	check(ExpectationNote{}, "properties", "expectations", "properties", "notes", "items")
	m := []string{"properties", "mapping"}
	in := func(path ...string) []string { return append(append([]string{}, m...), path...) }
	check(MappingCheck{}, m...)
	check(MappingSeverityCounts{}, in("properties", "findings_by_severity")...)
	check(MappingBlameCounts{}, in("properties", "findings_by_blame")...)
	check(MappingFinding{}, in("properties", "findings", "items")...)
	check(MappingDryRun{}, in("properties", "dry_run")...)
	check(MappingAttribute{}, in("properties", "dry_run", "properties", "attributes", "items")...)
	check(MappingVerdict{}, in("properties", "dry_run", "properties", "attributes", "items", "properties", "verdicts", "items")...)
}
