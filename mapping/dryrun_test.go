package mapping

import (
	"context"
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scimharness/scimharness/harness"
	"github.com/scimharness/scimharness/sandbox"
	"github.com/scimharness/scimharness/simulator"
)

// sandboxTarget starts an embedded sandbox (with faults) exactly as the
// command does and returns it as the check's target.
func sandboxTarget(t *testing.T, faults ...sandbox.Fault) Target {
	t.Helper()
	m := simulator.NewMasker()
	ep, err := harness.OpenEndpoint(context.Background(), harness.Target{}, harness.Transport{}, m, faults...)
	require.NoError(t, err)
	t.Cleanup(func() { ep.Close(context.Background()) })
	return Target{BaseURL: ep.BaseURL, Token: ep.Token, AdminURL: ep.AdminURL, AdminToken: ep.AdminToken, TenantID: ep.TenantID,
		HTTPClient: ep.Client, Masker: m, Describe: ep.Describe, Embedded: true}
}

func check(t *testing.T, target Target, file, users string) *Result {
	t.Helper()
	o := Options{MappingFile: filepath.Join("testdata", file), Users: 12, Seed: 7, Target: target}
	if users != "" {
		o.UsersFile = filepath.Join("testdata", users)
	}
	r, err := Check(context.Background(), o)
	require.NoError(t, err)
	return r
}

func codes(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Code+":"+f.Target)
	}
	return out
}

// remaining counts the SCIM users left on the target: the check removes
// every user it created.
func remaining(t *testing.T, target Target) int {
	c := simulator.NewClient(simulator.ClientConfig{BaseURL: target.BaseURL, Token: target.Token, HTTPClient: target.HTTPClient})
	ex, err := c.Do(context.Background(), simulator.Request{Method: http.MethodGet, Path: "/Users"})
	require.NoError(t, err)
	var list struct{ TotalResults int }
	require.NoError(t, json.Unmarshal(ex.ResponseBody, &list))
	return list.TotalResults
}

func TestCorrectMappingsAreReadyEndToEnd(t *testing.T) {
	target := sandboxTarget(t)
	for _, f := range []string{"entra-cantara-default.json", "okta-cantara.json", "table-onelogin.csv", "table-jumpcloud.yaml", "profile-with-source.json"} {
		t.Run(f, func(t *testing.T) {
			r := check(t, target, f, "")
			assert.Empty(t, r.Findings)
			assert.Equal(t, Ready, r.Verdict, r.Summary)
			assert.Equal(t, 0, r.ExitCode)
			require.NotNil(t, r.DryRun)
			assert.True(t, r.DryRun.AdminChecked)
			for _, c := range r.DryRun.Cells {
				assert.Equal(t, VerdictOK, c.Verdict, "%+v", c)
			}
			assert.Equal(t, 0, remaining(t, target), "the check leaves no user behind")
		})
	}
}

// A correct mapping against a Cantara that drops locale fails, and the
// report blames Cantara, not the mapping.
func TestCantaraDroppingLocaleIsCantarasFault(t *testing.T) {
	r := check(t, sandboxTarget(t, sandbox.FaultDropLocale), "entra-cantara-default.json", "")
	assert.Equal(t, []string{CodeCantaraLost + ":locale"}, codes(r.Findings))
	assert.Equal(t, BlameCantara, r.Findings[0].Blame)
	assert.Contains(t, r.Findings[0].Why, "Cantara's fault, not your mapping's")
	assert.Equal(t, CantaraFault, r.Verdict)
	assert.Equal(t, 1, r.ExitCode)
	var text strings.Builder
	require.NoError(t, WriteText(&text, r))
	assert.Contains(t, text.String(), "CANTARA'S FAULT")
	assert.Contains(t, text.String(), "Cantara's fault")
}

// The may-be-empty warning is proven by the dry run: generated users leave
// preferredLanguage empty on purpose, and the customer's own export shows
// who lacks it.
func TestSourceEmptyForSomeUsers(t *testing.T) {
	target := sandboxTarget(t)
	r := check(t, target, "entra-locale-no-default.json", "")
	assert.Equal(t, []string{CodeArrivesWithout + ":locale"}, codes(r.Findings))
	assert.Equal(t, NotReady, r.Verdict)

	r = check(t, target, "entra-locale-no-default.json", "entra-users-export.csv")
	require.Equal(t, []string{CodeArrivesWithout + ":locale"}, codes(r.Findings))
	f := r.Findings[0]
	assert.Equal(t, "3 of your 6 sample users would arrive without `locale` (their `preferredLanguage` is empty), e.g. grace.hopper@contoso.example, katherine.johnson@contoso.example, linus.torvalds@contoso.example", f.Message)
	assert.Equal(t, `Add a defaultValue to the row ("Default value if null") or map `+"`usageLocation`"+` instead.`, f.Fix)
	assert.Equal(t, BlameMapping, f.Blame)
	assert.Contains(t, r.Sentences, "3 of your 6 sample users would arrive without `locale` (their `preferredLanguage` is empty): add a defaultValue to the row (\"Default value if null\") or map `usageLocation` instead.")

	// The same export against the mapping with a default: ready.
	r = check(t, target, "entra-cantara-default.json", "entra-users-export.csv")
	assert.Empty(t, r.Findings)
	assert.Equal(t, Ready, r.Verdict)
}

func TestStaticOnlyRowIsUnprovenEndToEnd(t *testing.T) {
	file := writeTemp(t, "m.csv", "source,target\nuserPrincipalName,userName\nobjectId,externalId\nenabled,active\ndisplayName,displayName\ngivenName,name.givenName\nsurname,name.familyName\nmail,\"emails[type eq \"\"work\"\"].value\"\n\"Replace([preferredLanguage], \"\"_\"\", \"\"-\"\")\",locale\n")
	r, err := Check(context.Background(), Options{MappingFile: file, Users: 4, Seed: 1, Target: sandboxTarget(t)})
	require.NoError(t, err)
	assert.Equal(t, Unproven, r.Verdict, r.Summary)
	assert.Equal(t, 1, r.ExitCode)
	for _, c := range r.DryRun.Cells {
		if c.Attribute == "locale" {
			assert.Equal(t, VerdictStaticOnly, c.Verdict)
		} else {
			assert.Equal(t, VerdictOK, c.Verdict, "%+v", c)
		}
	}
}

// An external target without the admin API: the account is not read, and
// the report says so instead of claiming the account shows the values.
func TestWithoutAdminAPITheAccountIsNotClaimed(t *testing.T) {
	target := sandboxTarget(t)
	target.AdminURL, target.AdminToken = "", ""
	r := check(t, target, "entra-cantara-default.json", "")
	assert.Equal(t, Ready, r.Verdict)
	assert.False(t, r.DryRun.AdminChecked)
	for _, c := range r.DryRun.Cells {
		assert.Nil(t, c.Shown)
	}
	var text strings.Builder
	require.NoError(t, WriteText(&text, r))
	assert.Contains(t, text.String(), "SCIM only (no admin API")
}

// cancelAfter cancels the run's context after n user creates, as an
// interrupt (Ctrl-C) would mid dry run.
type cancelAfter struct {
	next   http.RoundTripper
	n      int
	cancel context.CancelFunc
}

func (c *cancelAfter) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := c.next.RoundTrip(r)
	if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/Users") {
		if c.n--; c.n == 0 {
			c.cancel()
		}
	}
	return resp, err
}

// An interrupted dry run still removes every user it created.
func TestInterruptedDryRunCleansUp(t *testing.T) {
	target := sandboxTarget(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	hc := *target.HTTPClient
	next := hc.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	hc.Transport = &cancelAfter{next: next, n: 2, cancel: cancel}
	interrupted := target
	interrupted.HTTPClient = &hc
	r, err := Check(ctx, Options{MappingFile: filepath.Join("testdata", "entra-cantara-default.json"), Users: 8, Seed: 3, Target: interrupted})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "dry run interrupted after 2 of 8 users")
	require.NotNil(t, r)
	assert.Equal(t, 2, r.DryRun.Removed)
	assert.Empty(t, r.DryRun.Cleanup)
	assert.Equal(t, 0, remaining(t, target))
	assert.NotEqual(t, Ready, r.Verdict, "an interrupted check is never ready")
	assert.Equal(t, 1, r.ExitCode)
}
