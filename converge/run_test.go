package converge

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scimharness/scimharness/simulator"
)

// TestConvergeCleanSandbox: against a sandbox without faults every dialect's
// life ends in no drift, every kind of event happened, and the run leaves
// no SCIM user or group behind.
func TestConvergeCleanSandbox(t *testing.T) {
	for _, d := range []simulator.Dialect{simulator.Entra(), simulator.Okta(), simulator.Ping()} {
		t.Run(d.Name, func(t *testing.T) {
			ep := openSandbox(t)
			cfg := smallConfig(t, ep, d)
			var log bytes.Buffer
			cfg.Log = &log
			r, err := Run(context.Background(), cfg)
			require.NoError(t, err)
			var out bytes.Buffer
			Write(&out, r)
			t.Log(out.String())
			assert.Equal(t, VerdictPass, r.Verdict)
			assert.Zero(t, r.Drift.Total)
			assert.Equal(t, 400, r.Churn.Events)
			for _, k := range Kinds {
				if k == Reprovision && d.Remove != simulator.RemoveDelete {
					continue // an IdP that never deletes has no removed user to bring back
				}
				if assert.Contains(t, r.Churn.Ops, k) {
					assert.Positive(t, r.Churn.Ops[k].Events, "expected %s events", k)
				}
			}
			assert.Equal(t, 60, r.Initial.Ops[UserCreate].Events)
			require.NotNil(t, r.Cleanup)
			assert.Zero(t, r.Cleanup.Left)
			assert.NotNil(t, r.ConvergedAfter)
		})
	}
}
