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
		{Feature: "Dialects", URI: "d.feature", Line: 10, Name: "Deactivate", Status: Passed},
		{Feature: "Dialects", URI: "d.feature", Line: 11, Name: "Deactivate", Status: Passed},
	}}
	var buf bytes.Buffer
	require.NoError(t, WriteJUnit(&buf, run))
	var doc junitSuites
	require.NoError(t, xml.Unmarshal(buf.Bytes(), &doc))
	require.Len(t, doc.Suites, 1)
	require.Len(t, doc.Suites[0].Cases, 2)
	assert.Equal(t, "Deactivate (d.feature:10)", doc.Suites[0].Cases[0].Name)
	assert.Equal(t, "Deactivate (d.feature:11)", doc.Suites[0].Cases[1].Name)
}
