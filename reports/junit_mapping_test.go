package reports

import (
	"bytes"
	"encoding/xml"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestWriteJUnitCarriesTheMappingCheck: a CI server reading junit.xml alone
// sees why the run failed when its scenarios passed but the mapping is not
// ready: a suite for the check, the verdict as a failure listing the
// findings, and a case per required attribute typed by whose fault.
func TestWriteJUnitCarriesTheMappingCheck(t *testing.T) {
	plain := erasedRun()
	var base bytes.Buffer
	require.NoError(t, WriteJUnit(&base, plain))
	var before junitSuites
	require.NoError(t, xml.Unmarshal(base.Bytes(), &before))

	var buf bytes.Buffer
	require.NoError(t, WriteJUnit(&buf, withMapping(notReadyMapping())))
	var doc junitSuites
	require.NoError(t, xml.Unmarshal(buf.Bytes(), &doc))

	require.Len(t, doc.Suites, len(before.Suites)+1)
	ms := doc.Suites[len(doc.Suites)-1]
	assert.Equal(t, "IdP mapping check: entra-schema.json", ms.Name)
	assert.Equal(t, "0.000", ms.Time, "a number: JUnit readers parse it")
	assert.Equal(t, 4, ms.Tests, "the verdict and three attributes")
	assert.Equal(t, 3, ms.Failures, "the verdict, name.givenName and locale")
	assert.Equal(t, before.Tests+4, doc.Tests)
	assert.Equal(t, before.Failures+3, doc.Failures)

	require.Len(t, ms.Cases, 4)
	verdict := ms.Cases[0]
	require.NotNil(t, verdict.Failure)
	assert.Equal(t, "not-ready", verdict.Failure.Type)
	assert.Equal(t, "NOT READY: 1 finding(s) in your mapping block go-live; 1 more are Cantara's fault, not your mapping's", verdict.Failure.Message)
	assert.Contains(t, verdict.Failure.Text, "ERROR [arrives-without, your mapping] 3 of your 6 sample users would arrive without `locale`")
	assert.Contains(t, verdict.Failure.Text, "fix: Add a defaultValue to the row.")

	assert.Equal(t, "dry run: userName", ms.Cases[1].Name)
	assert.Nil(t, ms.Cases[1].Failure, "every account shows userName")
	given := ms.Cases[2]
	require.NotNil(t, given.Failure)
	assert.Equal(t, BlameCantara, given.Failure.Type)
	assert.Equal(t, "expected all 6 sample users' accounts to show name.givenName, got 0: 6 not-stored (Cantara's fault)", given.Failure.Message)
	assert.Equal(t, "sent 6/6, stored by SCIM 0/6, shown on the Cantara account 0/6", given.Failure.Text)
	require.NotNil(t, ms.Cases[3].Failure)
	assert.Equal(t, BlameMapping, ms.Cases[3].Failure.Type)

	ready := notReadyMapping()
	ready.Verdict, ready.Findings, ready.DryRun = MappingReady, nil, nil
	buf.Reset()
	require.NoError(t, WriteJUnit(&buf, withMapping(ready)))
	require.NoError(t, xml.Unmarshal(buf.Bytes(), &doc))
	ms = doc.Suites[len(doc.Suites)-1]
	assert.Zero(t, ms.Failures+ms.Errors, "a ready mapping passes")

	notRun := notReadyMapping()
	notRun.Verdict, notRun.NotRun, notRun.DryRun = "errored", "bad input: users.csv line 3", nil
	buf.Reset()
	require.NoError(t, WriteJUnit(&buf, withMapping(notRun)))
	require.NoError(t, xml.Unmarshal(buf.Bytes(), &doc))
	ms = doc.Suites[len(doc.Suites)-1]
	require.NotNil(t, ms.Cases[0].Error, "a check that could not run is no verdict: an error, not a failure")
	assert.Equal(t, 1, ms.Errors)
}
