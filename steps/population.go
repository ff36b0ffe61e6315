package steps

// The run's background population (simulator.Population) seen from the
// features: the harness creates it once before the scenarios, and these
// steps filter, sort, page and PATCH across it. Scenarios only read it (or
// copy its users into groups of their own), so they stay parallel-safe and
// never assume they are alone in the tenant.

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/cucumber/godog"
	"github.com/tidwall/gjson"

	"github.com/scimharness/scimharness/simulator"
)

// PopulationRun is the run's population as the harness made it.
type PopulationRun struct {
	*simulator.Population
	Err error // why creating it failed; every scenario needing it fails with this
}

// patchOpSchema is the RFC 7644 §3.5.2 PATCH request schema.
const patchOpSchema = "urn:ietf:params:scim:api:messages:2.0:PatchOp"

// PopulationTag marks the scenarios that need the population; the harness
// creates one only when a selected scenario carries it.
const PopulationTag = "@needs-population"

// CreatePopulation lays out the population env.Seed determines, creates it
// on the target with the run's token and sets env.Population (with the
// error, if creation failed). The returned cleanup deletes it and returns
// what could not be deleted.
func CreatePopulation(ctx context.Context, env *Env) (cleanup func(context.Context) []error) {
	pop := simulator.NewPopulation(env.Seed)
	err := pop.Create(ctx, env.populationClient())
	env.Population = &PopulationRun{Population: pop, Err: err}
	return func(ctx context.Context) []error { return pop.Delete(ctx, env.populationClient()) }
}

// populationClient is a SCIM client with the token scenarios use now
// (renewed after clock moves), recording nothing: the population's
// exchanges belong to no scenario.
func (e *Env) populationClient() *simulator.Client {
	return simulator.NewClient(simulator.ClientConfig{
		BaseURL: e.Target.BaseURL, Token: e.scimToken(), Masker: e.Masker,
		Recorder: simulator.NewRecorder(4), HTTPClient: e.HTTPClient,
	})
}

func registerPopulationSteps(sc *godog.ScenarioContext) {
	sc.Step(`^the run's background population$`, populationGiven)
	sc.Step(`^the Resources are exactly the population's "([^"]*)"$`, populationResourcesExactly)
	sc.Step(`^paging through `+quoted+` (\d+) at a time yields exactly the population's "([^"]*)"$`, populationPaging)
	sc.Step(`^the Resources are in (ascending|descending) order of "([^"]*)", those without one (last|first)$`, resourcesInOrderOf)
	sc.Step(`^the client (adds|replaces) the population's "([^"]*)" (?:to|as) the members of the group "([^"]*)" in one PATCH$`, populationPatchMembers)
	sc.Step(`^the group "([^"]*)" has exactly the population's "([^"]*)" as members$`, groupHasPopulationMembers)
	sc.Step(`^the population's group "([^"]*)" shows exactly its members (on read|in a filtered list)$`, populationGroupShowsMembers)
	sc.Step(`^Cantara shows the population's group "([^"]*)" with exactly its members$`, adminShowsPopulationGroup)
}

// population returns the run's population, or why a scenario cannot use it.
func (w *World) population() (*simulator.Population, error) {
	p := w.Env.Population
	switch {
	case p == nil || p.Population == nil:
		return nil, w.failf("expected the run's background population, got none: the harness creates it when a selected scenario is tagged %s", PopulationTag)
	case p.Err != nil:
		return nil, w.failf("expected the background population to be created before the scenarios, got: %s", w.mask(p.Err.Error()))
	}
	return p.Population, nil
}

// populationGiven makes {pop} the population's marker (the prefix of its
// userNames and group names).
func populationGiven(ctx context.Context) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	p, err := w.population()
	if err != nil {
		return ctx, err
	}
	w.Vars["pop"] = p.Marker
	return ctx, nil
}

// subsetIDs resolves a named subset of the population to its users' ids.
func (w *World) subsetIDs(name string) ([]string, error) {
	p, err := w.population()
	if err != nil {
		return nil, err
	}
	users, ok := p.Subset(name)
	if !ok {
		return nil, w.failf("expected a population subset (a, b, c, x, or x followed by one of %s), got %q", strings.Join(predicateNames(), ", "), name)
	}
	ids := make([]string, len(users))
	for i, u := range users {
		ids[i] = u.ID
	}
	return ids, nil
}

func predicateNames() []string {
	var out []string
	for k := range simulator.PopulationPredicates {
		out = append(out, fmt.Sprintf("%q", k))
	}
	slices.Sort(out)
	return out
}

// populationNames renders ids with the population key of each, for messages.
func (w *World) populationNames(ids []string) string {
	keys := map[string]string{}
	if p := w.Env.Population; p != nil && p.Population != nil {
		for _, u := range p.Users {
			keys[u.ID] = u.Key + " (" + u.UserName + ")"
		}
	}
	names := make([]string, 0, len(ids))
	for _, id := range ids {
		if k, ok := keys[id]; ok {
			id = k
		} else if name := w.nameIDs([]string{id}); name != "["+id+"]" {
			id = strings.Trim(name, "[]")
		}
		names = append(names, id)
	}
	slices.Sort(names)
	if len(names) == 0 {
		return "no users"
	}
	return fmt.Sprintf("%d users [%s]", len(names), strings.Join(names, ", "))
}

func populationResourcesExactly(ctx context.Context, subset string) (context.Context, error) {
	w, items, err := resources(ctx)
	if err != nil {
		return ctx, err
	}
	want, err := w.subsetIDs(subset)
	if err != nil {
		return ctx, err
	}
	if got := idsOf(items); !sameSet(want, got) {
		return ctx, w.mismatch(ctx, "Resources", "the population's "+subset+": "+w.populationNames(want), w.populationNames(got))
	}
	return ctx, nil
}

func populationPaging(ctx context.Context, rawPath string, n int, subset string) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	want, err := w.subsetIDs(subset)
	if err != nil {
		return ctx, err
	}
	return ctx, w.pagesHoldEachOnce(ctx, rawPath, n, want, "the population's "+subset+" each once: "+w.populationNames(want), w.populationNames)
}

// resourcesInOrderOf checks RFC 7644 §3.4.2.3 on the last ListResponse for
// a caseExact:false attribute: values in case-insensitive Unicode order
// (lower-cased, compared by code point, no locale), and the resources
// without a value last when ascending, first when descending.
func resourcesInOrderOf(ctx context.Context, order, path, missing string) (context.Context, error) {
	w, items, err := resources(ctx)
	if err != nil {
		return ctx, err
	}
	ascending := order == "ascending"
	if (missing == "last") != ascending {
		return ctx, w.failf("expected the step to put resources without %s last when ascending and first when descending (RFC 7644 §3.4.2.3), got %s with %s", path, order, missing)
	}
	var values []string
	withValue := 0
	for i, r := range items {
		v := r.Get(path)
		has := v.Exists() && v.String() != ""
		if has {
			withValue++
		}
		// Ascending: no value may come before one; descending: none after.
		if i > 0 {
			prevHas := items[i-1].Get(path).Exists() && items[i-1].Get(path).String() != ""
			if ascending && has && !prevHas || !ascending && !has && prevHas {
				return ctx, w.mismatch(ctx, w.listedWords(i, r),
					fmt.Sprintf("resources without %s %s", path, missing), fmt.Sprintf("%s after one without", describe(v)))
			}
		}
		if has {
			values = append(values, v.String())
		}
	}
	if withValue < 2 || withValue == len(items) {
		return ctx, w.mismatch(ctx, "Resources", fmt.Sprintf("at least two with %s and at least one without, to see the order", path),
			fmt.Sprintf("%d of %d with a value", withValue, len(items)))
	}
	for i := 1; i < len(values); i++ {
		a, b := strings.ToLower(values[i-1]), strings.ToLower(values[i])
		if ascending && a > b || !ascending && a < b {
			return ctx, w.mismatch(ctx, path+" order", order+" (case-insensitive, by Unicode code point)",
				fmt.Sprintf("%q before %q", values[i-1], values[i]))
		}
	}
	return ctx, nil
}

// populationPatchMembers sends one PATCH that adds the subset to a
// scenario's group, or replaces its members with the subset.
func populationPatchMembers(ctx context.Context, verb, subset, groupAlias string) (context.Context, error) {
	w, g, err := worldGroup(ctx, groupAlias)
	if err != nil {
		return ctx, err
	}
	ids, err := w.subsetIDs(subset)
	if err != nil {
		return ctx, err
	}
	members := make([]map[string]any, len(ids))
	for i, id := range ids {
		members[i] = map[string]any{"value": id}
	}
	op := "add"
	if verb == "replaces" {
		op = "replace"
	}
	body := map[string]any{
		"schemas":    []string{patchOpSchema},
		"Operations": []map[string]any{{"op": op, "path": "members", "value": members}},
	}
	_, err = w.ask(ctx, simulator.Request{Method: http.MethodPatch, Path: resourcePath("Groups", g.ID), Body: body, Note: op + " " + subset + " as members"}, "PATCH /Groups/"+g.ID)
	return ctx, err
}

// groupMembers reads a group and returns its member ids, anchored on the
// group resource: 200, the group's own id, and members an array when
// present (absent or [] is an empty group, RFC 7644 §3.8).
func (w *World) groupMembers(ctx context.Context, id, displayName string) ([]string, error) {
	ex, err := w.ask(ctx, simulator.Request{Method: http.MethodGet, Path: resourcePath("Groups", id), Note: "read the members of " + displayName}, "GET /Groups/"+id)
	if err != nil {
		return nil, err
	}
	if err := w.anchorResource(ctx, ex); err != nil {
		return nil, err
	}
	doc := gjson.ParseBytes(ex.ResponseBody)
	if got := doc.Get("id").String(); got != id {
		return nil, w.mismatch(ctx, "GET /Groups/"+id+" id", id, describe(doc.Get("id")))
	}
	return membersOf(ctx, w, doc)
}

func membersOf(ctx context.Context, w *World, group gjson.Result) ([]string, error) {
	m := group.Get("members")
	if m.Exists() && m.Type != gjson.Null && !m.IsArray() {
		return nil, w.mismatch(ctx, "members", "an array", describe(m))
	}
	var ids []string
	for _, v := range m.Array() {
		ids = append(ids, v.Get("value").String())
	}
	return ids, nil
}

func groupHasPopulationMembers(ctx context.Context, groupAlias, subset string) (context.Context, error) {
	w, g, err := worldGroup(ctx, groupAlias)
	if err != nil {
		return ctx, err
	}
	want, err := w.subsetIDs(subset)
	if err != nil {
		return ctx, err
	}
	got, err := w.groupMembers(ctx, g.ID, g.DisplayName)
	if err != nil {
		return ctx, err
	}
	if !sameSet(want, got) {
		return ctx, w.mismatch(ctx, "members of "+g.DisplayName, "the population's "+subset+": "+w.populationNames(want), w.populationNames(got))
	}
	return ctx, nil
}

// populationGroup finds a population group and its members' ids.
func (w *World) populationGroup(key string) (*simulator.PopulationGroup, []string, error) {
	p, err := w.population()
	if err != nil {
		return nil, nil, err
	}
	g, ok := p.Group(key)
	if !ok {
		return nil, nil, w.failf("expected a population group (empty, one, ten, eleven), got %q", key)
	}
	ids := make([]string, len(g.Members))
	for i, m := range g.Members {
		ids[i] = m.ID
	}
	return g, ids, nil
}

// populationGroupShowsMembers reads a population group by id, or finds it
// by a displayName filter, and compares its members with the population's
// record of them.
func populationGroupShowsMembers(ctx context.Context, key, view string) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	g, want, err := w.populationGroup(key)
	if err != nil {
		return ctx, err
	}
	var got []string
	if view == "on read" {
		got, err = w.groupMembers(ctx, g.ID, g.DisplayName)
	} else {
		got, err = w.filteredGroupMembers(ctx, g)
	}
	if err != nil {
		return ctx, err
	}
	if !sameSet(want, got) {
		return ctx, w.mismatch(ctx, "members of "+g.DisplayName+" "+view, w.populationNames(want), w.populationNames(got))
	}
	return ctx, nil
}

func (w *World) filteredGroupMembers(ctx context.Context, g *simulator.PopulationGroup) ([]string, error) {
	path, query, err := w.resolvePath(fmt.Sprintf(`/Groups?filter=displayName eq "%s"`, g.DisplayName))
	if err != nil {
		return nil, err
	}
	ex, err := w.ask(ctx, simulator.Request{Method: http.MethodGet, Path: path, RawQuery: query, Note: "find " + g.DisplayName}, "GET /Groups")
	if err != nil {
		return nil, err
	}
	items, err := w.listResources(ctx, ex)
	if err != nil {
		return nil, err
	}
	if len(items) != 1 || items[0].Get("id").String() != g.ID {
		return nil, w.mismatch(ctx, "groups named "+g.DisplayName, "exactly the group "+g.ID, fmt.Sprintf("ids %v", idsOf(items)))
	}
	return membersOf(ctx, w, items[0])
}

// adminShowsPopulationGroup compares the console's group (found by its SCIM
// id) with the accounts of the population group's members.
func adminShowsPopulationGroup(ctx context.Context, key string) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	g, _, err := w.populationGroup(key)
	if err != nil {
		return ctx, err
	}
	var want []string
	for _, m := range g.Members {
		list, err := w.findAccounts(ctx, m.UserName, "find the account of "+m.Key)
		if err != nil {
			return ctx, err
		}
		if len(list) != 1 {
			return ctx, w.mismatch(ctx, "Cantara accounts with userName "+m.UserName, 1, len(list))
		}
		want = append(want, list[0].ID)
	}
	cg, found, n, err := w.adminGroupOf(ctx, &simulator.Group{ID: g.ID, DisplayName: g.DisplayName})
	if err != nil {
		return ctx, err
	}
	if !found {
		return ctx, w.mismatch(ctx, "Cantara's groups", "a group with scimId "+g.ID+" ("+g.DisplayName+")", fmt.Sprintf("%d groups, none with that scimId", n))
	}
	if !sameSet(want, cg.Members) {
		return ctx, w.mismatch(ctx, "Cantara's members of "+g.DisplayName, fmt.Sprintf("%d accounts %v", len(want), want), fmt.Sprintf("%d accounts %v", len(cg.Members), cg.Members))
	}
	return ctx, nil
}
