package steps

// Assertions on ListResponses (RFC 7644 §3.4.2): which of the scenario's
// users came back, in which order, page by page.

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/cucumber/godog"
	"github.com/tidwall/gjson"

	"github.com/scimharness/scimharness/simulator"
)

// maxPages bounds a paging walk: a target that ignores startIndex would
// otherwise be paged forever.
const maxPages = 200

func registerRFCListSteps(sc *godog.ScenarioContext) {
	sc.Step(`^the Resources are exactly the users "([^"]*)"$`, rfcResourcesExactly)
	sc.Step(`^the Resources are the users "([^"]*)" in this order$`, rfcResourcesInOrder)
	sc.Step(`^the Resources (include|do not include) the user "([^"]*)"$`, rfcResourcesInclude)
	sc.Step(`^no user of this scenario is in the Resources$`, rfcNoScenarioUser)
	sc.Step(`^the number of Resources is (\d+)$`, rfcResourceCountIs)
	sc.Step(`^the number of Resources is at most (\d+)$`, rfcResourceCountAtMost)
	sc.Step(`^the number of Resources is at most the declared filter\.maxResults$`, rfcResourceCountAtMostMaxResults)
	sc.Step(`^the number of Resources equals the remembered number "([^"]*)"$`, rfcResourceCountRemembered)
	sc.Step(`^itemsPerPage equals the number of Resources$`, rfcItemsPerPageMatches)
	sc.Step(`^(every|no) resource in Resources has "([^"]*)"$`, rfcResourcesHavePath)
	sc.Step(`^the response is 403, or a list of all "([^"]*)" resources$`, rfcRefusedOrIgnored)
	sc.Step(`^paging through `+quoted+` (\d+) at a time yields exactly the users "([^"]*)"$`, rfcPagingYields)
}

// resources returns the Resources of the last response, anchored on the
// ListResponse shape (listResources): a list without its Resources is never
// read as an empty one.
func resources(ctx context.Context) (*World, []gjson.Result, error) {
	w, ex, err := lastExchange(ctx)
	if err != nil {
		return nil, nil, err
	}
	items, err := w.listResources(ctx, ex)
	return w, items, err
}

// aliasIDs maps the aliases of a step to the ids of the scenario's users.
func (w *World) aliasIDs(list string) ([]string, error) {
	var ids []string
	for _, a := range splitAliases(list) {
		u, err := w.user(a)
		if err != nil {
			return nil, err
		}
		ids = append(ids, u.ID)
	}
	return ids, nil
}

// nameIDs renders ids with the alias of each known one, for messages.
func (w *World) nameIDs(ids []string) string {
	names := make([]string, 0, len(ids))
	for _, id := range ids {
		name := fmt.Sprintf("a user this scenario did not create (id %s)", id)
		if alias, ok := w.aliasOfID(id); ok {
			name = w.userWords(alias)
		}
		names = append(names, name)
	}
	if len(names) == 0 {
		return "no users"
	}
	return "[" + strings.Join(names, ", ") + "]"
}

// aliasOfID is the alias of the scenario's user with SCIM id id.
func (w *World) aliasOfID(id string) (string, bool) {
	for a, u := range w.Users {
		if id != "" && u.ID == id {
			return a, true
		}
	}
	return "", false
}

// listedWords names the i-th resource of a list for a failure: the
// userName the scenario sent for it, else the name the target lists it
// under, with its place in the list so the exchange below can be read.
func (w *World) listedWords(i int, r gjson.Result) string {
	at := fmt.Sprintf("Resources.%d", i)
	if alias, ok := w.aliasOfID(r.Get("id").String()); ok {
		return fmt.Sprintf("the user %s (%s)", w.userWords(alias), at)
	}
	for _, field := range []string{"userName", "displayName"} {
		if v := r.Get(field); v.Type == gjson.String && v.String() != "" {
			return fmt.Sprintf("the resource listed as %q (%s)", v.String(), at)
		}
	}
	return fmt.Sprintf("%s (id %s)", at, r.Get("id").String())
}

func idsOf(items []gjson.Result) []string {
	ids := make([]string, 0, len(items))
	for _, r := range items {
		ids = append(ids, r.Get("id").String())
	}
	return ids
}

func rfcResourcesExactly(ctx context.Context, list string) (context.Context, error) {
	return resourcesAre(ctx, list, "Resources", sameSet)
}

func rfcResourcesInOrder(ctx context.Context, list string) (context.Context, error) {
	return resourcesAre(ctx, list, "Resources in order", slices.Equal[[]string])
}

// resourcesAre compares the ids of the Resources with those of the users
// a step names, as same tells (as a set, in order).
func resourcesAre(ctx context.Context, list, what string, same func(want, got []string) bool) (context.Context, error) {
	w, items, err := resources(ctx)
	if err != nil {
		return ctx, err
	}
	want, err := w.aliasIDs(list)
	if err != nil {
		return ctx, err
	}
	if got := idsOf(items); !same(want, got) {
		return ctx, w.mismatch(ctx, what, w.nameIDs(want), w.nameIDs(got))
	}
	return ctx, nil
}

func rfcResourcesInclude(ctx context.Context, verdict, alias string) (context.Context, error) {
	want := verdict == "include"
	w, items, err := resources(ctx)
	if err != nil {
		return ctx, err
	}
	u, err := w.user(alias)
	if err != nil {
		return ctx, err
	}
	got := idsOf(items)
	if slices.Contains(got, u.ID) != want {
		expect := "Resources including " + w.userWords(alias)
		if !want {
			expect = "Resources without " + w.userWords(alias)
		}
		return ctx, w.mismatch(ctx, "Resources", expect, w.nameIDs(got))
	}
	return ctx, nil
}

func rfcNoScenarioUser(ctx context.Context) (context.Context, error) {
	w, items, err := resources(ctx)
	if err != nil {
		return ctx, err
	}
	if len(w.Users) == 0 {
		// With no users to look for, the check would pass having compared nothing.
		return ctx, w.failf("expected users created earlier in this scenario to look for in the Resources, got none")
	}
	got := idsOf(items)
	for alias, u := range w.Users {
		if slices.Contains(got, u.ID) {
			return ctx, w.mismatch(ctx, "Resources", "none of this scenario's users", fmt.Sprintf("%s among %s", w.userWords(alias), w.nameIDs(got)))
		}
	}
	return ctx, nil
}

func rfcResourceCountIs(ctx context.Context, n int) (context.Context, error) {
	return resourceCountIs(ctx, func(*World) (int, error) { return n, nil })
}

func rfcResourceCountRemembered(ctx context.Context, name string) (context.Context, error) {
	return resourceCountIs(ctx, func(w *World) (int, error) { return w.rememberedInt(name) })
}

// resourceCountIs compares the number of Resources with the number want
// gives (a literal, or a remembered one).
func resourceCountIs(ctx context.Context, want func(*World) (int, error)) (context.Context, error) {
	w, items, err := resources(ctx)
	if err != nil {
		return ctx, err
	}
	n, err := want(w)
	if err != nil {
		return ctx, err
	}
	if len(items) != n {
		return ctx, w.mismatch(ctx, "number of Resources", n, len(items))
	}
	return ctx, nil
}

func rfcResourceCountAtMost(ctx context.Context, n int) (context.Context, error) {
	w, items, err := resources(ctx)
	if err != nil {
		return ctx, err
	}
	if len(items) > n {
		return ctx, w.mismatch(ctx, "number of Resources", fmt.Sprintf("at most %d", n), len(items))
	}
	return ctx, nil
}

func rfcResourceCountAtMostMaxResults(ctx context.Context) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	max := w.Env.Caps.SPC.MaxResults
	if max <= 0 {
		return ctx, w.failf("expected /ServiceProviderConfig to declare filter.maxResults (RFC 7643 §5: REQUIRED), got %d", max)
	}
	return rfcResourceCountAtMost(ctx, max)
}

// rememberedInt reads a remembered value as an integer.
func (w *World) rememberedInt(name string) (int, error) {
	v, ok := w.Vars[name]
	if !ok {
		return 0, w.failf("expected a remembered value named %q, got none", name)
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, w.failf("expected the remembered %q to be an integer, got %q", name, v)
	}
	return n, nil
}

func rfcItemsPerPageMatches(ctx context.Context) (context.Context, error) {
	w, items, err := resources(ctx)
	if err != nil {
		return ctx, err
	}
	ipp := gjson.GetBytes(w.Last.ResponseBody, "itemsPerPage")
	if ipp.Type != gjson.Number || int(ipp.Int()) != len(items) {
		return ctx, w.mismatch(ctx, "itemsPerPage", fmt.Sprintf("the number %d (the number of Resources)", len(items)), describe(ipp))
	}
	return ctx, nil
}

// rfcResourcesHavePath checks that every resource, or none, has a value at
// path.
func rfcResourcesHavePath(ctx context.Context, quantifier, path string) (context.Context, error) {
	want := quantifier == "every"
	w, items, err := resources(ctx)
	if err != nil {
		return ctx, err
	}
	// An empty list would pass "no resource has" having looked at nothing.
	if len(items) == 0 {
		return ctx, w.mismatch(ctx, "Resources", "at least one resource to check "+path+" on", "none")
	}
	for i, r := range items {
		if v := r.Get(path); v.Exists() != want {
			expect := "a value at " + path
			if !want {
				expect = "no value at " + path
			}
			return ctx, w.mismatch(ctx, w.listedWords(i, r), expect, describe(v))
		}
	}
	return ctx, nil
}

// rfcPagingYields walks a query page by page and checks that the pages
// together hold exactly the named users, each once.
func rfcPagingYields(ctx context.Context, rawPath string, n int, list string) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	want, err := w.aliasIDs(list)
	if err != nil {
		return ctx, err
	}
	return ctx, w.pagesHoldEachOnce(ctx, rawPath, n, want, w.nameIDs(want)+" each once", w.nameIDs)
}

// pagesHoldEachOnce pages through rawPath n at a time (pageAll) and checks
// the pages together hold exactly the ids want, each once; expected and
// name say them in the scenario's words.
func (w *World) pagesHoldEachOnce(ctx context.Context, rawPath string, n int, want []string, expected string, name func([]string) string) error {
	got, err := w.pageAll(ctx, rawPath, n)
	if err != nil {
		return err
	}
	if !sameSet(want, got) {
		return w.mismatch(ctx, "users over all pages", expected, name(got))
	}
	return nil
}

// pageAll walks a query page by page (startIndex 1, 1+n, ...), checks every
// page's shape, startIndex and size, and returns the ids of all pages in
// order. A target that ignores startIndex repeats the first page, and one
// that pages before it filters comes up short.
func (w *World) pageAll(ctx context.Context, rawPath string, n int) ([]string, error) {
	if n < 1 {
		return nil, w.failf("expected a page size of at least 1, got %d", n)
	}
	base := unquote(rawPath)
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	var got []string
	for page, start := 0, 1; ; page, start = page+1, start+n {
		if page >= maxPages {
			return nil, w.mismatch(ctx, "paging", fmt.Sprintf("the end within %d pages", maxPages), "more pages")
		}
		path, query, err := w.resolvePath(fmt.Sprintf("%s%sstartIndex=%d&count=%d", base, sep, start, n))
		if err != nil {
			return nil, err
		}
		ex, err := w.ask(ctx, simulator.Request{Method: http.MethodGet, Path: path, RawQuery: query, Note: fmt.Sprintf("page from %d", start)}, fmt.Sprintf("page %d", page+1))
		if err != nil {
			return nil, err
		}
		items, err := w.listResources(ctx, ex)
		if err != nil {
			return nil, err
		}
		body := gjson.ParseBytes(ex.ResponseBody)
		if si := body.Get("startIndex"); len(items) > 0 && (si.Type != gjson.Number || int(si.Int()) != start) {
			return nil, w.mismatch(ctx, "page startIndex", start, describe(si))
		}
		if len(items) > n {
			return nil, w.mismatch(ctx, "page size", fmt.Sprintf("at most %d", n), len(items))
		}
		got = append(got, idsOf(items)...)
		total := int(body.Get("totalResults").Int())
		if len(items) == 0 || start+n > total {
			return got, nil
		}
	}
}

// rfcRefusedOrIgnored accepts the two answers RFC 7644 §4 allows for query
// parameters on a discovery endpoint: 403, or the full list as if the
// parameters were not there.
func rfcRefusedOrIgnored(ctx context.Context, name string) (context.Context, error) {
	w, ex, err := lastExchange(ctx)
	if err != nil {
		return ctx, err
	}
	if ex.Status == http.StatusForbidden {
		return ctx, nil
	}
	if ex.Status != http.StatusOK {
		return ctx, w.mismatch(ctx, "response status", "403, or 200 with the parameters ignored", ex.Status)
	}
	return rfcResourceCountRemembered(ctx, name)
}
