package reports

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func renderHTML(t *testing.T, r Run) string {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, WriteHTML(&buf, r))
	return buf.String()
}

func TestHTMLReportOfAFailingRun(t *testing.T) {
	page := renderHTML(t, erasedRun())

	assert.Contains(t, page, `<div class="banner v-failure" role="status" id="verdict" data-verdict="failure">Failure: 3 of 7 scenarios failed</div>`)
	assert.Contains(t, page, "scimharness run --seed 8909890372982326")
	assert.Contains(t, page, "ServiceProviderConfig: changePassword.supported is false")

	// one cause heading for the defect, with its count, under the contract promise
	causes := page[strings.Index(page, `id="causes"`):strings.Index(page, `id="errors"`)]
	assert.Equal(t, 1, strings.Count(causes, `class="cause group"`))
	assert.Contains(t, page, `<span class="cause-h">Cantara erased the account of &#34;‹userName›&#34;: no account has that userName any more (accounts now: ‹n›, before: ‹id›)</span> <span class="count">— 3 scenarios</span>`)
	assert.Contains(t, page, `<h3>@contract-removal — A user removed in the IdP is deactivated in Cantara, not erased <span class="count">(3)</span></h3>`)

	// every scenario exactly once, failed ones under the cause
	for _, s := range erasedRun().Scenarios {
		assert.Equal(t, 1, strings.Count(page, `id="`+scenarioAnchor(s)+`"`), s.Name)
	}
	assert.NotContains(t, causes, "A removed user is gone from the SCIM endpoint", "a passed scenario is not under a cause")

	// the requirement, expected vs actual, and the DELETE under the step that sent it
	assert.Contains(t, page, `<blockquote class="requirement">a user deactivated or removed in the IdP is deactivated (not erased) in Cantara</blockquote>`)
	assert.Contains(t, page, `<strong>Expected vs actual:</strong> Cantara erased the account of &#34;shawna.wheeler.trzbay1@example.com&#34;`)
	removeStep := regexp.MustCompile(`<b>When </b>the IdP removes &#34;alice&#34;<details class="exchange"><summary><code class="rl"><b>DELETE</b> /Users/[^<]+</code> → <b>204 No Content</b>`)
	assert.Len(t, removeStep.FindAllString(page, -1), 4, "each removal scenario shows its DELETE under the step that sent it")
	assert.NotContains(t, page, "&gt; GET http://127.0.0.1:40797/admin", "the step's own message keeps no copy of the transcript the exchanges show")

	// copyable curl commands name the token variable, never a token
	assert.Contains(t, page, `-H "Authorization: Bearer $SCIM_TOKEN"`)
	assert.Contains(t, page, `-H "Authorization: Bearer $CANTARA_ADMIN_TOKEN"`)

	// errored apart, skipped and not-applicable with their reasons, the dialect matrix
	assert.Contains(t, page, `<h2 id="errors-h">Not judged: a transport error or a harness bug stopped these</h2>`)
	assert.Contains(t, page, "needs the sandbox clock: GET /admin/v1/clock answered 404")
	assert.Contains(t, page, "the target declares patch supported; this check is for targets that do not")
	assert.Contains(t, page, `<th scope="col">entra</th><th scope="col">okta</th>`)
	assert.Contains(t, page, `<tr><th scope="row">a removed user&#39;s Cantara account stays, deactivated</th><td class="st-failed"><a href="#s-idp_users.feature_a-removed-users-cantara-account-stays-deactivated_entra">failed</a></td>`)

	// the filters offer what the run has
	for _, opt := range []string{`value="passed" checked> passed (1)`, `value="failed" checked> failed (3)`, `value="errored" checked> errored (1)`, `<option>@idp-okta</option>`, `<option>okta</option>`, `<option value="contract/token_expiry.feature">Provisioning tokens expire</option>`} {
		assert.Contains(t, page, opt)
	}
}

func TestHTMLReportNeedsNoNetwork(t *testing.T) {
	page := renderHTML(t, erasedRun())
	assert.Contains(t, page, `content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"`)
	for _, re := range []string{`<script[^>]+src=`, `<link[^>]+href=`, `<img[^>]+src="http`, `@import`, `url\(`, `<iframe`} {
		assert.NotRegexp(t, re, page)
	}
}

func TestHTMLEscapesWhatTheTargetSent(t *testing.T) {
	run := erasedRun()
	run.Scenarios[0].Exchanges[0].ResponseBody = `{"detail":"<script>alert(1)</script>"}`
	page := renderHTML(t, run)
	assert.NotContains(t, page, "<script>alert(1)</script>")
	assert.Contains(t, page, "&lt;script&gt;alert(1)&lt;/script&gt;")
}

func TestHTMLSuccessAndPartialBanners(t *testing.T) {
	pass := Run{Scenarios: []Scenario{{Name: "a", Status: Passed}}}
	assert.Contains(t, renderHTML(t, pass), `data-verdict="success">Success: all 1 scenarios that apply to this target passed</div>`)
	partial := Run{Scenarios: []Scenario{{Name: "a", Status: Passed}, {Name: "b", Status: Skipped, SkipReason: "no clock"}}}
	page := renderHTML(t, partial)
	assert.Contains(t, page, `data-verdict="partial">Partial: nothing failed unexpectedly, but 1 of 2 scenarios could not run against this target</div>`)
	assert.Contains(t, page, "No scenario failed.")
	assert.NotContains(t, page, `id="matrix"`, "no idp/ scenario, no matrix")
}

func TestHTMLErrorBanner(t *testing.T) {
	run := Run{Scenarios: []Scenario{{Name: "a", Status: Passed}, {Name: "b", Status: Errored, Failure: "dial tcp: connection refused"}}}
	assert.Contains(t, renderHTML(t, run), `data-verdict="error">Error: 1 of 2 scenarios could not be judged`)
}

func TestHTMLWithoutExchangesKeepsTheFailureTranscript(t *testing.T) {
	page := renderHTML(t, sampleRun())
	assert.Contains(t, page, `<pre class="detail">POST /admin/v1/tenants/t-1/provisioning-tokens`)
}

// A run whose transcripts would make a report of tens of megabytes is
// shortened: passed scenarios' bodies first, failed ones keep theirs.
func TestHTMLStaysUnderBudget(t *testing.T) {
	body := strings.Repeat(`{"userName":"someone@example.com","note":"padding"},`, 200) // ~10 KB
	ex := Exchange{Method: "GET", URL: "http://127.0.0.1:1/scim/v2/t/Users", Status: 200, ResponseBody: body,
		RequestHeaders: []Header{{Name: "Authorization", Value: "Bearer [masked]"}}}
	var run Run
	for i := range 200 {
		s := Scenario{ID: fmt.Sprintf("f/s-%d", i), URI: "f.feature", Line: i, Name: fmt.Sprintf("scenario %d", i), Status: Passed,
			Steps: []Step{{Keyword: "Given ", Text: "x", Status: Passed}}}
		for range 10 {
			s.Exchanges = append(s.Exchanges, ex)
		}
		run.Scenarios = append(run.Scenarios, s)
	}
	failed := run.Scenarios[0]
	failed.ID, failed.Status, failed.Failure = "f/failed", Failed, "expected x, got y"
	failed.Exchanges = []Exchange{ex}
	run.Scenarios = append(run.Scenarios, failed)

	page := renderHTML(t, run)
	assert.Less(t, len(page), HTMLBudget)
	assert.True(t, strings.Contains(page, "bodies of scenarios that did not fail are shortened"))
	assert.True(t, strings.Contains(page, "more bytes left out here; exchanges.har holds the whole body"))
	assert.True(t, strings.Contains(page, body), "the failed scenario keeps its whole body")

	small := renderHTML(t, erasedRun())
	assert.NotContains(t, small, "To stay under 3 MB", "nothing was shortened, nothing to say")
}

func TestShorten(t *testing.T) {
	got, cut := shorten("héllo", 2)
	assert.True(t, cut)
	assert.Equal(t, "h\n… 5 more bytes left out here; exchanges.har holds the whole body", got, "never cuts a rune in half")
	got, cut = shorten("short", 10)
	assert.False(t, cut)
	assert.Equal(t, "short", got)
}

func TestHTMLKnownDeviationsApart(t *testing.T) {
	run := erasedRun()
	run.Scenarios[1].Expected = &Expected{Reason: "Entra removal lands in sprint 12", Ticket: "CAN-42", Entry: "@idp-entra"}
	page := renderHTML(t, run)
	causes := page[strings.Index(page, `id="causes"`):strings.Index(page, `id="deviations"`)]
	deviations := page[strings.Index(page, `id="deviations"`):strings.Index(page, `id="errors"`)]
	assert.Contains(t, causes, "— 2 scenarios", "the known deviation leaves the cause")
	assert.Contains(t, deviations, "— 1 scenario<")
	assert.Contains(t, deviations, "<strong>Known deviation:</strong> Entra removal lands in sprint 12 (CAN-42) — expectations entry <code>@idp-entra</code>")
	assert.Contains(t, page, "Failure: 2 of 7 scenarios failed; 1 known deviations the expectations file names")
}

func TestShortURL(t *testing.T) {
	tests := map[string]string{
		"http://127.0.0.1:40797/scim/v2/3de9a05b/Users/u-1":                         "/Users/u-1",
		"https://cantara.example/scim/v2/acme/Users?filter=userName%20eq%20%22a%22": `/Users?filter=userName%20eq%20%22a%22`,
		"http://127.0.0.1:1/admin/v1/tenants/t-1/accounts?userName=a%40b":           "admin /accounts?userName=a%40b",
		"http://127.0.0.1:1/admin/v1/clock":                                         "/admin/v1/clock",
		"not a url":                                                                 "not a url",
	}
	for in, want := range tests {
		assert.Equal(t, want, shortURL(in), in)
	}
}
