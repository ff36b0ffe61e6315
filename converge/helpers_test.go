package converge

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/scimharness/scimharness/harness"
	"github.com/scimharness/scimharness/sandbox"
	"github.com/scimharness/scimharness/simulator"
)

// openSandbox starts the embedded sandbox with a tenant, a token and the
// given faults, as `scimharness converge` does without SCIM_BASE_URL.
func openSandbox(t *testing.T, faults ...sandbox.Fault) *harness.Endpoint {
	t.Helper()
	ep, err := harness.OpenEndpoint(context.Background(), harness.Target{}, harness.Transport{}, simulator.NewMasker(), faults...)
	require.NoError(t, err)
	t.Cleanup(func() { ep.Close(context.Background()) })
	return ep
}

// smallConfig is a run small enough for a unit test yet long enough that
// every event kind happens.
func smallConfig(t *testing.T, ep *harness.Endpoint, d simulator.Dialect) Config {
	t.Helper()
	profile, err := simulator.DefaultProfile()
	require.NoError(t, err)
	return Config{
		BaseURL: ep.BaseURL, Token: ep.Token, AdminURL: ep.AdminURL, AdminToken: ep.AdminToken, TenantID: ep.TenantID,
		HTTPClient: ep.Client, Dialect: d, Profile: profile,
		Users: 60, Groups: 8, Events: 400, Seed: 7, Slices: 4, Concurrency: 8,
	}
}
