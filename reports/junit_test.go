package reports

import (
	"bytes"
	"encoding/xml"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWriteJUnitGolden(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, WriteJUnit(&buf, sampleRun()))
	golden(t, "junit_mixed.golden", buf.Bytes())
}

// TestWriteJUnitCarriesReasons checks what CI servers read: counts, the
// failure's promise and first line, the skip reason.
func TestWriteJUnitCarriesReasons(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, WriteJUnit(&buf, sampleRun()))
	var doc junitSuites
	require.NoError(t, xml.Unmarshal(buf.Bytes(), &doc))

	assert.Equal(t, 4, doc.Tests)
	assert.Equal(t, 2, doc.Failures)
	assert.Equal(t, 1, doc.Skipped)
	require.Len(t, doc.Suites, 2)

	tokens := doc.Suites[0]
	require.Len(t, tokens.Cases, 2)
	require.NotNil(t, tokens.Cases[0].Failure)
	assert.Equal(t, "@contract-token-expiry", tokens.Cases[0].Failure.Type)
	assert.Equal(t, "expected expiry 720h0m0s after creation, got 2160h0m0s", tokens.Cases[0].Failure.Message)
	assert.Contains(t, tokens.Cases[0].Failure.Text, "Step: the token expires 30 days after it was created")
	require.NotNil(t, tokens.Cases[1].Skipped)
	assert.Equal(t, "needs the sandbox clock: GET /admin/v1/clock answered 404", tokens.Cases[1].Skipped.Message)
}

func TestWriteJUnitKeepsOutlineRowsApart(t *testing.T) {
	run := Run{Scenarios: []Scenario{
		{ID: "d.feature/deactivate/okta", Feature: "Dialects", URI: "d.feature", Line: 10, Name: "Deactivate", Status: Passed},
		{ID: "d.feature/deactivate/entra", Feature: "Dialects", URI: "d.feature", Line: 11, Name: "Deactivate", Status: Passed},
	}}
	var buf bytes.Buffer
	require.NoError(t, WriteJUnit(&buf, run))
	var doc junitSuites
	require.NoError(t, xml.Unmarshal(buf.Bytes(), &doc))
	require.Len(t, doc.Suites, 1)
	require.Len(t, doc.Suites[0].Cases, 2)
	assert.Equal(t, "Deactivate [d.feature/deactivate/okta]", doc.Suites[0].Cases[0].Name, "the stable id, not a line that moves with edits")
	assert.Equal(t, "Deactivate [d.feature/deactivate/entra]", doc.Suites[0].Cases[1].Name)
}

// TestWriteJUnitErroredIsAnError: a scenario that could not reach the
// target is a JUnit <error>, never a <failure>; a not-applicable one is a
// skip with its reason; cleanup failures reach <system-err>.
func TestWriteJUnitErroredIsAnError(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, WriteJUnit(&buf, erroredRun()))
	golden(t, "junit_errored.golden", buf.Bytes())
	var doc junitSuites
	require.NoError(t, xml.Unmarshal(buf.Bytes(), &doc))
	assert.Equal(t, 0, doc.Failures)
	assert.Equal(t, 1, doc.Errors)
	assert.Equal(t, 1, doc.Skipped)
	cases := doc.Suites[0].Cases
	require.Len(t, cases, 3)
	require.NotNil(t, cases[1].Error)
	assert.Nil(t, cases[1].Failure)
	assert.Contains(t, cases[1].Error.Message, "connection refused")
	require.NotNil(t, cases[2].Skipped)
	assert.Contains(t, cases[2].Skipped.Message, "not applicable: the target declares patch supported")
	assert.Contains(t, cases[0].SystemErr, `cleanup "delete alice"`)
}
