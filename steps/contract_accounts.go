package steps

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/cucumber/godog"

	"github.com/scimharness/scimharness/admin"
	"github.com/scimharness/scimharness/simulator"
)

// accountEdit is an administrator's edit and how Cantara answered it.
type accountEdit struct {
	alias, field, value string
	before              admin.Account
	err                 error
}

func registerAccountSteps(sc *godog.ScenarioContext) {
	sc.Step(`^Cantara has an account for "([^"]*)"$`, hasAccount)
	sc.Step(`^Cantara's account for "([^"]*)" shows every required attribute as sent$`, accountShowsRequired)
	sc.Step(`^Cantara's account for "([^"]*)" shows Account Source "([^"]*)"$`, accountSource)
	sc.Step(`^Cantara's account for "([^"]*)" is (read-only|editable)$`, accountReadOnly)
	sc.Step(`^Cantara's account for "([^"]*)" is (active|deactivated)$`, accountStatus)
	sc.Step(`^Cantara's account for "([^"]*)" shows the new (name|email|phone|locale)$`, accountShowsNew)
	sc.Step(`^Cantara's account for "([^"]*)" is the same account as before$`, accountSameAsBefore)
	sc.Step(`^Cantara's account for "([^"]*)" still shows the display name the IdP sent$`, accountKeepsDisplayName)
	sc.Step(`^Cantara's account for "([^"]*)" (lists|does not list) the group "([^"]*)"$`, accountListsGroup)
	sc.Step(`^an administrator creates a local account "([^"]*)" in the console$`, createLocalAccount)
	sc.Step(`^an administrator (?:changes|tries to change) the display name of the account for "([^"]*)"$`, editDisplayName)
	sc.Step(`^Cantara saves the change$`, changeSaved)
	sc.Step(`^Cantara refuses the change as read-only$`, changeRefused)
	sc.Step(`^Cantara shows the group "([^"]*)" with the members? `+memberList+`$`, adminGroupHasMembers)
}

// account reads the Cantara account of a user: by the id seen first when
// there is one (so a removed-then-erased account is noticed), else by
// userName, which must match exactly one account.
func (w *World) account(ctx context.Context, alias string) (admin.Account, error) {
	u, err := w.user(alias)
	if err != nil {
		return admin.Account{}, err
	}
	tid := w.Env.Target.Tenant()
	if id, ok := w.accountIDs[alias]; ok {
		a, err := w.Admin.GetAccount(ctx, tid, id)
		w.remember(w.Admin.LastExchange())
		if errors.Is(err, admin.ErrNotFound) {
			return a, w.mismatchMeaning(ctx, w.accountWords(alias), "the account Cantara had to still exist", "404", meaningErased)
		}
		return a, w.adminDone("read "+w.accountWords(alias), err)
	}
	list, err := w.findAccounts(ctx, u.UserName, "find "+w.accountWords(alias))
	if err != nil {
		return admin.Account{}, err
	}
	if len(list) != 1 {
		return admin.Account{}, w.mismatch(ctx, fmt.Sprintf("Cantara accounts with userName %q", u.UserName), "exactly 1", len(list))
	}
	w.accountIDs[alias] = list[0].ID
	return list[0], nil
}

// findAccounts searches the tenant's accounts by userName (what names the
// search, for its failure).
func (w *World) findAccounts(ctx context.Context, userName, what string) ([]admin.Account, error) {
	list, err := w.Admin.FindAccounts(ctx, w.Env.Target.Tenant(), userName)
	return list, w.adminDone(what, err)
}

// accountIDsOf lists the ids of accounts.
func accountIDsOf(list []admin.Account) []string {
	ids := make([]string, 0, len(list))
	for _, a := range list {
		ids = append(ids, a.ID)
	}
	return ids
}

// userAccount is the preamble of a check on a user's Cantara account: the
// World, the user and the account.
func userAccount(ctx context.Context, alias string) (*World, *simulator.User, admin.Account, error) {
	w, u, err := worldUser(ctx, alias)
	if err != nil {
		return nil, nil, admin.Account{}, err
	}
	a, err := w.account(ctx, alias)
	if err != nil {
		return nil, nil, admin.Account{}, err
	}
	return w, u, a, nil
}

func hasAccount(ctx context.Context, alias string) (context.Context, error) {
	w, u, a, err := userAccount(ctx, alias)
	if err != nil {
		return ctx, err
	}
	if a.ScimID != u.ID {
		return ctx, w.mismatch(ctx, "the account's scimId", u.ID+" (the SCIM id)", fmt.Sprintf("%q", a.ScimID))
	}
	return ctx, nil
}

// accountShowsRequired compares each required profile attribute with the
// Account field the profile maps it to; "active" shows as the status. A
// profile with no required attribute the user has a value for compares
// nothing, so that skips.
func accountShowsRequired(ctx context.Context, alias string) (context.Context, error) {
	w, u, a, err := userAccount(ctx, alias)
	if err != nil {
		return ctx, err
	}
	var diffs []string
	compared := 0
	for _, attr := range w.Env.Profile.Required() {
		sent, ok := attr.UserValue(u)
		if !ok {
			continue
		}
		want := accountValue(sent)
		got, known := a.Field(attr.Account)
		if !known {
			return ctx, w.failf("expected the profile to map %s to an Account field, got %q, which the admin adapter does not know", attr.SCIM, attr.Account)
		}
		compared++
		if got != want {
			diffs = append(diffs, fmt.Sprintf("%s (%s): expected %q, got %q", attr.Account, attr.SCIM, want, got))
		}
	}
	if len(diffs) > 0 {
		return ctx, w.mismatch(ctx, w.accountWords(alias), "every required attribute as sent", strings.Join(diffs, "; "))
	}
	if compared == 0 {
		return ctx, w.Skip("the attribute profile holds no required attribute " + alias + " has a value for, so there is nothing to compare on the account")
	}
	return ctx, nil
}

// accountValue renders a sent SCIM value as the console shows it.
func accountValue(v any) string {
	if b, ok := v.(bool); ok {
		if b {
			return admin.StatusActive
		}
		return admin.StatusDeactivated
	}
	return fmt.Sprint(v)
}

func accountSource(ctx context.Context, alias, want string) (context.Context, error) {
	return checkAccount(ctx, alias, "Account Source", want, func(a admin.Account) string { return a.AccountSource })
}

func accountReadOnly(ctx context.Context, alias, state string) (context.Context, error) {
	want := fmt.Sprint(state == "read-only")
	return checkAccount(ctx, alias, "readOnly", want, func(a admin.Account) string { return fmt.Sprint(a.ReadOnly) })
}

func accountStatus(ctx context.Context, alias, want string) (context.Context, error) {
	return checkAccount(ctx, alias, "status", want, func(a admin.Account) string { return a.Status })
}

func checkAccount(ctx context.Context, alias, what, want string, field func(admin.Account) string) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	a, err := w.account(ctx, alias)
	if err != nil {
		return ctx, err
	}
	return ctx, w.expectAccountField(ctx, alias, what, want, field(a), "")
}

// expectAccountField compares one field of alias's account; note says
// what the expected value is ("the new value"), "" for nothing.
func (w *World) expectAccountField(ctx context.Context, alias, what, want, got, note string) error {
	if got == want {
		return nil
	}
	expected := fmt.Sprintf("%q", want)
	if note != "" {
		expected += " (" + note + ")"
	}
	return w.mismatchMeaning(ctx, w.accountWords(alias)+", "+what, expected, fmt.Sprintf("%q", got), accountFieldMeaning(what, want, note))
}

// accountShowsNew compares the account fields the changed attributes map
// to; when the profile maps none of them it skips rather than pass having
// compared nothing.
func accountShowsNew(ctx context.Context, alias, what string) (context.Context, error) {
	w, u, a, err := userAccount(ctx, alias)
	if err != nil {
		return ctx, err
	}
	compared := 0
	for _, p := range changedPaths[what] {
		attr, ok := w.Env.Profile.Attribute(p)
		if !ok || attr.Account == "" {
			continue
		}
		compared++
		want, _ := attr.UserValue(u)
		got, _ := a.Field(attr.Account)
		if err := w.expectAccountField(ctx, alias, attr.Account, fmt.Sprint(want), got, "the new value"); err != nil {
			return ctx, err
		}
	}
	if compared == 0 {
		return ctx, w.Skip(fmt.Sprintf("the attribute profile maps none of %s to a Cantara account field, so the account shows no %s change to compare", strings.Join(changedPaths[what], ", "), what))
	}
	return ctx, nil
}

// accountSameAsBefore finds the user's accounts by userName now and
// requires exactly the one seen earlier: not erased, not duplicated.
func accountSameAsBefore(ctx context.Context, alias string) (context.Context, error) {
	w, u, err := worldUser(ctx, alias)
	if err != nil {
		return ctx, err
	}
	before, ok := w.accountIDs[alias]
	if !ok {
		return ctx, w.failf("expected an earlier step to look at %s's account, got none (add: And Cantara has an account for %q)", alias, alias)
	}
	list, err := w.findAccounts(ctx, u.UserName, "find "+w.accountWords(alias))
	if err != nil {
		return ctx, err
	}
	ids := accountIDsOf(list)
	if len(ids) == 1 && ids[0] == before {
		return ctx, nil
	}
	return ctx, w.notTheSameAccount(ctx, alias, before, ids)
}

// notTheSameAccount says what became of the account Cantara had: erased
// (its id answers 404), renamed, or joined by a new account. The count is
// in brackets so one defect reads the same whatever the numbers.
func (w *World) notTheSameAccount(ctx context.Context, alias, before string, ids []string) error {
	now := fmt.Sprintf("(accounts with that userName now: %d)", len(ids))
	if slices.Contains(ids, before) {
		return w.mismatchMeaning(ctx, w.accountWords(alias), "the same account as before", "a new account beside it "+now,
			"the person has two accounts; the contract brings back the same account")
	}
	old, err := w.Admin.GetAccount(ctx, w.Env.Target.Tenant(), before)
	ex := w.Admin.LastExchange()
	switch {
	case errors.Is(err, admin.ErrNotFound):
		w.remember(ex)
		return w.mismatchMeaning(ctx, w.accountWords(alias), "the same account as before", "that account gone: reading it answers 404 "+now, meaningErased)
	case err == nil:
		w.remember(ex)
		return w.mismatch(ctx, w.accountWords(alias), "the same account as before", fmt.Sprintf("that account under userName %q %s", old.UserName, now))
	}
	return w.mismatch(ctx, w.accountWords(alias), "the same account as before", "another one "+now)
}

func accountKeepsDisplayName(ctx context.Context, alias string) (context.Context, error) {
	_, u, err := worldUser(ctx, alias)
	if err != nil {
		return ctx, err
	}
	return checkAccount(ctx, alias, "displayName", u.DisplayName, func(a admin.Account) string { return a.DisplayName })
}

func accountListsGroup(ctx context.Context, alias, verdict, groupAlias string) (context.Context, error) {
	w, g, err := worldGroup(ctx, groupAlias)
	if err != nil {
		return ctx, err
	}
	a, err := w.account(ctx, alias)
	if err != nil {
		return ctx, err
	}
	// Anchor: an account without its groups list cannot show a group missing.
	if a.Groups == nil {
		return ctx, w.mismatch(ctx, w.accountWords(alias), `an account with its "groups" list`, "no groups list")
	}
	has := false
	for _, name := range a.Groups {
		if name == g.DisplayName {
			has = true
		}
	}
	if want := verdict == "lists"; has != want {
		expected := fmt.Sprintf("groups including %q", g.DisplayName)
		if !want {
			expected = fmt.Sprintf("groups without %q", g.DisplayName)
		}
		return ctx, w.mismatch(ctx, w.accountWords(alias)+", groups", expected, fmt.Sprintf("%q", a.Groups))
	}
	return ctx, nil
}

// createLocalAccount creates a console account for a generated person. The
// contract has no account deletion, so the cleanup deactivates it.
func createLocalAccount(ctx context.Context, alias string) (context.Context, error) {
	w, u, err := worldNewUser(ctx, alias)
	if err != nil {
		return ctx, err
	}
	tid := w.Env.Target.Tenant()
	if u, err = w.unusedLocalPerson(ctx, alias, u); err != nil {
		return ctx, err
	}
	a, err := w.Admin.CreateLocalAccount(ctx, tid, admin.NewAccount{
		UserName: u.UserName, DisplayName: u.DisplayName, GivenName: u.GivenName, FamilyName: u.FamilyName, Email: u.Email,
	})
	if a.ID != "" {
		w.accountIDs[alias] = a.ID
		id := a.ID
		w.Defer("deactivate local account "+alias, func(ctx context.Context) error {
			_, err := w.Admin.PatchAccount(ctx, tid, id, map[string]any{"status": admin.StatusDeactivated})
			return err
		})
	}
	return ctx, w.adminDone("an administrator creates a local account", err)
}

// localNameTries bounds the search for a user name no account has yet.
const localNameTries = 20

// unusedLocalPerson returns u, or the directory's next person when an
// account already has u's user name: a Local account outlives the run that
// made it (the contract cannot delete one), so a second run with the same
// seed against the same tenant finds the first run's. The draw stays
// deterministic for a given seed and tenant.
func (w *World) unusedLocalPerson(ctx context.Context, alias string, u *simulator.User) (*simulator.User, error) {
	for range localNameTries {
		found, err := w.Admin.FindAccounts(ctx, w.Env.Target.Tenant(), u.UserName)
		if err != nil {
			return nil, w.adminDone("an administrator looks up the user name", err)
		}
		if len(found) == 0 {
			return u, nil
		}
		u = w.Dir.NewUser()
		w.Users[alias] = u
	}
	return nil, w.failf("expected a user name no account of the tenant has, got %d taken in a row", localNameTries)
}

// editAccount makes an administrator's edit of alias's account and keeps
// the outcome for the Then steps; a refusal is not a failure here, only
// no answer at all is.
func (w *World) editAccount(ctx context.Context, alias, field, value string, fields func(before admin.Account) map[string]any) (*accountEdit, error) {
	before, err := w.account(ctx, alias)
	if err != nil {
		return nil, err
	}
	_, editErr := w.Admin.PatchAccount(ctx, w.Env.Target.Tenant(), before.ID, fields(before))
	w.remember(w.Admin.LastExchange())
	if errors.Is(editErr, simulator.ErrTransport) {
		return nil, w.opFailed("an administrator edits the account", nil, editErr)
	}
	w.edit = &accountEdit{alias: alias, field: field, value: value, before: before, err: editErr}
	return w.edit, nil
}

// editDisplayName makes an administrator's edit and keeps the outcome for
// the Then step; a refusal is not a failure here.
func editDisplayName(ctx context.Context, alias string) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	value := "Edited " + w.Dir.NewUser().DisplayName
	_, err = w.editAccount(ctx, alias, "displayName", value, func(admin.Account) map[string]any {
		return map[string]any{"displayName": value}
	})
	return ctx, err
}

// lastEdit returns the World and the administrator's last edit.
func lastEdit(ctx context.Context) (*World, *accountEdit, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return nil, nil, err
	}
	if w.edit == nil {
		return w, nil, w.failf("expected an administrator's edit earlier in this scenario, got none")
	}
	return w, w.edit, nil
}

func changeSaved(ctx context.Context) (context.Context, error) {
	w, e, err := lastEdit(ctx)
	if err != nil {
		return ctx, err
	}
	if e.err != nil {
		return ctx, w.mismatch(ctx, "the administrator's edit", "200 with the change saved", statusOf(e.err))
	}
	a, err := w.account(ctx, e.alias)
	if err != nil {
		return ctx, err
	}
	if a.DisplayName != e.value {
		return ctx, w.mismatch(ctx, "displayName after the edit", fmt.Sprintf("%q", e.value), fmt.Sprintf("%q", a.DisplayName))
	}
	return ctx, nil
}

func changeRefused(ctx context.Context) (context.Context, error) {
	w, e, err := lastEdit(ctx)
	if err != nil {
		return ctx, err
	}
	if !errors.Is(e.err, admin.ErrReadOnly) {
		return ctx, w.mismatch(ctx, "the administrator's edit of a provisioned account", `409 with error "read_only"`, statusOf(e.err))
	}
	return ctx, w.checkAdminError(ctx, "the administrator's edit of a provisioned account", admin.ExchangeOf(e.err), http.StatusConflict, "read_only")
}

// statusOf describes an admin call's outcome for "got ...".
func statusOf(err error) string {
	if err == nil {
		return "success (200)"
	}
	var ae *admin.Error
	if errors.As(err, &ae) && ae.Status != nil && ae.Status.Exchange != nil {
		if ae.Code != "" {
			return fmt.Sprintf("%d with error %q", ae.Status.Exchange.Status, ae.Code)
		}
		return fmt.Sprint(ae.Status.Exchange.Status)
	}
	return err.Error()
}

// adminGroupOf finds a SCIM group in Cantara's console by its SCIM id; n
// is how many groups the console lists, for a "got" that lacks it.
func (w *World) adminGroupOf(ctx context.Context, g *simulator.Group) (cg admin.Group, found bool, n int, err error) {
	groups, err := w.Admin.Groups(ctx, w.Env.Target.Tenant())
	if err := w.adminDone("list Cantara's groups", err); err != nil {
		return admin.Group{}, false, 0, err
	}
	for _, cg := range groups {
		if cg.ScimID == g.ID {
			return cg, true, len(groups), nil
		}
	}
	return admin.Group{}, false, len(groups), nil
}

// adminGroupHasMembers finds the group in the console (by its SCIM id) and
// compares its member accounts with the named users' accounts.
func adminGroupHasMembers(ctx context.Context, groupAlias, members string) (context.Context, error) {
	w, g, err := worldGroup(ctx, groupAlias)
	if err != nil {
		return ctx, err
	}
	var want []string
	for _, alias := range names(members) {
		a, err := w.account(ctx, alias)
		if err != nil {
			return ctx, err
		}
		want = append(want, a.ID)
	}
	cg, found, n, err := w.adminGroupOf(ctx, g)
	switch {
	case err != nil:
		return ctx, err
	case !found:
		return ctx, w.mismatchMeaning(ctx, "Cantara's groups", fmt.Sprintf("the %s the IdP created", w.groupWords(groupAlias)), fmt.Sprintf("%d groups without it", n),
			"group memberships did not reach Cantara; the contract shows them")
	case !sameSet(want, cg.Members):
		return ctx, w.mismatchMeaning(ctx, "Cantara's members of "+w.groupWords(groupAlias), w.describeAccounts(want), w.describeAccounts(cg.Members),
			"membership changes did not reach Cantara; the contract shows them")
	case cg.DisplayName != g.DisplayName:
		return ctx, w.mismatch(ctx, "Cantara's name of the "+w.groupWords(groupAlias), fmt.Sprintf("%q", g.DisplayName), fmt.Sprintf("%q", cg.DisplayName))
	}
	return ctx, nil
}

// describeAccounts names account ids by the userNames the IdP sent.
func (w *World) describeAccounts(ids []string) string {
	return describeMembers(ids, func(id string) (string, bool) {
		for alias, aid := range w.accountIDs {
			if aid == id {
				if u, ok := w.Users[alias]; ok {
					return u.UserName, true
				}
				return alias, true
			}
		}
		return "", false
	})
}
