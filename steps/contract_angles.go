package steps

// Steps that look at a promise from the angles the first scenarios left
// out (docs/promise-angles.md): clearing an attribute, not only changing
// it, and the list view of a lifecycle change, not only the single read.

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/cucumber/godog"
	"github.com/tidwall/gjson"

	"github.com/scimharness/scimharness/simulator"
)

// workPhonePath is the optional profile attribute (contract section 4).
const workPhonePath = `phoneNumbers[type eq "work"].value`

func registerContractAngleSteps(sc *godog.ScenarioContext) {
	sc.Step(`^the client clears the work phone of "([^"]*)" with (a PATCH remove|a PUT that leaves it out)$`, clearWorkPhone)
	sc.Step(`^the SCIM endpoint returns no work phone for "([^"]*)"$`, scimNoWorkPhone)
	sc.Step(`^Cantara's account for "([^"]*)" shows no phone$`, accountShowsNoPhone)
	sc.Step(`^a look-up of "([^"]*)" by user name shows (?:it|them) (active|inactive)$`, lookupShowsActive)
	sc.Step(`^the client changes the user name of "([^"]*)" with a PATCH replace$`, renameUser)
	sc.Step(`^Cantara's account for "([^"]*)" shows the new user name$`, accountShowsNewUserName)
}

// renameUser gives the user a new userName (Entra does so when a UPN
// changes) with an RFC 7644 §3.5.2.3 replace.
func renameUser(ctx context.Context, alias string) (context.Context, error) {
	w, u, err := worldUser(ctx, alias)
	if err != nil {
		return ctx, err
	}
	name := w.Dir.NewUser().UserName
	body := map[string]any{"schemas": []string{patchOpSchema},
		"Operations": []map[string]any{{"op": "replace", "path": "userName", "value": name}}}
	ex, err := w.send(ctx, w.SCIM, simulator.Request{Method: http.MethodPatch, Path: resourcePath("Users", u.ID), Body: body, Note: "rename"}, "rename "+u.UserName)
	if err != nil {
		return ctx, err
	}
	if ex.Status != http.StatusOK && ex.Status != http.StatusNoContent {
		return ctx, w.mismatch(ctx, "renaming "+alias+" to "+name, "200 or 204", ex.Status)
	}
	u.UserName = name
	return ctx, nil
}

func accountShowsNewUserName(ctx context.Context, alias string) (context.Context, error) {
	w, u, err := worldUser(ctx, alias)
	if err != nil {
		return ctx, err
	}
	if _, ok := w.accountIDs[alias]; !ok {
		return ctx, w.failf("expected an earlier step to look at %s's account, got none (add: And Cantara has an account for %q)", alias, alias)
	}
	a, err := w.account(ctx, alias)
	if err != nil {
		return ctx, err
	}
	return ctx, w.expectAccountField(ctx, alias, "userName", u.UserName, a.UserName, "the new user name")
}

// needsPhone skips a phone check when this customer's profile leaves the
// optional phone out: the IdP would never have sent one to clear.
func (w *World) needsPhone() error {
	if _, ok := w.Env.Profile.Attribute(workPhonePath); !ok {
		return w.Skip("the attribute profile holds no " + workPhonePath + ", so the IdP sends no phone to clear")
	}
	return nil
}

// clearWorkPhone removes the user's work phone the two ways a client may:
// an RFC 7644 §3.5.2.2 remove with a value filter, or a PUT of the whole
// resource as read, without phoneNumbers (Okta's and Ping's way).
func clearWorkPhone(ctx context.Context, alias, how string) (context.Context, error) {
	w, u, err := worldUser(ctx, alias)
	if err != nil {
		return ctx, err
	}
	if err := w.needsPhone(); err != nil {
		return ctx, err
	}
	var ex *simulator.Exchange
	if how == "a PATCH remove" {
		body := map[string]any{"schemas": []string{patchOpSchema},
			"Operations": []map[string]any{{"op": "remove", "path": `phoneNumbers[type eq "work"]`}}}
		ex, err = w.send(ctx, w.SCIM, simulator.Request{Method: http.MethodPatch, Path: resourcePath("Users", u.ID), Body: body, Note: "remove the work phone"}, "clear the phone of "+u.UserName)
	} else {
		var read *simulator.Exchange
		if read, err = w.getUserOK(ctx, u); err != nil {
			return ctx, err
		}
		var doc map[string]any
		if err := json.Unmarshal(read.ResponseBody, &doc); err != nil || doc == nil {
			return ctx, w.mismatch(ctx, "GET /Users/"+u.ID, "a JSON object", fmt.Sprintf("%d bytes that do not parse", len(read.ResponseBody)))
		}
		delete(doc, "phoneNumbers")
		ex, err = w.sendPut(ctx, u, doc, "put without phoneNumbers", "clear the phone of "+u.UserName)
	}
	if err != nil {
		return ctx, err
	}
	if ex.Status != http.StatusOK && ex.Status != http.StatusNoContent {
		return ctx, w.mismatch(ctx, "clearing the work phone of "+w.userWords(alias), "200 or 204", ex.Status)
	}
	u.Phone = ""
	return ctx, nil
}

func scimNoWorkPhone(ctx context.Context, alias string) (context.Context, error) {
	w, _, ex, err := readUser(ctx, alias)
	if err != nil {
		return ctx, err
	}
	if err := w.anchorResource(ctx, ex); err != nil {
		return ctx, err
	}
	if v := gjson.GetBytes(ex.ResponseBody, `phoneNumbers.#(type=="work")`); v.Exists() {
		return ctx, w.mismatchMeaning(ctx, "the SCIM user "+w.userWords(alias)+", work phone", "none (cleared)", describe(v), "the IdP cleared it; the target kept it")
	}
	return ctx, nil
}

// accountShowsNoPhone reads the account through the admin adapter (a 404
// or a broken answer fails there) and requires its phone empty.
func accountShowsNoPhone(ctx context.Context, alias string) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	if err := w.needsPhone(); err != nil {
		return ctx, err
	}
	a, err := w.account(ctx, alias)
	if err != nil {
		return ctx, err
	}
	return ctx, w.expectAccountField(ctx, alias, "phone", "", a.Phone, "cleared in the IdP")
}

// lookupShowsActive finds the user the IdP's way and checks active in the
// list it answers: a single read and a list must agree.
func lookupShowsActive(ctx context.Context, alias, state string) (context.Context, error) {
	w, u, err := worldUser(ctx, alias)
	if err != nil {
		return ctx, err
	}
	ex, err := w.lookup(ctx, u.UserName)
	if err != nil {
		return ctx, err
	}
	items, err := w.listResources(ctx, ex)
	if err != nil {
		return ctx, err
	}
	if len(items) != 1 || items[0].Get("id").String() != u.ID {
		return ctx, w.mismatch(ctx, "look-up of "+u.UserName, "exactly "+alias, w.nameIDs(idsOf(items)))
	}
	want := state == "active"
	if got := items[0].Get("active"); !got.IsBool() || got.Bool() != want {
		return ctx, w.mismatch(ctx, "the SCIM user "+w.userWords(alias)+", active in the look-up", want, describe(got))
	}
	return ctx, nil
}
