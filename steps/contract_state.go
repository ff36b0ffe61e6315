package steps

import (
	"github.com/scimharness/scimharness/simulator"
)

// contractScratch is what the contract audit's steps carry from a When to
// its Then; the World holds it (World.contract) and it goes with the World.
type contractScratch struct {
	tokenErr    error               // outcome of an administrator's refused-or-not token generation
	otherTenant string              // id of a tenant the scenario created
	otherSCIM   *simulator.Client   // SCIM client for otherTenant with its own token
	tenantName  string              // name given to a tenant the scenario created
	tenantID    string              // id the target gave it
	before      map[string]any      // an account as it was before an edit, field by field
	secrets     []string            // aliases of tokens generated together
	adminProbe  *simulator.Exchange // a raw admin API exchange to judge
}

// scratch returns the scenario's scratch, creating it on first use.
func (w *World) scratch() *contractScratch {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.contract == nil {
		w.contract = &contractScratch{}
	}
	return w.contract
}
