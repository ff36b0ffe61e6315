package steps_test

import (
	"context"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cucumber/godog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"

	"github.com/scimharness/scimharness/admin"
	"github.com/scimharness/scimharness/features"
	"github.com/scimharness/scimharness/harness"
	"github.com/scimharness/scimharness/reports"
	"github.com/scimharness/scimharness/sandbox"
	"github.com/scimharness/scimharness/simulator"
	"github.com/scimharness/scimharness/steps"
)

// TestContractFeatures runs features/contract against a fault-free embedded
// sandbox with every capability (admin API, clock, an expired and a deleted
// token): every scenario must run and pass, none may be skipped.
func TestContractFeatures(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the contract features against the sandbox")
	}
	env := sandboxEnv(t, nil)
	suite := contractSuite(t, env, &godog.Options{Format: "progress", Output: testWriter{t}, TestingT: t})
	assert.Equal(t, 0, suite.Run(), "the contract features pass against a fault-free sandbox")

	results := env.Results.Scenarios()
	require.NotEmpty(t, results)
	for _, r := range results {
		switch r.Status {
		case reports.Passed:
		default:
			t.Errorf("%s: %s: %s", r.Feature, r.Name, r.Failure)
		}
		assert.Empty(t, r.CleanupErrors, r.Name)
		assert.NotContains(t, r.Failure, env.Target.Token)
	}
	c := env.Results.Counts()
	t.Logf("contract scenarios: %d passed, %d failed, %d skipped", c.Passed, c.Failed, c.Skipped)
	assertNothingLeft(t, env)
}

// assertNothingLeft checks that the scenarios removed every SCIM user and
// group they created, whatever their outcome.
func assertNothingLeft(t *testing.T, env *steps.Env) {
	t.Helper()
	c := simulator.NewClient(simulator.ClientConfig{BaseURL: env.Target.BaseURL, Token: env.Target.Token, Masker: env.Masker})
	for _, kind := range []string{"/Users", "/Groups"} {
		ex, err := c.Do(context.Background(), simulator.Request{Path: kind})
		require.NoError(t, err)
		require.Equal(t, 200, ex.Status, kind)
		assert.Zero(t, gjson.GetBytes(ex.ResponseBody, "totalResults").Int(), "%s left behind: ids %s", kind, gjson.GetBytes(ex.ResponseBody, "Resources.#.id"))
	}
}

// TestContractFeaturesEveryDialect runs the contract as each IdP: the
// promises hold whatever the IdP's request shapes, so every scenario passes,
// or is skipped with the reason when the IdP cannot perform it (Okta never
// deletes a user).
func TestContractFeaturesEveryDialect(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the contract features against the sandbox once per dialect")
	}
	for _, name := range simulator.DialectNames() {
		t.Run(name, func(t *testing.T) {
			env := sandboxEnv(t, nil)
			env.Dialect = name
			suite := contractSuite(t, env, &godog.Options{Format: "progress", Output: io.Discard})
			assert.Equal(t, 0, suite.Run())
			for _, r := range env.Results.Scenarios() {
				switch r.Status {
				case reports.Passed:
				case reports.Skipped:
					assert.Contains(t, r.SkipReason, "never deletes users", r.Name)
				default:
					t.Errorf("%s: %s", r.Name, r.Failure)
				}
			}
			assertNothingLeft(t, env)
		})
	}
}

// TestContractFeaturesWithoutAdminAPI points the features at the sandbox's
// SCIM endpoint alone, as a user without CANTARA_ADMIN_URL would: every
// scenario that needs the admin API (or the clock behind it) or a supplied
// token is skipped with its reason, and all the others still pass.
func TestContractFeaturesWithoutAdminAPI(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the contract features against the sandbox")
	}
	full := sandboxEnv(t, nil)
	target := steps.Target{BaseURL: full.Target.BaseURL, Token: full.Target.Token}
	caps, err := steps.Discover(context.Background(), target, full.Masker)
	require.NoError(t, err)
	require.False(t, caps.Admin)
	env := &steps.Env{
		Target: target, Caps: caps, Seed: 7, Masker: full.Masker, Profile: full.Profile,
		Results: steps.NewResults(), Log: testWriter{t},
	}
	suite := contractSuite(t, env, &godog.Options{Format: "progress", Output: io.Discard})
	assert.Equal(t, 0, suite.Run())

	ran := 0
	for _, r := range env.Results.Scenarios() {
		gated := slices.Contains(r.Tags, "@needs-admin") || slices.Contains(r.Tags, "@needs-expired-token") || slices.Contains(r.Tags, "@needs-revoked-token")
		if gated {
			assert.Equal(t, reports.Skipped, r.Status, r.Name)
			assert.Regexp(t, `^needs (the admin API: no admin API given|an expired token: none given|a deleted token: none given)`, r.SkipReason, r.Name)
			continue
		}
		ran++
		assert.Equal(t, reports.Passed, r.Status, "%s: %s", r.Name, r.Failure)
	}
	assert.GreaterOrEqual(t, ran, 15, "the SCIM-only scenarios still run")
}

// TestContractFeaturesCatchFaults switches on, one at a time, every fault of
// the catalogue whose promise tags a contract scenario, and requires a
// scenario of that promise to fail with an assertion ("expected ...").
// Scenarios of other promises may fail too (the contract checks the 401
// body wherever a token is refused; a fault in token expiry also shortens
// the run's own token): those knock-on failures are logged, not required.
// No scenario may error: a fault is the target's failure, never a harness
// problem.
func TestContractFeaturesCatchFaults(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the contract features against the sandbox once per fault")
	}
	if raceDetector {
		t.Skip("a fault sweep: make test runs it in its pass without -race (make faults)")
	}
	for _, tc := range contractFaults(t) {
		t.Run(string(tc.fault), func(t *testing.T) {
			env := sandboxEnv(t, []sandbox.Fault{tc.fault})
			suite := contractSuite(t, env, &godog.Options{Format: "progress", Output: io.Discard})
			assert.Equal(t, 1, suite.Run(), "the suite fails")
			caught, knockOn := 0, 0
			for _, r := range env.Results.Scenarios() {
				assert.NotEqual(t, reports.Errored, r.Status, "%q errored: %s", r.Name, firstLine(r.Failure))
				assert.NotContains(t, r.Failure, env.Target.Token)
				if r.Status != reports.Failed {
					continue
				}
				assert.Contains(t, strings.ToLower(firstLine(r.Failure)), "expected", r.Name)
				if slices.Contains(r.Tags, tc.tag) {
					caught++
					t.Logf("caught by %q: %s", r.Name, firstLine(r.Failure))
				} else {
					knockOn++
				}
			}
			t.Logf("%d knock-on failures outside %s", knockOn, tc.tag)
			assert.Positive(t, caught, "a %s scenario fails", tc.tag)
			if !tokenStillWorks(t, env) {
				// The fault shortened the run's own token (its chosen expiry
				// ignored or refused) and a clock advance outlived it: the
				// cleanups were refused with the rest.
				t.Logf("the run's token expired under %s; leftovers not checked", tc.fault)
				return
			}
			assertNothingLeft(t, env)
		})
	}
}

func tokenStillWorks(t *testing.T, env *steps.Env) bool {
	t.Helper()
	c := simulator.NewClient(simulator.ClientConfig{BaseURL: env.Target.BaseURL, Token: env.Target.Token, Masker: env.Masker})
	ex, err := c.Do(context.Background(), simulator.Request{Path: "/Users"})
	require.NoError(t, err)
	return ex.Status != 401
}

// contractFaults lists, from the fault catalogue, every fault whose promise
// tags a scenario of features/contract: each must be caught there.
func contractFaults(t *testing.T) []struct {
	fault sandbox.Fault
	tag   string
} {
	t.Helper()
	scenarios, err := harness.List(harness.ListOptions{Paths: []string{"contract"}})
	require.NoError(t, err)
	tagged := map[string]bool{}
	for _, s := range scenarios {
		for _, tag := range s.Tags {
			tagged[tag] = true
		}
	}
	var out []struct {
		fault sandbox.Fault
		tag   string
	}
	for _, fi := range sandbox.FaultCatalogue() {
		if tagged[fi.Promise] {
			out = append(out, struct {
				fault sandbox.Fault
				tag   string
			}{fi.Fault, fi.Promise})
		}
	}
	require.NotEmpty(t, out)
	return out
}

// sandboxEnv starts a sandbox with faults, a tenant and a token, and builds
// the Env the harness would build for it.
func sandboxEnv(t *testing.T, faults []sandbox.Fault) *steps.Env {
	t.Helper()
	srv, err := sandbox.Start(sandbox.Options{Faults: faults}, "")
	require.NoError(t, err)
	t.Cleanup(func() { _ = srv.Close() })
	sb := srv.Sandbox()
	tenant, err := sb.CreateTenant("steps features test", "")
	require.NoError(t, err)
	// The clock scenario moves the sandbox clock by 30 days and it never
	// goes back: the run's token must outlive that.
	token, _, err := sb.IssueToken(tenant.ID, sb.Clock().Now().Add(sandbox.MaxTokenTTL))
	if err != nil {
		// A fault refusing long expiries: the default token, as the
		// harness falls back to SCIM_TOKEN when it cannot mint its own.
		token, _, err = sb.IssueToken(tenant.ID, time.Time{})
	}
	require.NoError(t, err)

	// The tokens a user would supply by hand: one left to expire, one deleted.
	expired, _, err := sb.IssueToken(tenant.ID, sb.Clock().Now().Add(time.Minute))
	require.NoError(t, err)
	sb.Clock().Advance(2 * time.Minute)
	revoked, revokedInfo, err := sb.IssueToken(tenant.ID, time.Time{})
	require.NoError(t, err)

	target := steps.Target{
		BaseURL: srv.TenantURL(tenant.ID), Token: token, TenantID: tenant.ID,
		AdminURL: srv.AdminURL(), AdminToken: sb.AdminToken(),
		ExpiredToken: expired, RevokedToken: revoked,
	}
	masker := simulator.NewMasker(target.Secrets()...)
	require.NoError(t, admin.New(target.AdminURL, target.AdminToken, nil, masker).DeleteToken(context.Background(), tenant.ID, revokedInfo.ID))
	caps, err := steps.Discover(context.Background(), target, masker)
	require.NoError(t, err)
	require.True(t, caps.Admin, caps.Reasons["admin"])
	require.True(t, caps.Clock, caps.Reasons["clock"])
	caps.Sandbox = true

	profile, err := simulator.DefaultProfile()
	require.NoError(t, err)
	return &steps.Env{
		Target: target, Caps: caps, Seed: 20261127, Masker: masker, Profile: profile,
		Results: steps.NewResults(), Log: testWriter{t},
	}
}

// contractSuite runs features/contract in file order with strict steps.
func contractSuite(t *testing.T, env *steps.Env, opts *godog.Options) godog.TestSuite {
	opts.Strict, opts.NoColors = true, true
	opts.FS, opts.Paths = features.FS, []string{"contract"}
	suite := godog.TestSuite{ScenarioInitializer: steps.InitializeScenario(env), Options: opts}
	t.Cleanup(env.Results.Attach(&suite))
	return suite
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// testWriter sends godog's progress output to the test log.
type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Helper()
	w.t.Log(string(p))
	return len(p), nil
}
