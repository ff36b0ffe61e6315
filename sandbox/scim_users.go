package sandbox

import (
	"net/http"
	"strings"

	"github.com/scimharness/scimharness/sandbox/engine"
)

// quirks are the engine's normalisation switches for this sandbox's faults.
func (s *Sandbox) quirks() engine.Quirks {
	return engine.Quirks{
		RejectStringBooleans: s.faults.on(FaultRejectStringBooleans),
		KeepDuplicateValues:  s.faults.on(FaultKeepDuplicateValues),
	}
}

// patchOptions map the PATCH-level faults onto the engine.
func (s *Sandbox) patchOptions() engine.PatchOptions {
	return engine.PatchOptions{
		Quirks:                  s.quirks(),
		StrictOpCase:            s.faults.on(FaultRejectCapitalisedOps),
		IgnoreNoPathReplace:     s.faults.on(FaultIgnoreNoPathReplace),
		BareRemoveClearsMembers: s.faults.on(FaultBareRemoveEmptiesGroup),
		NonAtomic:               s.faults.on(FaultNonAtomicPatch),
	}
}

func userKind(s *Sandbox, tenant string) resourceKind {
	k := resourceKind{
		kind:     KindUser,
		name:     "User",
		rs:       s.users,
		check:    s.checkUser,
		written:  s.userWritten,
		deleted:  s.userDeleted,
		renderer: renderUser,
	}
	if s.faults.on(FaultGlobalUsernameUniqueness) {
		k = s.withGlobalUserNames(k, tenant)
	}
	return k
}

// checkUser validates a User about to be stored and applies the update faults.
func (s *Sandbox) checkUser(tx Tx, old, next engine.Resource) *engine.Error {
	userName, _ := next["userName"].(string)
	if strings.TrimSpace(userName) == "" {
		return engine.Errorf(http.StatusBadRequest, engine.ScimTypeInvalidValue, "expected a non-empty userName, got %v", next["userName"])
	}
	selfID := ""
	if old != nil {
		selfID, _ = old["id"].(string)
	}
	if s.userNameInUse(tx, userName, selfID) {
		return userNameTaken(userName)
	}
	if old != nil {
		s.applyUpdateFaults(old, next)
	}
	if s.faults.on(FaultDropLocale) {
		delete(next, "locale")
	}
	return nil
}

func userNameTaken(userName string) *engine.Error {
	return engine.Errorf(http.StatusConflict, engine.ScimTypeUniqueness, "expected a unique userName, got %q which is already taken", userName)
}

// userNameInUse: userName is unique per tenant, case-insensitively
// (RFC 7643 §4.1.1 caseExact false; contract section 2).
func (s *Sandbox) userNameInUse(tx Tx, userName, selfID string) bool {
	if s.faults.on(FaultDuplicateUsernameAllowed) {
		return false
	}
	for _, u := range tx.UserNamesLike(userName) {
		if u.ID == selfID {
			continue
		}
		other := u.UserName
		fold := strings.EqualFold
		if s.faults.on(FaultASCIIUserNameFolding) {
			fold = asciiEqualFold
		}
		if other == userName || (!s.faults.on(FaultCaseSensitiveUsername) && fold(other, userName)) {
			return true
		}
	}
	return false
}

// withGlobalUserNames wraps the User hooks for the
// global-username-uniqueness fault: a userName first written by another
// tenant counts as taken here, though the contract makes userName unique
// per tenant only.
func (s *Sandbox) withGlobalUserNames(k resourceKind, tenant string) resourceKind {
	check, written := k.check, k.written
	k.check = func(tx Tx, old, next engine.Resource) *engine.Error {
		if e := check(tx, old, next); e != nil {
			return e
		}
		userName := str(next["userName"])
		if owner, ok := s.userNameTenants.Load(strings.ToLower(userName)); ok && owner != tenant {
			return userNameTaken(userName)
		}
		return nil
	}
	k.written = func(tx Tx, old, u engine.Resource) {
		written(tx, old, u)
		s.userNameTenants.LoadOrStore(strings.ToLower(str(u["userName"])), tenant)
	}
	return k
}

// updateFaultAttrs are "name, email, phone" of the ignore-updates fault.
var updateFaultAttrs = []string{"name", "emails", "phoneNumbers"}

func (s *Sandbox) applyUpdateFaults(old, next engine.Resource) {
	if s.faults.on(FaultIgnoreUpdates) {
		for _, a := range updateFaultAttrs {
			if v, ok := old[a]; ok {
				next[a] = v
			} else {
				delete(next, a)
			}
		}
	}
	if s.faults.on(FaultIgnoreActiveFalse) {
		if b, ok := next["active"].(bool); ok && !b {
			if ob, ok := old["active"].(bool); ok {
				next["active"] = ob
			} else {
				next["active"] = true
			}
		}
	}
}

// userWritten mirrors a stored User onto its Cantara account. A create
// whose userName belongs to an account removed via DELETE reactivates that
// account (contract section 2) instead of making a new one.
func (s *Sandbox) userWritten(tx Tx, old, u engine.Resource) {
	id, _ := u["id"].(string)
	acct, found := tx.AccountByScimID(id)
	if old == nil && !s.faults.on(FaultNoReactivate) {
		userName, _ := u["userName"].(string)
		for _, a := range tx.AccountsByUserName(userName) {
			if a.AccountSource == SourceSCIM && a.Status == StatusDeactivated && !liveSCIM(tx, a) {
				acct, found = a, true
				break
			}
		}
	}
	if !found {
		acct = Account{ID: newID(), AccountSource: SourceSCIM}
	}
	acct.ScimID = id
	before := acct
	fillAccount(&acct, u)
	s.loseReactivation(&acct, old, u)
	if found && s.faults.on(FaultAccountKeepsUserName) {
		acct.UserName = before.UserName
	}
	if found && s.faults.on(FaultAccountKeepsLocale) {
		acct.Locale = before.Locale
	}
	if found && acct.Phone == "" && s.faults.on(FaultAccountKeepsClearedPhone) {
		acct.Phone = before.Phone
	}
	if s.faults.on(FaultAccountFirstEmail) {
		acct.Email, acct.Phone = firstValue(u["emails"]), firstValue(u["phoneNumbers"])
	}
	tx.PutAccount(acct)
}

// liveSCIM reports whether the account's SCIM user still exists.
func liveSCIM(tx Tx, a Account) bool {
	if a.ScimID == "" {
		return false
	}
	_, ok := tx.Get(KindUser, a.ScimID)
	return ok
}

// fillAccount copies the profile attributes (contract section 4) onto an account.
func fillAccount(a *Account, u engine.Resource) {
	a.UserName = str(u["userName"])
	a.ExternalID = str(u["externalId"])
	a.DisplayName = str(u["displayName"])
	name, _ := u["name"].(map[string]any)
	a.GivenName = str(name["givenName"])
	a.FamilyName = str(name["familyName"])
	a.Email = workValue(u["emails"])
	a.Phone = workValue(u["phoneNumbers"])
	a.Locale = str(u["locale"])
	a.Status = StatusActive
	if b, ok := u["active"].(bool); ok && !b {
		a.Status = StatusDeactivated
	}
}

// firstValue is the account-first-email fault's choice: the first listed
// value, whatever its type.
func firstValue(v any) string {
	list, _ := v.([]any)
	for _, item := range list {
		if m, ok := item.(map[string]any); ok {
			return str(m["value"])
		}
	}
	return ""
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// workValue picks the work value of a multi-valued attribute, else the
// primary one, else the first (contract: "the work (or primary) values").
func workValue(v any) string {
	list, _ := v.([]any)
	var primary, first string
	for _, item := range list {
		m, ok := item.(map[string]any)
		if !ok {
			continue
		}
		val := str(m["value"])
		if strings.EqualFold(str(m["type"]), "work") && val != "" {
			return val
		}
		if p, _ := m["primary"].(bool); p && primary == "" {
			primary = val
		}
		if first == "" {
			first = val
		}
	}
	if primary != "" {
		return primary
	}
	return first
}

// userDeleted removes the user from every group and deactivates (or, with
// the erase-on-delete fault, erases) the Cantara account.
func (s *Sandbox) userDeleted(tx Tx, old engine.Resource) {
	id, _ := old["id"].(string)
	now := s.clock.Now()
	for _, g := range tx.GroupsOf(id) {
		next := engine.Clone(g)
		if rest := withoutMember(g["members"], id); len(rest) > 0 {
			next["members"] = rest
		} else {
			delete(next, "members") // RFC 7643 §2.5: an empty multi-valued attribute is unassigned
		}
		next["meta"] = bumpMeta(g, "Group", now)
		_ = tx.Put(KindGroup, next) // the id is known valid: it came from the store
		if !s.faults.on(FaultGroupsNotSynced) {
			s.syncGroupMembers(tx, next)
		}
	}
	acct, ok := tx.AccountByScimID(id)
	if !ok {
		return
	}
	if s.faults.on(FaultEraseOnDelete) {
		for _, g := range tx.GroupsOfAccount(acct.ID) {
			g.Members = removeString(g.Members, acct.ID)
			tx.PutGroup(g)
		}
		tx.DeleteAccount(acct.ID)
		return
	}
	acct.Status = StatusDeactivated
	tx.PutAccount(acct)
}

// renderUser adds the readOnly "groups" attribute (RFC 7643 §4.1.2) from
// the store's membership index: a user's groups, never every group.
func renderUser(c *scimCtx, tx Tx) func(engine.Resource) engine.Resource {
	return func(u engine.Resource) engine.Resource {
		id, _ := u["id"].(string)
		var gs []any
		for _, g := range tx.GroupRefsOf(id) {
			gs = append(gs, map[string]any{
				"value": g.ID, "display": g.DisplayName, "$ref": c.base + "/Groups/" + g.ID, "type": "direct",
			})
		}
		if len(gs) > 0 {
			u["groups"] = gs
		} else {
			delete(u, "groups")
		}
		return u
	}
}

// asciiEqualFold is FaultASCIIUserNameFolding's comparison: case folded
// for A–Z only, as byte-wise lower-casing code does.
func asciiEqualFold(a, b string) bool {
	lower := func(s string) string {
		out := []byte(s)
		for i, c := range out {
			if c >= 'A' && c <= 'Z' {
				out[i] = c + 'a' - 'A'
			}
		}
		return string(out)
	}
	return lower(a) == lower(b)
}
