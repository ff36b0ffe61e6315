package steps

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"sort"
	"strings"

	"github.com/cucumber/godog"

	"github.com/scimharness/scimharness/admin"
	"github.com/scimharness/scimharness/simulator"
)

func registerAdminAPISteps(sc *godog.ScenarioContext) {
	sc.Step(`^a request reaches the admin API (without an admin token|with a wrong admin token)$`, adminRequestWithoutToken)
	sc.Step(`^the admin API refuses it as unauthorised$`, adminRefused)
	sc.Step(`^an administrator creates a tenant$`, adminCreatesTenant)
	sc.Step(`^the new tenant has an id, the name given and a creation time$`, tenantShape)
	sc.Step(`^Cantara shows the new tenant by its id$`, tenantReadBack)
	sc.Step(`^the tenant list includes the new tenant$`, tenantListed)
	sc.Step(`^an administrator reads (a tenant|an account) that does not exist$`, adminReadsUnknown)
	sc.Step(`^the admin API answers 404 with an error code and detail$`, adminAnswered404)
	sc.Step(`^an administrator searches the accounts for the user name of "([^"]*)" in upper case$`, adminSearchUpper)
	sc.Step(`^the search finds exactly the account of "([^"]*)"$`, adminSearchFound)
	sc.Step(`^Cantara's account for "([^"]*)" has no SCIM id$`, accountHasNoScimID)
	sc.Step(`^an administrator tries to change every field of the account for "([^"]*)"$`, editEveryField)
	sc.Step(`^Cantara's account for "([^"]*)" is unchanged$`, accountUnchanged)
}

// adminProbe keeps one raw admin API exchange (an admin.Client probe) for
// the Then steps to judge, as the last exchange of the scenario.
func (w *World) adminProbe(ex *simulator.Exchange, err error) (*simulator.Exchange, error) {
	if err := w.opDone("call the admin API", ex, err); err != nil {
		return ex, err
	}
	w.scratch().adminProbe = ex
	return ex, nil
}

// adminRequestWithoutToken lists the tenants (the least harmful call)
// without the admin token, or with one that was never issued.
func adminRequestWithoutToken(ctx context.Context, how string) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	token := ""
	if how == "with a wrong admin token" {
		token = "scimharness-wrong-admin-" + strings.ReplaceAll(w.Dir.GUID(), "-", "")
		w.Env.Masker.Add(token)
	}
	_, err = w.adminProbe(w.Admin.ProbeTenantList(ctx, token, how))
	return ctx, err
}

// lastAdminProbe returns the World and the last raw admin API exchange.
func lastAdminProbe(ctx context.Context) (*World, *simulator.Exchange, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return nil, nil, err
	}
	ex := w.scratch().adminProbe
	if ex == nil {
		return w, nil, w.failf("expected an admin API request earlier in this scenario, got none")
	}
	return w, ex, nil
}

func adminRefused(ctx context.Context) (context.Context, error) {
	w, ex, err := lastAdminProbe(ctx)
	if err != nil {
		return ctx, err
	}
	return ctx, w.checkAdminError(ctx, "GET /tenants without a valid admin token", ex, http.StatusUnauthorized, "")
}

// adminCreatesTenant creates a tenant with a generated name. The admin API
// cannot delete tenants, so it stays (empty).
func adminCreatesTenant(ctx context.Context) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	s := w.scratch()
	s.tenantName = "scimharness tenant " + w.Dir.Suffix() + " " + w.Dir.GUID()[:8]
	ex, err := w.adminProbe(w.Admin.ProbeCreateTenant(ctx, s.tenantName))
	if err != nil {
		return ctx, err
	}
	if ex.Status != http.StatusCreated {
		return ctx, w.mismatch(ctx, "POST /tenants", 201, ex.Status)
	}
	return ctx, nil
}

func tenantShape(ctx context.Context) (context.Context, error) {
	w, ex, err := lastAdminProbe(ctx)
	if err != nil {
		return ctx, err
	}
	doc, _, decodeErr := admin.DecodeTenant(ex)
	s := w.scratch()
	s.tenantID = doc.ID
	switch {
	case doc.ID == "" && decodeErr == nil:
		return ctx, w.mismatch(ctx, "the new tenant's id", "an id", "none")
	case decodeErr == nil && doc.Name != s.tenantName:
		return ctx, w.mismatch(ctx, "the new tenant's name", fmt.Sprintf("%q", s.tenantName), fmt.Sprintf("%q", doc.Name))
	case decodeErr != nil:
		return ctx, w.failf("the new tenant: %v\n\n%s", decodeErr, ex.String())
	}
	return ctx, nil
}

// newTenantID returns the World and the id of the tenant the scenario created.
func newTenantID(ctx context.Context) (*World, string, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return nil, "", err
	}
	id := w.scratch().tenantID
	if id == "" {
		return w, "", w.failf("expected a tenant created (and its id checked) earlier in this scenario, got none")
	}
	return w, id, nil
}

func tenantReadBack(ctx context.Context) (context.Context, error) {
	w, id, err := newTenantID(ctx)
	if err != nil {
		return ctx, err
	}
	t, err := w.Admin.Tenant(ctx, id)
	if err := w.adminDone("read the new tenant", err); err != nil {
		return ctx, err
	}
	if t.ID != id || t.Name != w.scratch().tenantName {
		return ctx, w.mismatch(ctx, "GET /tenants/"+id, fmt.Sprintf("id %s named %q", id, w.scratch().tenantName), fmt.Sprintf("id %s named %q", t.ID, t.Name))
	}
	return ctx, nil
}

func tenantListed(ctx context.Context) (context.Context, error) {
	w, id, err := newTenantID(ctx)
	if err != nil {
		return ctx, err
	}
	list, err := w.Admin.Tenants(ctx)
	if err := w.adminDone("list the tenants", err); err != nil {
		return ctx, err
	}
	for _, t := range list {
		if t.ID == id {
			return ctx, nil
		}
	}
	return ctx, w.mismatch(ctx, "GET /tenants", "a list including tenant "+id, fmt.Sprintf("%d tenants without it", len(list)))
}

func adminReadsUnknown(ctx context.Context, what string) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	unknown := "scimharness-none-" + w.Dir.GUID()
	note := "read " + what + " that does not exist"
	if what == "an account" {
		_, err = w.adminProbe(w.Admin.ProbeAccount(ctx, w.Env.Target.Tenant(), unknown, note))
	} else {
		_, err = w.adminProbe(w.Admin.ProbeTenant(ctx, unknown, note))
	}
	return ctx, err
}

func adminAnswered404(ctx context.Context) (context.Context, error) {
	w, ex, err := lastAdminProbe(ctx)
	if err != nil {
		return ctx, err
	}
	return ctx, w.checkAdminError(ctx, ex.Method+" "+ex.URL, ex, http.StatusNotFound, "")
}

func adminSearchUpper(ctx context.Context, alias string) (context.Context, error) {
	w, upper, err := upperUserName(ctx, alias)
	if err != nil {
		return ctx, err
	}
	list, err := w.findAccounts(ctx, upper, "search the accounts by user name")
	if err != nil {
		return ctx, err
	}
	w.Vars["account search"] = strings.Join(accountIDsOf(list), ",")
	return ctx, nil
}

func adminSearchFound(ctx context.Context, alias string) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	found, ok := w.Vars["account search"]
	if !ok {
		return ctx, w.failf("expected an account search earlier in this scenario, got none")
	}
	a, err := w.account(ctx, alias)
	if err != nil {
		return ctx, err
	}
	if found != a.ID {
		return ctx, w.mismatch(ctx, "accounts found by the upper-case user name", "exactly the account of "+w.userWords(alias), fmt.Sprintf("[%s]", found))
	}
	return ctx, nil
}

func accountHasNoScimID(ctx context.Context, alias string) (context.Context, error) {
	return checkAccount(ctx, alias, "scimId", "", func(a admin.Account) string { return a.ScimID })
}

// accountFields is the account as a field → value map, for comparisons
// that must name every field that differs.
func accountFields(a admin.Account) map[string]any {
	raw, _ := json.Marshal(a)
	var m map[string]any
	_ = json.Unmarshal(raw, &m)
	return m
}

// editEveryField tries to change every editable Account field at once; a
// read-only account must refuse and keep all of them.
func editEveryField(ctx context.Context, alias string) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	other := w.Dir.NewUser()
	e, err := w.editAccount(ctx, alias, "every field", "", func(before admin.Account) map[string]any {
		fields := map[string]any{
			"userName": other.UserName, "externalId": other.ExternalID, "displayName": "Edited " + other.DisplayName,
			"givenName": other.GivenName, "familyName": other.FamilyName, "email": other.Email, "phone": other.Phone,
			"locale": "fr-CA", "status": admin.StatusDeactivated,
		}
		if before.Locale == "fr-CA" {
			fields["locale"] = "de-DE"
		}
		return fields
	})
	if err != nil {
		return ctx, err
	}
	w.scratch().before = accountFields(e.before)
	return ctx, nil
}

func accountUnchanged(ctx context.Context, alias string) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	before := w.scratch().before
	if before == nil {
		return ctx, w.failf("expected an administrator's edit of %s earlier in this scenario, got none", alias)
	}
	a, err := w.account(ctx, alias)
	if err != nil {
		return ctx, err
	}
	after := accountFields(a)
	var diffs []string
	for k, v := range before {
		if !reflect.DeepEqual(v, after[k]) {
			diffs = append(diffs, fmt.Sprintf("%s %v → %v", k, v, after[k]))
		}
	}
	sort.Strings(diffs)
	if len(diffs) > 0 {
		return ctx, w.mismatchMeaning(ctx, w.accountWords(alias)+" after the refused edit", "every field as before", strings.Join(diffs, "; "),
			"the console changed a provisioned account; the contract makes it read-only")
	}
	return ctx, nil
}
