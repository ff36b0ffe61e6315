package converge

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/scimharness/scimharness/simulator"
)

// minCleanupTime bounds the removal, which goes on after an interrupt.
const minCleanupTime = 2 * time.Minute

// cleanup deletes the run's groups, then its users, whatever the dialect
// (Okta itself never deletes, but the run leaves the tenant as it found
// it). The accounts stay, deactivated: the contract keeps them.
func (r *runner) cleanup(ctx context.Context) *CleanupReport {
	var groups, users []string
	for _, s := range r.slices {
		for _, g := range s.live {
			if g.g.ID != "" {
				groups = append(groups, g.g.ID)
			}
		}
		for _, m := range s.users {
			if m.user.ID != "" && (m.pool == poolActive || m.pool == poolInactive) {
				users = append(users, m.user.ID)
			}
		}
	}
	rep := &CleanupReport{}
	for _, s := range r.slices {
		for _, m := range s.users {
			if m.user.ID != "" {
				rep.AccountsKept++
			}
		}
	}
	fmt.Fprintf(r.log, "cleanup: deleting %d groups and %d users ...\n", len(groups), len(users))
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), minCleanupTime+time.Duration(len(groups)+len(users))*10*time.Millisecond)
	defer cancel()
	var mu sync.Mutex
	del := func(kind string, ids []string) int {
		done := 0
		r.progress.Start("cleanup "+kind, len(ids))
		parallel(cctx, r.cfg.workers(), len(ids), func(i int) {
			defer r.progress.Add(1)
			ex, err := r.client.Do(cctx, simulator.Request{Method: http.MethodDelete, Path: "/" + kind + "/" + url.PathEscape(ids[i]), Note: "cleanup"})
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err != nil:
				rep.problem(r.mask(err.Error()))
			case ex.Status == http.StatusNoContent || ex.Status == http.StatusOK || ex.Status == http.StatusNotFound:
				done++
			default:
				rep.problem(fmt.Sprintf("delete %s %s: expected 204, got %d", kind, ids[i], ex.Status))
			}
		})
		r.progress.Done()
		return done
	}
	rep.Groups = del("Groups", groups)
	rep.Users = del("Users", users)
	rep.Left = len(groups) + len(users) - rep.Groups - rep.Users
	return rep
}

func (c *CleanupReport) problem(s string) {
	if len(c.Problems) < maxSamples {
		c.Problems = append(c.Problems, s)
	}
}
