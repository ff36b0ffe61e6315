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
	suite := contractSuite(env, &godog.Options{Format: "progress", Output: testWriter{t}, TestingT: t})
	assert.Equal(t, 0, suite.Run(), "the contract features pass against a fault-free sandbox")

	results := env.Results.All()
	require.NotEmpty(t, results)
	for _, r := range results {
		switch r.Status {
		case steps.StatusPassed:
		default:
			t.Errorf("%s: %s: %s", r.Feature, r.Name, r.Failure)
		}
		assert.Empty(t, r.CleanupErrors, r.Name)
		assert.NotContains(t, r.Failure, env.Target.Token)
	}
	passed, failed, skipped := env.Results.Counts()
	t.Logf("contract scenarios: %d passed, %d failed, %d skipped", passed, failed, skipped)
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
			suite := contractSuite(env, &godog.Options{Format: "progress", Output: io.Discard})
			assert.Equal(t, 0, suite.Run())
			for _, r := range env.Results.All() {
				switch r.Status {
				case steps.StatusPassed:
				case steps.StatusSkipped:
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
		Results: steps.NewResults(), FeatureFS: features.FS, Log: testWriter{t},
	}
	suite := contractSuite(env, &godog.Options{Format: "progress", Output: io.Discard})
	assert.Equal(t, 0, suite.Run())

	ran := 0
	for _, r := range env.Results.All() {
		gated := slices.Contains(r.Tags, "@needs-admin") || slices.Contains(r.Tags, "@needs-expired-token") || slices.Contains(r.Tags, "@needs-revoked-token")
		if gated {
			assert.Equal(t, steps.StatusSkipped, r.Status, r.Name)
			assert.Regexp(t, `^needs (the admin API: no admin API given|an expired token: none given|a deleted token: none given)`, r.SkipReason, r.Name)
			continue
		}
		ran++
		assert.Equal(t, steps.StatusPassed, r.Status, "%s: %s", r.Name, r.Failure)
	}
	assert.GreaterOrEqual(t, ran, 15, "the SCIM-only scenarios still run")
}

// TestContractFeaturesCatchFaults switches on each sandbox fault that breaks
// a contract promise and requires a scenario of that promise to fail, and
// every scenario of the other promises to keep passing: a fault is named by
// exactly the promise it breaks.
func TestContractFeaturesCatchFaults(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the contract features against the sandbox once per fault")
	}
	// Two faults break more than their own promise, and the reason is the
	// product's, not the harness's: an erased account cannot be reactivated,
	// and every provisioning starts with the look-up that a 404 breaks.
	knockOn := map[sandbox.Fault]func(steps.ScenarioResult) bool{
		sandbox.FaultEraseOnDelete: func(r steps.ScenarioResult) bool {
			return slices.Contains(r.Tags, "@contract-reactivation")
		},
		sandbox.FaultNotFoundOnEmptyFilter: func(r steps.ScenarioResult) bool {
			return strings.Contains(r.Failure, "provision: look-up: expected 200, got 404")
		},
	}
	tests := []struct {
		fault sandbox.Fault
		tag   string
	}{
		{sandbox.FaultTokenDefaultExpiry90d, "@contract-token-expiry"},
		{sandbox.FaultAcceptExpiredTokens, "@contract-token-expiry"},
		{sandbox.FaultAcceptDeletedTokens, "@contract-token-revocation"},
		{sandbox.FaultTokenInListing, "@contract-token-shown-once"},
		{sandbox.FaultAcceptOtherTenantToken, "@contract-tenant-isolation"},
		{sandbox.FaultAcceptMissingToken, "@contract-bearer-auth"},
		{sandbox.FaultAccountSourceLocal, "@contract-account-source"},
		{sandbox.FaultDropLocale, "@contract-required-attributes"},
		{sandbox.FaultAllowAdminEditSCIM, "@contract-read-only"},
		{sandbox.FaultLocalAccountReadonly, "@contract-local-account"},
		{sandbox.FaultIgnoreUpdates, "@contract-updates"},
		{sandbox.FaultIgnoreActiveFalse, "@contract-deactivation"},
		{sandbox.FaultEraseOnDelete, "@contract-removal"},
		{sandbox.FaultNoReactivate, "@contract-reactivation"},
		{sandbox.FaultGroupsNotSynced, "@contract-groups"},
		{sandbox.FaultNotFoundOnEmptyFilter, "@contract-filter-miss"},
		{sandbox.FaultDuplicateUsernameAllowed, "@contract-uniqueness"},
		{sandbox.FaultCaseSensitiveUsername, "@rfc7643-2.1"},
	}
	for _, tc := range tests {
		t.Run(string(tc.fault), func(t *testing.T) {
			env := sandboxEnv(t, []sandbox.Fault{tc.fault})
			suite := contractSuite(env, &godog.Options{Format: "progress", Output: io.Discard})
			assert.Equal(t, 1, suite.Run(), "the suite fails")
			caught := 0
			for _, r := range env.Results.All() {
				tagged := slices.Contains(r.Tags, tc.tag)
				switch {
				case tagged && r.Status == steps.StatusFailed:
					caught++
					t.Logf("caught by %q: %s", r.Name, firstLine(r.Failure))
					assert.NotContains(t, r.Failure, env.Target.Token)
				case !tagged && r.Status == steps.StatusFailed && knockOn[tc.fault] != nil && knockOn[tc.fault](r):
					t.Logf("knock-on failure %q: %s", r.Name, firstLine(r.Failure))
				case !tagged && r.Status == steps.StatusFailed:
					t.Errorf("%s also failed %q (%v): %s", tc.fault, r.Name, r.Tags, firstLine(r.Failure))
				}
			}
			assert.Positive(t, caught, "a %s scenario fails", tc.tag)
			assertNothingLeft(t, env)
		})
	}
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
		Results: steps.NewResults(), FeatureFS: features.FS, Log: testWriter{t},
	}
}

// contractSuite runs features/contract in file order with strict steps.
func contractSuite(env *steps.Env, opts *godog.Options) godog.TestSuite {
	opts.Strict, opts.NoColors = true, true
	opts.FS, opts.Paths = features.FS, []string{"contract"}
	return godog.TestSuite{Name: "contract", ScenarioInitializer: steps.InitializeScenario(env), Options: opts}
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
