package steps

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/scimharness/scimharness/simulator"
)

// useDialect makes the scenario's IdP speak the named dialect. It shares the
// World's client, directory and profile, so the transcript, the cleanup
// stack and the seeded data stay the scenario's whatever IdP it plays.
func (w *World) useDialect(name string) error {
	d, err := simulator.DialectByName(name)
	if err != nil {
		return w.failf("the identity provider: %v", err)
	}
	w.IdP = simulator.NewIdP(w.SCIM, d, w.Env.Profile, w.Dir)
	return nil
}

// idpExchange finds the first exchange of the IdP's last operation with
// the method and path (relative to the tenant URL), e.g. the look-up of a
// provisioning.
func (w *World) idpExchange(method, path string) *simulator.Exchange {
	for _, ex := range w.IdP.Exchanges() {
		if ex.Method == method && w.idpRelPath(ex.URL) == path {
			return ex
		}
	}
	return nil
}

// idpRelPath strips the tenant URL and the query from an exchange's URL.
func (w *World) idpRelPath(full string) string {
	p := strings.TrimPrefix(full, strings.TrimSuffix(w.Env.Target.BaseURL, "/"))
	p, _, _ = strings.Cut(p, "?")
	return p
}

// checkLookupMiss checks the answer to a look-up that matches nobody
// against what the dialect's IdP takes as "no such user": a status it
// accepts (Entra: only 200; a 404 quarantines its job) and, for a 200, an
// empty ListResponse.
func (w *World) checkLookupMiss(ctx context.Context, ex *simulator.Exchange) error {
	d := w.IdP.Dialect
	w.remember(ex)
	if !containsStatus(d.LookupMissStatuses, ex.Status) {
		return w.mismatch(ctx, "the answer to a look-up that matches nobody",
			statusWords(d.LookupMissStatuses)+" (what "+d.Title+" takes as \"no such user\"; it stops provisioning on anything else)", ex.Status)
	}
	if ex.Status == http.StatusOK {
		return w.expectEmptyList(ctx, ex)
	}
	return nil
}

func containsStatus(list []int, s int) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// statusWords writes a status list as "200" or "200 or 404".
func statusWords(codes []int) string {
	parts := make([]string, len(codes))
	for i, c := range codes {
		parts[i] = fmt.Sprintf("%d", c)
	}
	return strings.Join(parts, " or ")
}
