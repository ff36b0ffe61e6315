package steps

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"

	"github.com/cucumber/godog"
	"github.com/tidwall/gjson"

	"github.com/scimharness/scimharness/simulator"
)

// memberList matches `"alice"`, `"alice" and "bob"`, `"a", "b" and "c"`.
const memberList = `((?:"[^"]*"(?:, | and ))*"[^"]*")`

var quotedName = regexp.MustCompile(`"([^"]*)"`)

// registerGroupSteps adds the group steps as the IdP and the SCIM endpoint see them.
func registerGroupSteps(sc *godog.ScenarioContext) {
	sc.Step(`^the IdP creates a group "([^"]*)"$`, createGroup)
	sc.Step(`^the IdP has created a group "([^"]*)" with the members? `+memberList+`$`, createGroupWithMembers)
	sc.Step(`^the IdP adds `+memberList+` to "([^"]*)"$`, addMembers)
	sc.Step(`^the IdP removes `+memberList+` from "([^"]*)"$`, removeMembers)
	sc.Step(`^the SCIM endpoint shows the group "([^"]*)" with the members? `+memberList+`$`, scimGroupHasMembers)
}

// names splits a member list into its aliases.
func names(list string) []string {
	var out []string
	for _, m := range quotedName.FindAllStringSubmatch(list, -1) {
		out = append(out, m[1])
	}
	return out
}

func (w *World) group(alias string) (*simulator.Group, error) {
	g, ok := w.Groups[alias]
	if !ok {
		return nil, w.failf("expected a group %q created earlier in this scenario, got none", alias)
	}
	return g, nil
}

// groupAndMembers returns the World, the group a step names and the users
// of its member list.
func groupAndMembers(ctx context.Context, alias, members string) (*World, *simulator.Group, []*simulator.User, error) {
	w, g, err := worldGroup(ctx, alias)
	if err != nil {
		return nil, nil, nil, err
	}
	us, err := w.users(names(members))
	if err != nil {
		return nil, nil, nil, err
	}
	return w, g, us, nil
}

func (w *World) users(aliases []string) ([]*simulator.User, error) {
	out := make([]*simulator.User, 0, len(aliases))
	for _, a := range aliases {
		u, err := w.user(a)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, nil
}

// newGroup generates a group for a new alias and names it in the scenario.
func (w *World) newGroup(alias string) (*simulator.Group, error) {
	if _, taken := w.Groups[alias]; taken {
		return nil, w.failf("expected a new group name for this scenario, got %q twice", alias)
	}
	g := w.Dir.NewGroup()
	w.Groups[alias] = g
	return g, nil
}

// deferGroupDeletion deletes the SCIM group at the end, whatever id it has then.
func (w *World) deferGroupDeletion(alias string, g *simulator.Group) {
	w.Defer("delete group "+alias, func(ctx context.Context) error {
		if g.ID == "" {
			return nil
		}
		return w.deleteResource(ctx, "Groups", g.ID)
	})
}

func createGroup(ctx context.Context, alias string) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	g, err := w.newGroup(alias)
	if err != nil {
		return ctx, err
	}
	ex, err := w.IdP.CreateGroup(ctx, g)
	if g.ID != "" {
		w.deferGroupDeletion(alias, g)
	}
	return ctx, w.opDone("the IdP creates the group "+alias, ex, err)
}

func createGroupWithMembers(ctx context.Context, alias, members string) (context.Context, error) {
	ctx, err := createGroup(ctx, alias)
	if err != nil {
		return ctx, err
	}
	return addMembers(ctx, members, alias)
}

func addMembers(ctx context.Context, members, alias string) (context.Context, error) {
	return memberOp(ctx, members, alias, "adds", (*simulator.IdP).AddMembers)
}

func removeMembers(ctx context.Context, members, alias string) (context.Context, error) {
	return memberOp(ctx, members, alias, "removes", (*simulator.IdP).RemoveMembers)
}

func memberOp(ctx context.Context, members, alias, what string, op func(*simulator.IdP, context.Context, *simulator.Group, ...*simulator.User) (*simulator.Exchange, error)) (context.Context, error) {
	w, g, us, err := groupAndMembers(ctx, alias, members)
	if err != nil {
		return ctx, err
	}
	ex, err := op(w.IdP, ctx, g, us...)
	return ctx, w.opDone(fmt.Sprintf("the IdP %s %s (group %s)", what, members, alias), ex, err)
}

// scimGroupHasMembers reads the group with its members (a target may
// return them only on request) and compares their ids, as a set, with the
// users named.
func scimGroupHasMembers(ctx context.Context, alias, members string) (context.Context, error) {
	w, g, us, err := groupAndMembers(ctx, alias, members)
	if err != nil {
		return ctx, err
	}
	ex, err := w.readGroupWithMembers(ctx, g)
	if err != nil {
		return ctx, err
	}
	if ex.Status != http.StatusOK {
		return ctx, w.mismatch(ctx, "GET /Groups/"+g.ID, 200, ex.Status)
	}
	want := make([]string, 0, len(us))
	for _, u := range us {
		want = append(want, u.ID)
	}
	var got []string
	for _, m := range gjson.GetBytes(ex.ResponseBody, "members").Array() {
		got = append(got, m.Get("value").String())
	}
	if !sameSet(want, got) {
		return ctx, w.mismatch(ctx, "members of "+w.groupWords(alias), w.describeIDs(want), w.describeIDs(got))
	}
	return ctx, nil
}

// describeIDs names SCIM ids by the scenario's aliases where it can.
func (w *World) describeIDs(ids []string) string {
	return describeMembers(ids, func(id string) (string, bool) {
		for _, u := range w.Users {
			if u.ID == id {
				return u.UserName, true
			}
		}
		return "", false
	})
}

// describeMembers renders member ids for "expected"/"got", sorted, each
// by the userName the IdP sent where nameOf knows it; an id nobody in the
// scenario has stays an id (a member the scenario did not add).
func describeMembers(ids []string, nameOf func(id string) (string, bool)) string {
	if len(ids) == 0 {
		return "no members"
	}
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if name, ok := nameOf(id); ok {
			id = fmt.Sprintf("%q", name)
		} else {
			id = "an unknown member " + id
		}
		out = append(out, id)
	}
	sort.Strings(out)
	return "[" + strings.Join(out, ", ") + "]"
}

// sameSet compares two lists ignoring order; duplicates count.
func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	x := append([]string(nil), a...)
	y := append([]string(nil), b...)
	sort.Strings(x)
	sort.Strings(y)
	for i := range x {
		if x[i] != y[i] {
			return false
		}
	}
	return true
}
