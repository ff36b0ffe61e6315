package harness

import (
	"context"
	"fmt"
	"io"

	"github.com/scimharness/scimharness/simulator"
	"github.com/scimharness/scimharness/steps"
)

// leaveClock moves the target's sandbox clock back by whatever the run's
// scenarios moved it and did not move back themselves (a cleanup that
// failed, or a run interrupted between the move and the cleanup). The
// clock is shared by every tenant and every other client of the target,
// so the run leaves it where it found it; it undoes only its own moves.
// It runs even after Ctrl-C: the run's context is cancelled by then.
func leaveClock(ctx context.Context, rt *resolvedTarget, ledger *steps.ClockLedger, m *simulator.Masker, log io.Writer) {
	if ledger == nil || ledger.Net() == 0 || rt.steps.AdminURL == "" {
		return
	}
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), discoveryTimeout)
	defer cancel()
	ac := steps.NewAdminClient(rt.steps.AdminURL, rt.steps.AdminToken, nil, m, rt.client)
	back, err := ledger.Restore(cctx, ac)
	if err != nil {
		fmt.Fprintf(log, "warning: %s\n", m.Mask(err.Error()))
		return
	}
	fmt.Fprintf(log, "sandbox clock: moved back %s, to where the run found it\n", back)
}
