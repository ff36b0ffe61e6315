package steps

import (
	"context"
	"sync"

	"github.com/scimharness/scimharness/simulator"
)

// contractScratch is what the contract audit's steps carry from a When to
// its Then. It lives beside the World (whose fields belong to world.go) and
// is dropped by the scenario's cleanup.
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

var scratches sync.Map // *World → *contractScratch

// scratch returns the scenario's scratch, creating it (and its disposal) on first use.
func (w *World) scratch() *contractScratch {
	if s, ok := scratches.Load(w); ok {
		return s.(*contractScratch)
	}
	s := &contractScratch{}
	scratches.Store(w, s)
	w.Defer("forget the contract scratch", func(context.Context) error {
		scratches.Delete(w)
		return nil
	})
	return s
}
