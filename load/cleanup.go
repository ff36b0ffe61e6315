package load

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"

	"github.com/scimharness/scimharness/simulator"
)

// CleanupReport is what the removal of the run's users did.
type CleanupReport struct {
	Created  int      // users that may exist in the target because of the run
	Removed  int      // deleted now, found already gone, or never created after all
	Requests int      // requests the removal sent
	Left     []string // userNames still in the target (or unknown), for the administrator
	Problems []string // the first reasons, masked
}

// cleanup removes every user the run created, paced like the run so a
// real tenant is not flooded: DELETE /Users/{id} whatever the dialect (Okta
// itself never deletes, but the run must leave the tenant as it found it).
// A user whose create got no answer is looked up by userName first: the
// target may have created it anyway.
func cleanup(ctx context.Context, client *simulator.Client, members []*member, p Pacing) CleanupReport {
	var todo []*member
	for _, m := range members {
		if m.user.ID != "" || m.tried {
			todo = append(todo, m)
		}
	}
	r := CleanupReport{Created: len(todo)}
	var mu sync.Mutex
	removed := map[*member]bool{}
	generic := simulator.Generic()
	idx := 0
	next := func() (Job, bool) {
		if idx >= len(todo) {
			return Job{}, false
		}
		m := todo[idx]
		idx++
		w := 1
		if m.user.ID == "" {
			w = 2
		}
		return Job{Weight: w, Run: func(ctx context.Context) {
			sent, err := removeUser(ctx, client, generic, m.user)
			mu.Lock()
			defer mu.Unlock()
			r.Requests += sent
			if err != nil {
				if len(r.Problems) < maxSamples {
					r.Problems = append(r.Problems, client.Masker().Mask(err.Error()))
				}
				return
			}
			removed[m] = true
		}}, true
	}
	p.Duration = 0
	pr := Pace(ctx, p, next)
	for _, m := range todo {
		if removed[m] {
			r.Removed++
		} else {
			r.Left = append(r.Left, m.user.UserName)
		}
	}
	if pr.Interrupted && len(r.Problems) < maxSamples {
		r.Problems = append(r.Problems, "cleanup cut short: "+ctx.Err().Error())
	}
	return r
}

// removeUser deletes u and reports how many requests it sent. Already gone
// (404) counts as removed.
func removeUser(ctx context.Context, client *simulator.Client, d simulator.Dialect, u *simulator.User) (int, error) {
	sent := 0
	id := u.ID
	if id == "" {
		ex, err := client.Do(ctx, simulator.Request{Method: http.MethodGet, Path: "/Users", RawQuery: d.LookupRawQuery(u.UserName), Note: "cleanup: look-up"})
		sent++
		if err != nil {
			return sent, fmt.Errorf("cleanup look-up of %s: %w", u.UserName, err)
		}
		if id, err = foundID(ex); err != nil {
			return sent, fmt.Errorf("cleanup look-up of %s: %w", u.UserName, err)
		}
		if id == "" {
			return sent, nil // the create never arrived: nothing to remove
		}
	}
	ex, err := client.Do(ctx, simulator.Request{Method: http.MethodDelete, Path: "/Users/" + url.PathEscape(id), Note: "cleanup: delete"})
	sent++
	if err != nil {
		return sent, fmt.Errorf("cleanup delete of %s: %w", u.UserName, err)
	}
	switch ex.Status {
	case http.StatusNoContent, http.StatusOK, http.StatusNotFound:
		return sent, nil
	}
	return sent, fmt.Errorf("cleanup delete of %s: expected 204, got %d", u.UserName, ex.Status)
}

// foundID reads the id of the first resource of a look-up's ListResponse;
// "" when it found none.
func foundID(ex *simulator.Exchange) (string, error) {
	if ex.Status != http.StatusOK {
		if ex.Status == http.StatusNotFound {
			return "", nil
		}
		return "", fmt.Errorf("expected 200, got %d", ex.Status)
	}
	var list struct {
		TotalResults int `json:"totalResults"`
		Resources    []struct {
			ID string `json:"id"`
		} `json:"Resources"`
	}
	if err := json.Unmarshal(ex.ResponseBody, &list); err != nil {
		return "", errors.New("expected a ListResponse, got a body that does not parse")
	}
	if len(list.Resources) == 0 {
		return "", nil
	}
	return list.Resources[0].ID, nil
}
