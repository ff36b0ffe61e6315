package sandbox

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/scimharness/scimharness/sandbox/engine"
)

// adminRealm names the admin API's protection space in WWW-Authenticate.
const adminRealm = "cantara-admin"

func writeJSON(w http.ResponseWriter, status int, body any) {
	buf, err := json.Marshal(body)
	if err != nil {
		status = http.StatusInternalServerError
		buf = []byte(`{"error":"internal","detail":"encoding the response failed"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(buf)
}

func writeAdminError(w http.ResponseWriter, err error) {
	var ae *AdminError
	if !errors.As(err, &ae) {
		ae = &AdminError{Status: http.StatusInternalServerError, Code: "internal", Detail: "internal error"}
	}
	writeJSON(w, ae.Status, map[string]string{"error": ae.Code, "detail": ae.Detail})
}

// adminErr builds an admin error; client input among args is clipped (engine.Detailf).
func adminErr(status int, code, format string, args ...any) *AdminError {
	return &AdminError{Status: status, Code: code, Detail: engine.Detailf(format, args...)}
}

// serveAdmin routes /admin/v1/... (contract section 3).
func (s *Sandbox) serveAdmin(w http.ResponseWriter, r *http.Request, rest string) {
	if s.faults.on(FaultAdminErrorShape) {
		w = &errorShapeWriter{ResponseWriter: w}
	}
	if !s.adminAuthorized(r) && !s.faults.on(FaultAdminAuthOff) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="`+adminRealm+`"`)
		writeAdminError(w, adminErr(http.StatusUnauthorized, "unauthorized", "a valid admin token is required"))
		return
	}
	parts := strings.Split(strings.Trim(rest, "/"), "/")
	a := &adminCtx{s: s, w: w, r: r}
	route := func(methods map[string]func()) {
		if h, ok := methods[r.Method]; ok {
			h()
			return
		}
		allow := make([]string, 0, len(methods))
		for m := range methods {
			allow = append(allow, m)
		}
		slices.Sort(allow)
		w.Header().Set("Allow", strings.Join(allow, ", ")) // RFC 9110 §15.5.6
		writeAdminError(w, adminErr(http.StatusMethodNotAllowed, "method_not_allowed", "expected one of the documented methods for %s, got %s", r.URL.Path, r.Method))
	}
	switch {
	case len(parts) == 1 && parts[0] == "clock":
		route(map[string]func(){http.MethodGet: a.getClock, http.MethodPost: a.advanceClock})
	case len(parts) == 1 && parts[0] == "tenants":
		route(map[string]func(){http.MethodGet: a.listTenants, http.MethodPost: a.createTenant})
	case len(parts) >= 2 && parts[0] == "tenants":
		a.tenant = parts[1]
		if _, ok := s.store.Tenant(a.tenant); !ok {
			if s.faults.on(FaultAdminUnknown200) {
				writeJSON(w, http.StatusOK, map[string]any{})
				return
			}
			writeAdminError(w, adminErr(http.StatusNotFound, "not_found", "expected an existing tenant, got %q", a.tenant))
			return
		}
		switch {
		case len(parts) == 2:
			route(map[string]func(){http.MethodGet: a.getTenant})
		case len(parts) == 3 && parts[2] == "provisioning-tokens":
			route(map[string]func(){http.MethodGet: a.listTokens, http.MethodPost: a.createToken})
		case len(parts) == 4 && parts[2] == "provisioning-tokens":
			route(map[string]func(){http.MethodDelete: func() { a.deleteToken(parts[3]) }})
		case len(parts) == 3 && parts[2] == "accounts":
			route(map[string]func(){http.MethodGet: a.listAccounts, http.MethodPost: a.createAccount})
		case len(parts) == 4 && parts[2] == "accounts":
			route(map[string]func(){http.MethodGet: func() { a.getAccount(parts[3]) }, http.MethodPatch: func() { a.patchAccount(parts[3]) }})
		case len(parts) == 3 && parts[2] == "groups":
			route(map[string]func(){http.MethodGet: a.listGroups})
		default:
			a.notFound()
		}
	default:
		a.notFound()
	}
}

type adminCtx struct {
	s      *Sandbox
	w      http.ResponseWriter
	r      *http.Request
	tenant string
}

func (a *adminCtx) notFound() {
	writeAdminError(a.w, adminErr(http.StatusNotFound, "not_found", "expected a documented admin path, got %s", a.r.URL.Path))
}

// decode reads an optional JSON object body into dst; unknown fields are
// rejected so a typo does not pass silently.
func (a *adminCtx) decode(dst any, optional bool) bool {
	raw, err := readBody(a.w, a.r, a.s.maxBody)
	if errors.Is(err, errBodyTooLarge) {
		writeAdminError(a.w, adminErr(http.StatusRequestEntityTooLarge, "too_large", "expected a body of at most %d bytes", a.s.maxBody))
		return false
	}
	if err != nil {
		writeAdminError(a.w, adminErr(http.StatusBadRequest, "invalid_request", "reading the body failed"))
		return false
	}
	if optional && len(bytes.TrimSpace(raw)) == 0 {
		return true
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		writeAdminError(a.w, adminErr(http.StatusBadRequest, "invalid_request", "expected a JSON object with the documented fields, got: %v", err))
		return false
	}
	return true
}

func (a *adminCtx) getClock() {
	writeJSON(a.w, http.StatusOK, map[string]string{"now": a.s.clock.Now().Format(time.RFC3339)})
}

func (a *adminCtx) advanceClock() {
	var body struct {
		Advance string `json:"advance"`
	}
	if !a.decode(&body, false) {
		return
	}
	d, err := time.ParseDuration(body.Advance)
	if err != nil {
		writeAdminError(a.w, adminErr(http.StatusBadRequest, "invalid_request", "expected advance as a Go duration such as \"720h\", got %q", body.Advance))
		return
	}
	writeJSON(a.w, http.StatusOK, map[string]string{"now": a.s.clock.Advance(d).Format(time.RFC3339)})
}

func (a *adminCtx) listTenants() {
	tenants := a.s.store.Tenants()
	if tenants == nil {
		tenants = []Tenant{}
	}
	writeJSON(a.w, http.StatusOK, map[string]any{"tenants": tenants})
}

func (a *adminCtx) createTenant() {
	var body struct {
		Name string `json:"name"`
		ID   string `json:"id"`
	}
	if !a.decode(&body, false) {
		return
	}
	t, err := a.s.CreateTenant(body.Name, body.ID)
	a.reply(http.StatusCreated, t, err)
}

func (a *adminCtx) getTenant() {
	t, _ := a.s.store.Tenant(a.tenant)
	writeJSON(a.w, http.StatusOK, t)
}

func (a *adminCtx) createToken() {
	var body struct {
		ExpiresAt string `json:"expiresAt"`
	}
	if !a.decode(&body, true) {
		return
	}
	var expires time.Time
	if body.ExpiresAt != "" {
		var err error
		if expires, err = time.Parse(time.RFC3339, body.ExpiresAt); err != nil {
			writeAdminError(a.w, adminErr(http.StatusBadRequest, "invalid_expiry", "expected expiresAt in RFC 3339, got %q", body.ExpiresAt))
			return
		}
	}
	secret, info, err := a.s.IssueToken(a.tenant, expires)
	if err != nil {
		writeAdminError(a.w, err)
		return
	}
	writeJSON(a.w, http.StatusCreated, map[string]any{
		"id": info.ID, "token": secret, "createdAt": info.CreatedAt.Format(time.RFC3339), "expiresAt": info.ExpiresAt.Format(time.RFC3339),
	})
}

func (a *adminCtx) listTokens() {
	now := a.s.clock.Now()
	out := []map[string]any{}
	for _, rec := range a.s.store.Tokens(a.tenant) {
		item := map[string]any{
			"id": rec.ID, "createdAt": rec.CreatedAt.Format(time.RFC3339), "expiresAt": rec.ExpiresAt.Format(time.RFC3339),
			"status": tokenStatus(rec, now), "hint": rec.Hint,
		}
		if a.s.faults.on(FaultExpiredTokenListedActive) {
			item["status"] = tokenStatusActive
		}
		if a.s.faults.on(FaultTokenHashInListing) {
			item["hash"] = hex.EncodeToString(rec.Hash[:])
		}
		if a.s.faults.on(FaultTokenInListing) && rec.Secret != "" {
			item["token"] = rec.Secret
		}
		out = append(out, item)
	}
	writeJSON(a.w, http.StatusOK, map[string]any{"tokens": out})
}

func (a *adminCtx) deleteToken(id string) {
	if err := a.s.store.MarkTokenDeleted(a.tenant, id); err != nil {
		writeAdminError(a.w, adminErr(http.StatusNotFound, "not_found", "expected an existing token id, got %q", id))
		return
	}
	a.w.WriteHeader(http.StatusNoContent)
}

func (a *adminCtx) listAccounts() {
	userName, filtered := a.r.URL.Query()["userName"]
	var out []Account
	err := a.s.store.View(a.tenant, func(tx Tx) error {
		var accts []Account
		if filtered {
			accts = tx.AccountsByUserName(userName[0])
			if a.s.faults.on(FaultAdminUsernameCaseSensitive) {
				accts = slices.DeleteFunc(accts, func(x Account) bool { return x.UserName != userName[0] })
			}
		} else {
			accts = tx.Accounts()
		}
		for _, acct := range accts {
			out = append(out, a.s.presentAccount(acct, tx.GroupsOfAccount(acct.ID)))
		}
		return nil
	})
	if out == nil {
		out = []Account{}
	}
	a.reply(http.StatusOK, map[string]any{"accounts": out}, err)
}

// presentAccount fills the derived fields: group names, readOnly, and the
// account-source-local fault's lie about the source.
func (s *Sandbox) presentAccount(acct Account, groups []CantaraGroup) Account {
	acct.ReadOnly = acct.AccountSource == SourceSCIM && !s.faults.on(FaultSCIMAccountNotReadOnly)
	acct.Groups = []string{}
	for _, g := range groups {
		for _, m := range g.Members {
			if m == acct.ID {
				name := g.DisplayName
				if s.faults.on(FaultAccountGroupsIDs) {
					name = g.ID
				}
				acct.Groups = append(acct.Groups, name)
				break
			}
		}
	}
	if s.faults.on(FaultAccountSourceLocal) {
		acct.AccountSource = SourceLocal
	} else if s.faults.on(FaultLocalAccountSourceSCIM) && acct.AccountSource == SourceLocal {
		acct.AccountSource = SourceSCIM
	}
	return acct
}

func (a *adminCtx) getAccount(id string) {
	var out Account
	err := a.s.store.View(a.tenant, func(tx Tx) error {
		acct, ok := tx.Account(id)
		if !ok && a.s.faults.on(FaultAdminUnknown200) {
			return nil // out stays the zero Account: a 200 for nothing
		}
		if !ok {
			return adminErr(http.StatusNotFound, "not_found", "expected an existing account id, got %q", id)
		}
		out = a.s.presentAccount(acct, tx.GroupsOfAccount(acct.ID))
		return nil
	})
	a.reply(http.StatusOK, out, err)
}

// accountFields are the editable account fields of admin POST and PATCH.
type accountFields struct {
	UserName    *string `json:"userName"`
	ExternalID  *string `json:"externalId"`
	DisplayName *string `json:"displayName"`
	GivenName   *string `json:"givenName"`
	FamilyName  *string `json:"familyName"`
	Email       *string `json:"email"`
	Phone       *string `json:"phone"`
	Locale      *string `json:"locale"`
	Status      *string `json:"status"`
}

func (f accountFields) apply(acct *Account) *AdminError {
	if f.Status != nil && *f.Status != StatusActive && *f.Status != StatusDeactivated {
		return adminErr(http.StatusBadRequest, "invalid_request", "expected status %q or %q, got %q", StatusActive, StatusDeactivated, *f.Status)
	}
	if f.UserName != nil && strings.TrimSpace(*f.UserName) == "" {
		return adminErr(http.StatusBadRequest, "invalid_request", "expected a non-empty userName, got none")
	}
	for _, p := range []struct {
		src *string
		dst *string
	}{{f.UserName, &acct.UserName}, {f.ExternalID, &acct.ExternalID}, {f.DisplayName, &acct.DisplayName},
		{f.GivenName, &acct.GivenName}, {f.FamilyName, &acct.FamilyName}, {f.Email, &acct.Email},
		{f.Phone, &acct.Phone}, {f.Locale, &acct.Locale}, {f.Status, &acct.Status}} {
		if p.src != nil {
			*p.dst = *p.src
		}
	}
	return nil
}

func (a *adminCtx) createAccount() {
	var body accountFields
	if !a.decode(&body, false) {
		return
	}
	if body.UserName == nil {
		writeAdminError(a.w, adminErr(http.StatusBadRequest, "invalid_request", "expected a userName, got none"))
		return
	}
	acct := Account{ID: newID(), AccountSource: SourceLocal, Status: StatusActive}
	var out Account
	err := a.s.store.Update(a.tenant, func(tx Tx) error {
		if len(tx.AccountsByUserName(*body.UserName)) > 0 {
			return adminErr(http.StatusConflict, "conflict", "expected a new userName, got %q which an account already has", *body.UserName)
		}
		if e := body.apply(&acct); e != nil {
			return e
		}
		tx.PutAccount(acct)
		out = a.s.presentAccount(acct, tx.GroupsOfAccount(acct.ID))
		return nil
	})
	a.reply(http.StatusCreated, out, err)
}

// patchAccount edits a Local account; SCIM accounts are read-only in
// Cantara (contract section 1.6): 409 read_only, nothing changed.
func (a *adminCtx) patchAccount(id string) {
	var body accountFields
	if !a.decode(&body, false) {
		return
	}
	var out Account
	err := a.s.store.Update(a.tenant, func(tx Tx) error {
		acct, ok := tx.Account(id)
		if !ok {
			return adminErr(http.StatusNotFound, "not_found", "expected an existing account id, got %q", id)
		}
		readOnly := acct.AccountSource == SourceSCIM && !a.s.faults.on(FaultAllowAdminEditSCIM)
		if acct.AccountSource == SourceLocal && a.s.faults.on(FaultLocalAccountReadonly) {
			readOnly = true
		}
		if readOnly && a.s.faults.on(FaultReadOnlyPartialWrite) && body.apply(&acct) == nil {
			tx.PutAccount(acct) // the memory store has no rollback: this edit stays
		}
		if readOnly {
			return adminErr(http.StatusConflict, "read_only", "expected a Local account, got a %s account whose fields are managed by the IdP", acct.AccountSource)
		}
		if e := body.apply(&acct); e != nil {
			return e
		}
		tx.PutAccount(acct)
		out = a.s.presentAccount(acct, tx.GroupsOfAccount(acct.ID))
		return nil
	})
	a.reply(http.StatusOK, out, err)
}

// reply writes body with status, or the admin error when err is set.
func (a *adminCtx) reply(status int, body any, err error) {
	if err != nil {
		writeAdminError(a.w, err)
		return
	}
	writeJSON(a.w, status, body)
}

func (a *adminCtx) listGroups() {
	var groups []CantaraGroup
	err := a.s.store.View(a.tenant, func(tx Tx) error {
		groups = tx.Groups()
		return nil
	})
	if groups == nil {
		groups = []CantaraGroup{}
	}
	a.reply(http.StatusOK, map[string]any{"groups": groups}, err)
}

// errorShapeWriter implements the admin-error-shape fault: every admin
// error leaves as {"message": ...} instead of {"error","detail"}.
type errorShapeWriter struct {
	http.ResponseWriter
	status int
}

func (e *errorShapeWriter) WriteHeader(status int) {
	e.status = status
	e.ResponseWriter.WriteHeader(status)
}

func (e *errorShapeWriter) Write(b []byte) (int, error) {
	if e.status < http.StatusBadRequest {
		return e.ResponseWriter.Write(b)
	}
	var doc map[string]string
	if json.Unmarshal(b, &doc) != nil {
		return e.ResponseWriter.Write(b)
	}
	out, _ := json.Marshal(map[string]string{"message": doc["error"] + ": " + doc["detail"]})
	if _, err := e.ResponseWriter.Write(out); err != nil {
		return 0, err
	}
	return len(b), nil
}
