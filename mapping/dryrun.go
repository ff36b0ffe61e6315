package mapping

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/scimharness/scimharness/admin"
	"github.com/scimharness/scimharness/simulator"
)

// Target is where the dry run provisions: the tenant's SCIM base and
// token, and optionally the admin API that shows the Cantara account.
type Target struct {
	BaseURL, Token                 string
	AdminURL, AdminToken, TenantID string // all empty: SCIM read-back only
	HTTPClient                     *http.Client
	Masker                         *simulator.Masker
	Describe                       string // for the report; no secret in it
	Embedded                       bool
}

func (t Target) hasAdmin() bool { return t.AdminURL != "" && t.AdminToken != "" && t.TenantID != "" }

// Verdicts of one user × attribute cell.
const (
	VerdictOK         = "ok"
	VerdictNotMapped  = "not-mapped"  // mapping: no row fills it
	VerdictEmpty      = "empty"       // mapping: the row gave nothing for this user
	VerdictStaticOnly = "static-only" // the row's source cannot be evaluated: never a pass
	VerdictNotStored  = "not-stored"  // Cantara: SCIM did not keep what the IdP sent
	VerdictNotShown   = "not-shown"   // Cantara: the account does not show what SCIM stored
	VerdictRefused    = "refused"     // Cantara refused to create the user
	VerdictNoUserName = "no-username" // mapping: nothing to create the user with
	VerdictExisting   = "existing"    // a user with this userName is already on the target: not touched
	VerdictErrored    = "errored"     // transport or harness trouble: no verdict
)

// Cell is one user × required attribute: from the IdP's source value to
// what the Cantara account shows.
type Cell struct {
	User      string  `json:"user"`      // the userName the IdP sends, or the sample's CSV line
	Attribute string  `json:"attribute"` // the SCIM path Cantara requires
	Source    string  `json:"source"`    // the IdP attributes the row reads, with this user's values
	Sent      *string `json:"sent"`      // nil: the IdP sends nothing
	Stored    *string `json:"stored"`    // nil: SCIM holds nothing (or was not read)
	Shown     *string `json:"shown"`     // nil: the account shows nothing (or was not read)
	Verdict   string  `json:"verdict"`
	Blame     Blame   `json:"blame,omitempty"`
	Detail    string  `json:"detail,omitempty"`

	emptySources []string
}

// DryRun is the dry run's outcome.
type DryRun struct {
	Users        int      `json:"users"`
	UsersFrom    string   `json:"usersFrom"` // the CSV, or "generated (seed N)"
	Dialect      string   `json:"dialect"`
	AdminChecked bool     `json:"adminChecked"` // the Cantara account was read through the admin API
	Cells        []Cell   `json:"cells"`
	Cleanup      []string `json:"cleanup,omitempty"` // users the check could not remove again
	Removed      int      `json:"removed"`
}

// dryRun provisions each sample user in the IdP's dialect, reads it back
// through SCIM and the admin API, records a cell per required attribute,
// and removes every user it created.
func dryRun(ctx context.Context, m *Mapping, reqs []Requirement, users []SampleUser, t Target, dialect simulator.Dialect) (*DryRun, error) {
	plan, err := planRows(m)
	if err != nil {
		return nil, err
	}
	client := simulator.NewClient(simulator.ClientConfig{BaseURL: t.BaseURL, Token: t.Token, Masker: t.Masker, HTTPClient: t.HTTPClient})
	if plan.matching != "" {
		dialect.LookupAttribute = plan.matching
	}
	idp := simulator.NewIdP(client, dialect, plan.profile, nil)
	var ac *admin.Client
	if t.hasAdmin() {
		ac = admin.NewWithClient(simulator.NewClient(simulator.ClientConfig{BaseURL: t.AdminURL, Token: t.AdminToken, Masker: t.Masker, HTTPClient: t.HTTPClient, UserAgent: "scimharness-admin/1"}))
	}
	dr := &DryRun{Users: len(users), Dialect: dialect.Name, AdminChecked: ac != nil}
	var created []*simulator.User
	defer func() {
		dr.Removed, dr.Cleanup = cleanup(context.WithoutCancel(ctx), client, created)
	}()
	for i, su := range users {
		if ctx.Err() != nil {
			return dr, fmt.Errorf("dry run interrupted after %d of %d users: %w", i, len(users), ctx.Err())
		}
		sent := plan.evaluate(su.Values)
		label := sent.userName
		if label == "" {
			label = fmt.Sprintf("sample user %d", i+1)
			if su.Line > 0 {
				label = fmt.Sprintf("line %d of the users file", su.Line)
			}
		}
		cells := make([]Cell, 0, len(reqs))
		for _, q := range reqs {
			if q.Required {
				cells = append(cells, plan.cell(q, label, su.Values, sent))
			}
		}
		outcome := provisionOne(ctx, idp, ac, t, sent, label)
		if outcome.user != nil {
			created = append(created, outcome.user)
		}
		for j := range cells {
			outcome.judge(&cells[j], reqs)
		}
		dr.Cells = append(dr.Cells, cells...)
	}
	return dr, nil
}

// rowPlan is the mapping made ready to evaluate and send.
type rowPlan struct {
	byTarget map[string]Row // canonical target → the row that writes it (the last of duplicates)
	paths    map[string]simulator.AttrPath
	profile  simulator.Profile
	matching string // Entra's matching target when it is not userName
}

func planRows(m *Mapping) (*rowPlan, error) {
	p := &rowPlan{byTarget: map[string]Row{}, paths: map[string]simulator.AttrPath{}}
	type entry struct {
		SCIM string `json:"scim"`
	}
	var attrs []entry
	best := 0
	for _, r := range m.Rows {
		path, err := simulator.CheckTarget(r.Target)
		if err != nil {
			continue // an unknown or read-only target: a static finding, never sent
		}
		k := path.CanonicalPath()
		if _, seen := p.byTarget[k]; !seen {
			attrs = append(attrs, entry{r.Target})
		}
		p.byTarget[k], p.paths[k] = r, path
		if r.Matching > 0 && (best == 0 || r.Matching < best) {
			best = r.Matching
			p.matching = r.Target
		}
	}
	if _, ok := p.byTarget["username"]; !ok {
		attrs = append(attrs, entry{"userName"}) // the profile needs one; the plan sends none
	}
	if strings.EqualFold(p.matching, "userName") {
		p.matching = ""
	}
	doc, _ := json.Marshal(map[string]any{"source": "mapping check: " + m.File, "attributes": attrs})
	prof, err := simulator.ParseProfile(doc)
	if err != nil {
		return nil, fmt.Errorf("mapping check: build the profile to send: %w", err)
	}
	p.profile = prof
	return p, nil
}

// sentUser is what the IdP sends for one sample user.
type sentUser struct {
	values    map[string]string // canonical target → value sent
	evaluated map[string]bool   // canonical target → the row could be evaluated
	userName  string
}

func (p *rowPlan) evaluate(v Values) sentUser {
	s := sentUser{values: map[string]string{}, evaluated: map[string]bool{}}
	for k, r := range p.byTarget {
		val, ok, evaluated := r.Eval(v)
		s.evaluated[k] = evaluated
		if ok && evaluated {
			s.values[k] = val
		}
	}
	s.userName = s.values["username"]
	return s
}

// cell starts a user × attribute cell with what the mapping does.
func (p *rowPlan) cell(q Requirement, label string, v Values, s sentUser) Cell {
	k := q.path.CanonicalPath()
	c := Cell{User: label, Attribute: q.SCIM}
	r, mapped := p.byTarget[k]
	if !mapped {
		c.Verdict, c.Blame, c.Source = VerdictNotMapped, BlameMapping, "(no row)"
		return c
	}
	var parts []string
	for _, a := range r.Attrs {
		val, _ := v.Get(a)
		parts = append(parts, fmt.Sprintf("%s=%q", a, val))
		if val == "" {
			c.emptySources = append(c.emptySources, a)
		}
	}
	c.Source = strings.Join(parts, ", ")
	if len(parts) == 0 {
		c.Source = r.Source
	}
	switch {
	case !s.evaluated[k]:
		c.Verdict, c.Detail = VerdictStaticOnly, "checked statically only: "+r.static
	case s.values[k] == "":
		c.Verdict, c.Blame = VerdictEmpty, BlameMapping
	default:
		val := s.values[k]
		c.Sent = &val
	}
	return c
}

// provisioned is what happened to one sample user on the target.
type provisioned struct {
	user     *simulator.User // created by the check (to remove again); nil otherwise
	verdict  string          // "" when created; else why not (refused, existing, ...)
	blame    Blame
	detail   string
	resource []byte
	account  *admin.Account
	readErr  string // the read-back failed (errored)
}

// provisionOne sends one user as the IdP would and reads it back.
func provisionOne(ctx context.Context, idp *simulator.IdP, ac *admin.Client, t Target, s sentUser, label string) provisioned {
	if s.userName == "" {
		return provisioned{verdict: VerdictNoUserName, blame: BlameMapping, detail: "the mapping sends no userName for this user, and no SCIM create goes without one"}
	}
	u := &simulator.User{UserName: s.userName, Active: true, Extra: map[string]any{}}
	for _, a := range idp.Profile.Attributes {
		k := a.Path().CanonicalPath()
		v, ok := s.values[k]
		if !ok {
			continue
		}
		switch k {
		case "active":
			if b, isBool := parseActive(v); isBool {
				u.Extra[a.SCIM], u.Active = b, b
				continue
			}
		case "name.givenname":
			u.GivenName = v
		case "name.familyname":
			u.FamilyName = v
		}
		u.Extra[a.SCIM] = v
	}
	// A user the target already holds is someone's real account: never
	// link to it, change it or remove it.
	ex, err := idp.Client.Do(ctx, simulator.Request{Method: http.MethodGet, Path: "/Users", RawQuery: idp.Dialect.LookupRawQuery(lookupValue(idp, u)), Note: "mapping check: is the user already there?"})
	if err != nil {
		return provisioned{verdict: VerdictErrored, blame: BlameHarness, detail: "look-up: " + err.Error()}
	}
	if ex.Status == http.StatusOK {
		var list struct {
			TotalResults int `json:"totalResults"`
		}
		if json.Unmarshal(ex.ResponseBody, &list) == nil && list.TotalResults > 0 {
			return provisioned{verdict: VerdictExisting, detail: "a user with this " + idp.Dialect.LookupAttribute + " is already on the target; the check leaves it alone"}
		}
	}
	_, err = idp.Provision(ctx, u)
	if err != nil {
		var se *simulator.StatusError
		if errors.As(err, &se) && se.Exchange != nil && se.Exchange.Status >= 400 && se.Exchange.Status < 500 {
			return provisioned{verdict: VerdictRefused, blame: BlameCantara, detail: err.Error()}
		}
		return provisioned{verdict: VerdictErrored, blame: BlameHarness, detail: err.Error()}
	}
	out := provisioned{user: u}
	if u.Linked {
		out.user = nil // appeared between the look-up and the create: not ours
	}
	got, err := idp.Client.Do(ctx, simulator.Request{Method: http.MethodGet, Path: "/Users/" + u.ID, Note: "mapping check: read back through SCIM"})
	switch {
	case err != nil:
		out.readErr = "SCIM read-back: " + err.Error()
	case got.Status != http.StatusOK:
		out.readErr = fmt.Sprintf("SCIM read-back: expected 200, got %d", got.Status)
	default:
		out.resource = got.ResponseBody
	}
	if ac != nil && out.readErr == "" {
		acct, err := ac.FindAccount(ctx, t.TenantID, u.UserName)
		if err != nil {
			out.readErr = "admin API read-back: " + err.Error()
		} else {
			out.account = &acct
		}
	}
	return out
}

func lookupValue(idp *simulator.IdP, u *simulator.User) string {
	if strings.EqualFold(idp.Dialect.LookupAttribute, "userName") {
		return u.UserName
	}
	if a, ok := idp.Profile.Attribute(idp.Dialect.LookupAttribute); ok {
		if v, ok := a.UserValue(u); ok {
			return fmt.Sprint(v)
		}
	}
	return u.UserName
}

// parseActive reads the value an IdP's active row gives.
func parseActive(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "1", "active", "enabled", "yes":
		return true, true
	case "false", "0", "inactive", "deactivated", "disabled", "suspended", "no":
		return false, true
	}
	return false, false
}

// judge completes a cell with what the target stored and shows.
func (o provisioned) judge(c *Cell, reqs []Requirement) {
	if o.verdict != "" { // the user was not created
		if c.Sent != nil {
			c.Verdict, c.Blame, c.Detail = o.verdict, o.blame, o.detail
		}
		return
	}
	var q Requirement
	for _, r := range reqs {
		if r.SCIM == c.Attribute {
			q = r
		}
	}
	if o.resource != nil {
		if v, ok, err := simulator.ResourceValue(o.resource, q.SCIM); err == nil && ok && v != nil {
			s := scalarText(v)
			c.Stored = &s
		}
	}
	if o.account != nil && q.Account != "" {
		if v, ok := o.account.Field(q.Account); ok && v != "" {
			c.Shown = &v
		}
	}
	if c.Sent == nil {
		return // the mapping's verdict stands; stored/shown are shown for the record
	}
	switch {
	case o.readErr != "":
		c.Verdict, c.Blame, c.Detail = VerdictErrored, BlameHarness, o.readErr
	case c.Stored == nil || !sameValue(q, *c.Sent, *c.Stored):
		c.Verdict, c.Blame = VerdictNotStored, BlameCantara
	case o.account != nil && q.Account != "" && (c.Shown == nil || !sameValue(q, *c.Sent, *c.Shown)):
		c.Verdict, c.Blame = VerdictNotShown, BlameCantara
	default:
		c.Verdict = VerdictOK
	}
}

func scalarText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case bool:
		return fmt.Sprint(x)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// sameValue compares what the IdP sent with what the target holds: active
// as a boolean (the account says "active"/"deactivated"), userName without
// case (contract section 2), anything else exactly.
func sameValue(q Requirement, sent, got string) bool {
	if strings.EqualFold(q.path.Attr, "active") && q.path.Schema == "" {
		s, ok1 := parseActive(sent)
		g, ok2 := parseActive(got)
		return ok1 && ok2 && s == g
	}
	if strings.EqualFold(q.path.Attr, "userName") && q.path.Schema == "" {
		return strings.EqualFold(sent, got)
	}
	return sent == got
}

// cleanup removes every user the dry run created. On Cantara the account
// stays, deactivated (contract section 2: DELETE never erases an account).
func cleanup(ctx context.Context, c *simulator.Client, users []*simulator.User) (removed int, left []string) {
	for i := len(users) - 1; i >= 0; i-- {
		u := users[i]
		ex, err := c.Do(ctx, simulator.Request{Method: http.MethodDelete, Path: "/Users/" + u.ID, Note: "mapping check: remove the sample user"})
		switch {
		case err != nil:
			left = append(left, fmt.Sprintf("%s: %v", u.UserName, err))
		case ex.Status != http.StatusNoContent && ex.Status != http.StatusOK && ex.Status != http.StatusNotFound:
			left = append(left, fmt.Sprintf("%s: DELETE answered %d", u.UserName, ex.Status))
		default:
			removed++
		}
	}
	return removed, left
}
