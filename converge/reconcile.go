package converge

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/scimharness/scimharness/admin"
	"github.com/scimharness/scimharness/simulator"
)

// settlePoll is how often drifted resources are read again while settling.
const settlePoll = time.Second

type reconcileOutcome struct {
	report      ReconcileReport
	drift       DriftReport
	convergedAt *time.Time
}

// checker is one reconciliation pass's shared state.
type checker struct {
	r        *runner
	mu       sync.Mutex
	drift    map[any][]DriftExample // per member or group
	accounts map[*member]string     // account ids, for the console groups
	console  map[string]admin.Group // by scimId
	report   *ReconcileReport
}

// reconcile reads everything back and compares; while drift remains and
// the settle time has not passed, it re-reads only what drifted.
func (r *runner) reconcile(ctx context.Context, churnEnd time.Time) reconcileOutcome {
	var out reconcileOutcome
	var users []*member
	var groups []*group
	for _, s := range r.slices {
		for _, m := range s.users {
			if m.user.ID != "" && m.pool != poolNone {
				users = append(users, m)
			}
		}
		for _, g := range s.groups {
			if g.g.ID != "" {
				groups = append(groups, g)
			}
		}
	}
	out.report.Users, out.report.Groups = len(users), len(groups)
	if r.admin != nil {
		out.report.Accounts = len(users)
	}
	fmt.Fprintf(r.log, "reconciling %d users and %d groups ...\n", len(users), len(groups))
	start := time.Now()
	c := r.pass(ctx, users, groups, &out.report)
	out.report.Elapsed = Duration(time.Since(start))
	for len(c.drift) > 0 && ctx.Err() == nil && time.Since(churnEnd)+settlePoll <= r.cfg.Settle {
		time.Sleep(settlePoll)
		users, groups = users[:0], groups[:0]
		for k := range c.drift {
			switch e := k.(type) {
			case *member:
				users = append(users, e)
			case *group:
				groups = append(groups, e)
			}
		}
		// A group's console members need its members' account ids.
		for _, g := range groups {
			users = append(users, g.members.items...)
		}
		c = r.pass(ctx, uniq(users), groups, &out.report)
	}
	if len(c.drift) == 0 && ctx.Err() == nil {
		now := time.Now()
		out.convergedAt = &now
	}
	out.drift = c.summary()
	return out
}

func uniq(ms []*member) []*member {
	seen := map[*member]bool{}
	out := ms[:0:0]
	for _, m := range ms {
		if !seen[m] {
			seen[m] = true
			out = append(out, m)
		}
	}
	return out
}

// pass reads users first (the console groups need their account ids), then groups.
func (r *runner) pass(ctx context.Context, users []*member, groups []*group, rep *ReconcileReport) *checker {
	rep.Passes++
	c := &checker{r: r, drift: map[any][]DriftExample{}, accounts: map[*member]string{}, report: rep}
	r.progress.Start("reconcile", len(users)+len(groups))
	defer r.progress.Done()
	if r.admin != nil && len(groups) > 0 {
		all, err := r.admin.Groups(ctx, r.tenant)
		c.count(1)
		if err != nil {
			c.errorf("console groups: %v", err)
		} else {
			c.console = map[string]admin.Group{}
			for _, g := range all {
				c.console[g.ScimID] = g
			}
		}
	}
	parallel(ctx, r.cfg.workers(), len(users), func(i int) { c.user(ctx, users[i]); r.progress.Add(1) })
	parallel(ctx, r.cfg.workers(), len(groups), func(i int) { c.group(ctx, groups[i]); r.progress.Add(1) })
	return c
}

// parallel runs fn(0..n-1) on at most workers goroutines.
func parallel(ctx context.Context, workers, n int, fn func(int)) {
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(workers, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	for i := 0; i < n && ctx.Err() == nil; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}

func (c *checker) count(n int) {
	c.mu.Lock()
	c.report.Requests += n
	c.mu.Unlock()
}

func (c *checker) errorf(format string, args ...any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.report.Errors++
	if len(c.report.Samples) < maxSamples {
		c.report.Samples = append(c.report.Samples, c.r.mask(fmt.Sprintf(format, args...)))
	}
}

func (c *checker) add(key any, slice, index int, entity, attr, expected, got string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.drift[key] = append(c.drift[key], DriftExample{Slice: slice, Index: index, Entity: entity, Attribute: attr, Expected: expected, Got: got})
}

func (c *checker) get(ctx context.Context, path string) (*simulator.Exchange, error) {
	ex, err := c.r.client.Do(ctx, simulator.Request{Method: http.MethodGet, Path: path, Note: "reconcile"})
	c.count(1)
	return ex, err
}

func userEntity(m *member) string { return fmt.Sprintf("user %q", m.user.UserName) }
func groupEntity(g *group) string { return fmt.Sprintf("group %q", g.g.DisplayName) }

// user compares one user's SCIM resource and account with the directory.
func (c *checker) user(ctx context.Context, m *member) {
	slice, ent := m.sliceID(), userEntity(m)
	drift := func(attr, expected, got string) { c.add(m, slice, m.index, ent, attr, expected, got) }
	ex, err := c.get(ctx, "/Users/"+url.PathEscape(m.user.ID))
	switch {
	case err != nil:
		c.errorf("read %s: %v", ent, err)
	case m.pool == poolRemoved && ex.Status != http.StatusNotFound:
		drift("scim resource", "removed (404)", fmt.Sprint(ex.Status))
	case m.pool == poolRemoved:
	case ex.Status == http.StatusNotFound:
		drift("scim resource", "present", "404")
	case ex.Status != http.StatusOK:
		c.errorf("read %s: expected 200, got %d", ent, ex.Status)
	default:
		mismatches, err := c.r.cfg.Profile.Compare(ex.ResponseBody, m.user)
		if err != nil {
			c.errorf("read %s: %v", ent, err)
		}
		for _, mm := range mismatches {
			got := "nothing"
			if !mm.Missing {
				got = jsonText(mm.Got)
			}
			drift("scim "+mm.Attribute, jsonText(mm.Expected), got)
		}
	}
	if c.r.admin != nil {
		c.account(ctx, m, drift)
	}
}

// account compares the Cantara account (contract section 3): one per
// userName, Account Source SCIM, read-only, the profile's fields, active or
// deactivated (removed users too), and the groups it is in.
func (c *checker) account(ctx context.Context, m *member, drift func(attr, expected, got string)) {
	accounts, err := c.r.admin.FindAccounts(ctx, c.r.tenant, m.user.UserName)
	c.count(1)
	if err != nil {
		c.errorf("read the account of %s: %v", userEntity(m), err)
		return
	}
	if len(accounts) != 1 {
		drift("accounts with this userName", "1", fmt.Sprint(len(accounts)))
		if len(accounts) == 0 {
			return
		}
	}
	a := accounts[0]
	c.mu.Lock()
	c.accounts[m] = a.ID
	c.mu.Unlock()
	check := func(attr, expected, got string) {
		if expected != got {
			drift("account "+attr, jsonText(expected), jsonText(got))
		}
	}
	check("scimId", m.user.ID, a.ScimID)
	check("accountSource", admin.SourceSCIM, a.AccountSource)
	if !a.ReadOnly {
		drift("account readOnly", "true", "false")
	}
	status := admin.StatusActive
	if m.pool != poolActive {
		status = admin.StatusDeactivated
	}
	check("status", status, a.Status)
	for _, attr := range c.r.cfg.Profile.Attributes {
		if attr.Account == "" || attr.Account == "status" {
			continue
		}
		want, ok := attr.UserValue(m.user)
		got, known := a.Field(attr.Account)
		if !ok || !known {
			continue
		}
		check(attr.Account, fmt.Sprint(want), got)
	}
	want := make([]string, 0, len(m.groups))
	for _, g := range m.groups {
		want = append(want, g.g.DisplayName)
	}
	got := slices.Clone(a.Groups)
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(want, got) {
		drift("account groups", listText(want), listText(got))
	}
}

// group compares the SCIM group and the console group with the directory.
func (c *checker) group(ctx context.Context, g *group) {
	slice, ent := g.sliceID(), groupEntity(g)
	drift := func(attr, expected, got string) { c.add(g, slice, 1<<30+g.index, ent, attr, expected, got) }
	ex, err := c.get(ctx, "/Groups/"+url.PathEscape(g.g.ID))
	switch {
	case err != nil:
		c.errorf("read %s: %v", ent, err)
	case g.deleted && ex.Status != http.StatusNotFound:
		drift("scim resource", "deleted (404)", fmt.Sprint(ex.Status))
	case g.deleted:
	case ex.Status == http.StatusNotFound:
		drift("scim resource", "present", "404")
	case ex.Status != http.StatusOK:
		c.errorf("read %s: expected 200, got %d", ent, ex.Status)
	default:
		var doc struct {
			DisplayName string `json:"displayName"`
			Members     []struct {
				Value string `json:"value"`
			} `json:"members"`
		}
		if err := json.Unmarshal(ex.ResponseBody, &doc); err != nil {
			c.errorf("read %s: expected a SCIM Group, got a body that does not parse", ent)
			break
		}
		if doc.DisplayName != g.g.DisplayName {
			drift("scim displayName", jsonText(g.g.DisplayName), jsonText(doc.DisplayName))
		}
		got := make([]string, 0, len(doc.Members))
		for _, mm := range doc.Members {
			got = append(got, mm.Value)
		}
		want := make([]string, 0, g.members.len())
		names := map[string]string{}
		for _, m := range g.members.items {
			want = append(want, m.user.ID)
			names[m.user.ID] = m.user.UserName
		}
		if d := setDiff(want, got, names); d != "" {
			drift("scim members", fmt.Sprintf("%d members", len(want)), d)
		}
	}
	if c.console != nil {
		c.consoleGroup(g, drift)
	}
}

// consoleGroup compares the admin API's group with the directory's.
func (c *checker) consoleGroup(g *group, drift func(attr, expected, got string)) {
	cg, ok := c.console[g.g.ID]
	switch {
	case g.deleted && ok:
		drift("console group", "gone", "still listed")
		return
	case g.deleted:
		return
	case !ok:
		drift("console group", "listed", "missing")
		return
	}
	if cg.DisplayName != g.g.DisplayName {
		drift("console group displayName", jsonText(g.g.DisplayName), jsonText(cg.DisplayName))
	}
	c.mu.Lock()
	want := make([]string, 0, g.members.len())
	names := map[string]string{}
	for _, m := range g.members.items {
		if aid, ok := c.accounts[m]; ok {
			want = append(want, aid)
			names[aid] = m.user.UserName
		}
	}
	c.mu.Unlock()
	if d := setDiff(want, cg.Members, names); d != "" {
		drift("console group members", fmt.Sprintf("%d members", len(want)), d)
	}
}

// setDiff describes how got differs from want ("" when equal as sets),
// naming members by userName where known.
func setDiff(want, got []string, names map[string]string) string {
	w := map[string]bool{}
	for _, v := range want {
		w[v] = true
	}
	g := map[string]bool{}
	var extra, missing []string
	for _, v := range got {
		g[v] = true
		if !w[v] {
			extra = append(extra, nameOf(v, names))
		}
	}
	for _, v := range want {
		if !g[v] {
			missing = append(missing, nameOf(v, names))
		}
	}
	if len(extra) == 0 && len(missing) == 0 && len(got) == len(g) {
		return ""
	}
	var parts []string
	if len(missing) > 0 {
		parts = append(parts, "missing "+firstFew(missing))
	}
	if len(extra) > 0 {
		parts = append(parts, "extra "+firstFew(extra))
	}
	if len(got) != len(g) {
		parts = append(parts, fmt.Sprintf("%d listed twice", len(got)-len(g)))
	}
	return fmt.Sprintf("%d members (%s)", len(got), strings.Join(parts, "; "))
}

func nameOf(id string, names map[string]string) string {
	if n, ok := names[id]; ok {
		return n
	}
	return "id " + id
}

func firstFew(xs []string) string {
	slices.Sort(xs)
	if len(xs) > 3 {
		return fmt.Sprintf("%s and %d more", strings.Join(xs[:3], ", "), len(xs)-3)
	}
	return strings.Join(xs, ", ")
}

func listText(xs []string) string { return jsonText(xs) }

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// summary counts every drift and keeps the first MaxExamples in directory order.
func (c *checker) summary() DriftReport {
	d := DriftReport{ByAttribute: map[string]int{}}
	var all []DriftExample
	for key, list := range c.drift {
		switch key.(type) {
		case *member:
			d.Users++
		case *group:
			d.Groups++
		}
		for _, e := range list {
			d.Total++
			d.ByAttribute[e.Attribute]++
			all = append(all, e)
		}
	}
	sortExamples(all)
	d.Examples = all[:min(MaxExamples, len(all))]
	return d
}
