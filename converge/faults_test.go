package converge

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scimharness/scimharness/sandbox"
	"github.com/scimharness/scimharness/simulator"
)

// TestConvergeCatchesLostWrites proves each lost-write fault of the
// catalogue (promise @converge): with it on, a small run ends in drift on
// the attribute the fault loses, and the verdict is drift (exit 1). The
// clean control is TestConvergeCleanSandbox.
func TestConvergeCatchesLostWrites(t *testing.T) {
	// Where each fault must show: a drift attribute it loses.
	want := map[sandbox.Fault]string{
		sandbox.FaultLostUserUpdate:     "scim name.givenName",
		sandbox.FaultRenameDropsMembers: "scim members",
		sandbox.FaultLostReactivation:   "account status",
		sandbox.FaultLostMemberAdd:      "scim members",
	}
	for _, fi := range sandbox.FaultCatalogue() {
		if fi.Promise != sandbox.PromiseConverge {
			continue
		}
		t.Run(string(fi.Fault), func(t *testing.T) {
			attr, ok := want[fi.Fault]
			require.True(t, ok, "expected the drift attribute fault %s shows on", fi.Fault)
			ep := openSandbox(t, fi.Fault)
			r, err := Run(context.Background(), smallConfig(t, ep, simulator.Entra()))
			require.NoError(t, err)
			var out bytes.Buffer
			Write(&out, r)
			assert.Equal(t, VerdictDrift, r.Verdict, out.String())
			assert.Positive(t, r.Drift.ByAttribute[attr], "expected drift on %s, got %v", attr, r.Drift.ByAttribute)
			for a := range r.Drift.ByAttribute {
				assert.NotEmpty(t, DriftMeaning(a), "expected the report to say what drift on %s means", a)
			}
			assert.NotEmpty(t, r.Drift.Examples)
			assert.LessOrEqual(t, len(r.Drift.Examples), MaxExamples)
			assert.Zero(t, r.Initial.Failed+r.Churn.Failed, "a lost write answers 2xx")
			t.Logf("%s → %d drifted attributes: %v", fi.Fault, r.Drift.Total, r.Drift.ByAttribute)
		})
	}
}
