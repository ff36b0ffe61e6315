package reports

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOneDefectIsOneCause(t *testing.T) {
	secs := erasedRun().FailureCauses()
	require.Len(t, secs, 1, "the contract scenario and the dialect scenarios share one defect")
	sec := secs[0]
	assert.Equal(t, "@contract-removal", sec.Promise, "the contract promise names the section, not a dialect")
	assert.Equal(t, "A user removed in the IdP is deactivated in Cantara, not erased", sec.Title)
	require.Len(t, sec.Causes, 1)
	c := sec.Causes[0]
	assert.Len(t, c.Scenarios, 3)
	assert.Equal(t, `Cantara erased the account of "‹userName›": no account has that userName any more (accounts now: ‹n›, before: ‹id›)`, c.Signature)
	assert.Equal(t, `Cantara's account for "alice" is the same account as before`, c.Step)
	assert.Equal(t, "@contract-removal", c.Promises[0].Tag)
	assert.ElementsMatch(t, []TagCount{{"@contract-removal", 1}, {"@idp-entra", 1}, {"@idp-okta", 1}}, c.Promises)
}

func TestDifferentFailuresAreDifferentCauses(t *testing.T) {
	run := erasedRun()
	other := run.Scenarios[0]
	other.Failure = `Cantara made a new account for "x@example.com" beside the one it had`
	other.Tags = []string{"@contract-reactivation"}
	other.Feature = "Provisioning a removed user again reactivates the same account"
	run.Scenarios = append(run.Scenarios, other)

	secs := run.FailureCauses()
	require.Len(t, secs, 2)
	assert.Equal(t, "@contract-removal", secs[0].Promise, "the bigger section first")
	assert.Equal(t, 3, secs[0].Count())
	assert.Equal(t, "@contract-reactivation", secs[1].Promise)
	assert.Equal(t, 1, secs[1].Count())
}

func TestErroredScenariosAreNotFailureCauses(t *testing.T) {
	run := erasedRun()
	for _, sec := range run.FailureCauses() {
		for _, c := range sec.Causes {
			for _, s := range c.Scenarios {
				assert.NotEqual(t, Errored, s.Status)
			}
		}
	}
	errs := run.ErrorCauses()
	require.Len(t, errs, 1)
	assert.Equal(t, "@rfc7644-3.3", errs[0].Promise)
	assert.Equal(t, "‹host›/scim/v2/t/Users: dial tcp ‹host›: connect: connection refused", errs[0].Causes[0].Signature[len("POST "):])
}

func TestCausesOnlyInDialectScenariosGetTheirOwnSection(t *testing.T) {
	run := erasedRun()
	run.Scenarios = run.Scenarios[1:3] // the entra and okta rows only
	secs := run.FailureCauses()
	require.Len(t, secs, 1)
	assert.Equal(t, idpSection, secs[0].Promise)
	assert.Len(t, secs[0].Causes[0].Scenarios, 2)
}

func TestNormalise(t *testing.T) {
	sent := sentValues([]Exchange{{RequestBody: `{"userName":"ann.lee@example.com","displayName":"Sales EMEA","emails":[{"type":"work","value":"ann@work.example"}],"op":"Replace"}`}})
	tests := []struct{ in, want string }{
		{`expected "ann.lee@example.com" to be active, got "deactivated"`, `expected "‹userName›" to be active, got "deactivated"`},
		{`group "Sales EMEA" has 3 members, expected 2`, `group "‹displayName›" has ‹n› members, expected ‹n›`},
		{`response status: expected 201, got 400`, `response status: expected 201, got 400`},
		{`expected expiry 720h0m0s after creation, got 2160h0m0s`, `expected expiry ‹duration› after creation, got ‹duration›`},
		{`token expired at 2026-12-03T13:29:58.123Z, now 2027-01-02T13:29:58+01:00`, `token expired at ‹time›, now ‹time›`},
		{`GET http://127.0.0.1:40797/scim/v2/3de9a05b-c58b-4ec5-a2bf-1eb4998faf03/Users`, `GET ‹host›/scim/v2/‹id›/Users`},
		{`got 1 account(s) [02468a90-efbf-43ec-9da8-74eebf315cb9]`, `got ‹n› account(s) […]`},
		{`got 0 account(s) []`, `got ‹n› account(s) […]`},
		{`email: expected "someone.else@other.example"`, `email: expected "‹email›"`},
		{`hash deadbeef0123456789 in the listing`, `hash ‹id› in the listing`},
		{`phone: expected "+19115550102", got "+12415550171"`, `phone: expected "+‹n›", got "+‹n›"`},
		{`RFC 7644 §3.5.2 asks for 2 things`, `RFC 7644 §3.5.2 asks for ‹n› things`},
		{`took 1.5s, more than 500ms`, `took ‹duration›, more than ‹duration›`},
		{`  spread   over   spaces  `, `spread over spaces`},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, normalise(tt.in, sent), tt.in)
	}
}

func TestSentValuesSkipVocabulary(t *testing.T) {
	sent := sentValues([]Exchange{{RequestBody: `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"active","value":"False"},{"op":"add","path":"emails[type eq \"work\"].value","value":"new@example.com"}]}`}, {RequestBody: "not json"}})
	var values []string
	for _, v := range sent {
		values = append(values, v.value)
	}
	assert.Equal(t, []string{"new@example.com"}, values, "op names, paths, URNs and booleans are vocabulary, not data")
}

// Two promises with as many scenarios: the one whose scenario fails
// soonest names the section (removal fails at its 4th step, reactivation
// at its 6th, after the erase it shows).
func TestTiedPromisesPreferTheMostDirectScenario(t *testing.T) {
	run := erasedRun()
	removal := run.Scenarios[0]
	reactivation := removal
	reactivation.Tags = []string{"@contract-reactivation"}
	reactivation.Steps = append([]Step{{Status: Passed}, {Status: Passed}}, removal.Steps...)
	for _, order := range [][]Scenario{{reactivation, removal}, {removal, reactivation}} {
		secs := GroupCauses(order)
		require.Len(t, secs, 1)
		assert.Equal(t, "@contract-removal", secs[0].Promise)
	}
}
