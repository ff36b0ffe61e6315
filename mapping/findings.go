package mapping

import (
	"fmt"
	"slices"
	"strings"

	"github.com/scimharness/scimharness/reports"
	"github.com/scimharness/scimharness/simulator"
)

// Severity: an error blocks go-live; a warning is worth a look.
type Severity string

const (
	SevError   Severity = "error"
	SevWarning Severity = "warning"
)

// Blame says whose fault a finding is.
type Blame string

const (
	BlameMapping Blame = reports.BlameMapping // the customer's mapping: they fix it in their IdP
	BlameCantara Blame = reports.BlameCantara // the target lost or changed what the IdP sent
	BlameHarness Blame = reports.BlameHarness // a transport error or a harness fault: nobody's verdict
)

// Finding codes, stable for scripts reading mapping.json.
const (
	CodeRequiredNotMapped = "required-not-mapped"
	CodeUnknownTarget     = "unknown-target"
	CodeReadOnlyTarget    = "read-only-target"
	CodeDuplicateTarget   = "duplicate-target"
	CodeEmailNotWork      = "email-not-work"
	CodeMatchingNotUser   = "matching-not-username"
	CodeMatchingNotUnique = "matching-not-unique"
	CodeConstant          = "constant-per-user"
	CodeMayBeEmpty        = "may-be-empty"
	CodeAddOnly           = "add-only"
	CodeStaticOnly        = "static-only"
	CodeArrivesWithout    = "arrives-without"
	CodeCantaraLost       = "cantara-lost"
	CodeTargetRefused     = "target-refused"
	CodeErrored           = "errored"
)

// Finding is one problem, with the row at fault, why it matters in
// Cantara's words, and the fix.
type Finding struct {
	Code     string   `json:"code"`
	Severity Severity `json:"severity"`
	Blame    Blame    `json:"blame"`
	Target   string   `json:"target,omitempty"` // the SCIM attribute concerned
	Row      int      `json:"row,omitempty"`    // the mapping row, 0 for none
	Line     int      `json:"line,omitempty"`
	Column   int      `json:"column,omitempty"`
	Where    string   `json:"where,omitempty"` // the row as the customer reads it
	Message  string   `json:"message"`
	Why      string   `json:"why"`
	Fix      string   `json:"fix"`
}

func rowFinding(code string, sev Severity, r Row, target, msg, why, fix string) Finding {
	f := Finding{Code: code, Severity: sev, Blame: BlameMapping, Target: target, Message: msg, Why: why, Fix: fix, Where: r.Label()}
	if r.Kind != SourceImplicit {
		f.Row, f.Line, f.Column = r.N, r.Line, r.Column
	}
	return f
}

// whyRequired says, per Account field, why Cantara needs the attribute.
var whyRequired = map[string]string{
	"userName":    "Cantara identifies an account by its userName (unique per tenant, compared without case); the IdP looks users up by it, and a user provisioned again after removal gets the same account back only through the same userName.",
	"externalId":  "Cantara keeps the IdP's own id of the user in externalId, which ties the account to the user it came from.",
	"status":      "Cantara deactivates an account when the IdP sends active false; without active, a user disabled or unassigned in the IdP stays active in Cantara.",
	"displayName": "Cantara shows displayName as the account's name in the Administration Console.",
	"givenName":   "Cantara shows the first name (name.givenName) on the account.",
	"familyName":  "Cantara shows the last name (name.familyName) on the account.",
	"email":       "Cantara reads the work email (emails[type eq \"work\"].value) into the account's email; an email of another type never reaches the account.",
	"locale":      "Cantara sets the account's language from locale.",
	"phone":       "Cantara reads the work phone (phoneNumbers[type eq \"work\"].value) into the account's phone.",
}

func (q Requirement) why() string {
	w := whyRequired[q.Account]
	if w == "" {
		w = fmt.Sprintf("The target requires %s on every user (%s).", q.SCIM, q.From)
	} else if q.Required {
		w += " It is one of the attributes every Cantara account needs (" + q.From + ")."
	}
	return w
}

// alternatives are IdP attributes that can feed a required target, per
// format, for the fix a finding proposes.
var alternatives = map[Format]map[string][]string{
	FormatEntra: {
		"locale":      {"preferredLanguage", "usageLocation"},
		"email":       {"mail", "userPrincipalName"},
		"displayName": {"displayName"},
		"givenName":   {"givenName"},
		"familyName":  {"surname"},
		"externalId":  {"objectId"},
		"userName":    {"userPrincipalName"},
		"status":      {`Switch([IsSoftDeleted], , "False", "True", "True", "False")`},
		"phone":       {"telephoneNumber"},
	},
	FormatOkta: {
		"locale":      {"user.locale", "user.preferredLanguage"},
		"email":       {"user.email"},
		"displayName": {"user.displayName ?: user.firstName + \" \" + user.lastName"},
		"givenName":   {"user.firstName"},
		"familyName":  {"user.lastName"},
		"userName":    {"user.login"},
		"phone":       {"user.primaryPhone"},
	},
}

// Analyse finds the static problems of m against what the target requires.
func Analyse(m *Mapping, reqs []Requirement) []Finding {
	a := &analysis{m: m, reqs: reqs, valid: map[int]simulator.AttrPath{}, suggested: map[int]string{}}
	a.targets()
	a.duplicates()
	a.required()
	a.matching()
	return a.out
}

type analysis struct {
	m         *Mapping
	reqs      []Requirement
	valid     map[int]simulator.AttrPath // row index → parsed target, for rows with a writable target
	suggested map[int]string             // row index → the required target a misspelt one meant
	out       []Finding
}

func (a *analysis) add(f Finding) { a.out = append(a.out, f) }

// targets checks every row's target is a User attribute the IdP may write.
func (a *analysis) targets() {
	for i, r := range a.m.Rows {
		p, err := simulator.CheckTarget(r.Target)
		if err == nil {
			a.valid[i] = p
			continue
		}
		attr := strings.ToLower(p.Attr)
		if attr == "id" || attr == "meta" || attr == "groups" {
			a.add(rowFinding(CodeReadOnlyTarget, SevError, r, r.Target,
				fmt.Sprintf("%s writes %s, which the IdP cannot write: %v", r.Label(), r.Target, err),
				"Cantara assigns id and meta itself and answers a write to them with 400 mutability (RFC 7644 §3.5.2); group membership arrives through /Groups. The IdP's create or update is refused.",
				fmt.Sprintf("Delete the row that writes %s.", r.Target)))
			continue
		}
		s := a.suggest(r.Target)
		msg := fmt.Sprintf("%s writes %q, which is not a SCIM User attribute: %v", r.Label(), r.Target, err)
		fix := "Write the SCIM attribute path exactly, e.g. name.givenName or emails[type eq \"work\"].value."
		if s != "" {
			msg = fmt.Sprintf("%s writes %q, which is not a SCIM User attribute (did you mean %s?)", r.Label(), r.Target, s)
			fix = fmt.Sprintf("Change the target to %s.", s)
			for _, q := range a.reqs {
				if q.Required && strings.EqualFold(q.SCIM, s) {
					a.suggested[i] = q.SCIM
					fix += fmt.Sprintf(" Cantara requires %s on every account, and nothing else in the mapping fills it.", s)
				}
			}
		}
		a.add(rowFinding(CodeUnknownTarget, SevError, r, r.Target, msg,
			"Cantara stores only the attributes of its User schema: a misspelt target is refused (400) or silently dropped, so the value never reaches the account.", fix))
	}
}

// knownTargets are the paths a misspelt target is compared against.
var knownTargets = []string{"userName", "externalId", "active", "displayName", "name.givenName", "name.familyName", "name.formatted",
	"name.middleName", `emails[type eq "work"].value`, "locale", "preferredLanguage", "timezone", "title", "nickName", "userType",
	`phoneNumbers[type eq "work"].value`, `phoneNumbers[type eq "mobile"].value`, `addresses[type eq "work"].country`}

func (a *analysis) suggest(target string) string {
	best, bestD := "", 4
	for _, k := range knownTargets {
		if d := simulator.EditDistance(strings.ToLower(k), strings.ToLower(target)); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

// duplicates finds two rows writing one target: one of them is lost.
func (a *analysis) duplicates() {
	byTarget := map[string][]int{}
	var order []string
	for i := range a.m.Rows {
		p, ok := a.valid[i]
		if !ok {
			continue
		}
		k := p.CanonicalPath()
		if _, seen := byTarget[k]; !seen {
			order = append(order, k)
		}
		byTarget[k] = append(byTarget[k], i)
	}
	for _, k := range order {
		idx := byTarget[k]
		if len(idx) < 2 {
			continue
		}
		var labels []string
		for _, i := range idx {
			labels = append(labels, a.m.Rows[i].Label())
		}
		r := a.m.Rows[idx[1]]
		a.add(rowFinding(CodeDuplicateTarget, SevError, r, r.Target,
			fmt.Sprintf("%d rows write %s: %s", len(idx), r.Target, strings.Join(labels, "; ")),
			"Cantara keeps one value per attribute: whichever row the IdP applies last wins, and which one that is can change between the create and an update.",
			"Keep one row for the target; to combine sources use one expression (Entra: Coalesce([a], [b]); Okta: user.a ?: user.b)."))
	}
}

// feeding lists the rows (indexes) whose valid target is q's path.
func (a *analysis) feeding(q Requirement) []int {
	var out []int
	for i := range a.m.Rows {
		if p, ok := a.valid[i]; ok && p.CanonicalPath() == q.path.CanonicalPath() {
			out = append(out, i)
		}
	}
	return out
}

// required checks each attribute the target requires, and the rows feeding
// an attribute Cantara keeps in sync.
func (a *analysis) required() {
	for _, q := range a.reqs {
		rows := a.feeding(q)
		if len(rows) == 0 {
			if q.Required {
				a.unmapped(q)
			}
			continue
		}
		for _, i := range rows {
			a.fedBy(q, a.m.Rows[i])
		}
	}
}

// unmapped reports a required attribute nothing fills, in the most
// specific words available: a misspelt row, an email of another type, or
// a near attribute (preferredLanguage for locale).
func (a *analysis) unmapped(q Requirement) {
	for i := range a.m.Rows {
		if strings.EqualFold(a.suggested[i], q.SCIM) {
			return // the unknown-target finding already names this
		}
	}
	if q.path.Filtered() {
		for i, r := range a.m.Rows {
			p, ok := a.valid[i]
			if ok && strings.EqualFold(p.Attr, q.path.Attr) && p.Filtered() && !strings.EqualFold(p.FilterVal, q.path.FilterVal) && strings.EqualFold(p.Attr, "emails") {
				a.add(rowFinding(CodeEmailNotWork, SevError, r, r.Target,
					fmt.Sprintf("%s sends the email as type %q; no row sends a %q email", r.Label(), p.FilterVal, q.path.FilterVal),
					q.why(),
					fmt.Sprintf("Change the target to %s.", q.SCIM)))
				return
			}
		}
	}
	msg := fmt.Sprintf("no row fills %s", q.SCIM)
	fix := fmt.Sprintf("Add a row that maps an attribute every user has to %s", q.SCIM)
	if alt := alternatives[a.m.Format][q.Account]; len(alt) > 0 {
		fix = fmt.Sprintf("Map %s to %s", orList(alt), q.SCIM)
	}
	for i, r := range a.m.Rows {
		p, ok := a.valid[i]
		if ok && q.Account == "locale" && strings.EqualFold(p.Attr, "preferredLanguage") {
			msg += fmt.Sprintf(": %s writes preferredLanguage, which Cantara does not read", r.Label())
			fix = fmt.Sprintf("Change the target of row %d from preferredLanguage to locale", r.N)
			if !r.HasDefault && r.expr != nil && a.mayBeEmpty(r) {
				fix += ", and give it a default value (" + orList(a.emptySources(r)) + " is often empty)"
			}
		}
	}
	a.add(Finding{Code: CodeRequiredNotMapped, Severity: SevError, Blame: BlameMapping, Target: q.SCIM,
		Message: msg, Why: q.why(), Fix: fix + "."})
}

// fedBy checks one row feeding a target Cantara needs.
func (a *analysis) fedBy(q Requirement, r Row) {
	if r.Kind == SourceImplicit {
		return
	}
	if r.Flow == FlowAddOnly && q.Account != "externalId" {
		flow := r.FlowLabel
		how := "the IdP writes it only when it creates the user"
		fix := "Set the row's flowType to Always (Entra: \"Apply this mapping: Always\")."
		if a.m.Format == FormatOkta {
			how = "Okta applies this mapping only when it creates the user (pushStatus DONT_PUSH)"
			fix = "Set the mapping to \"Apply mapping on user create and update\" (pushStatus PUSH)."
		}
		a.add(rowFinding(CodeAddOnly, SevError, r, q.SCIM,
			fmt.Sprintf("%s is %s: %s", r.Label(), flow, how),
			"Cantara's accounts are read-only and change only through the IdP: a change made in the IdP later (a new name, email, phone, a deactivation) never reaches the account.", fix))
	}
	if r.Kind == SourceConstant && perUser[q.Account] {
		a.add(rowFinding(CodeConstant, SevError, r, q.SCIM,
			fmt.Sprintf("%s sends the same constant %s for every user", r.Label(), r.Source),
			q.why()+" A constant gives every account the same value"+uniqueNote(q),
			fmt.Sprintf("Map a per-user attribute to %s%s.", q.SCIM, altNote(alternatives[a.m.Format][q.Account]))))
	}
	if r.static != "" && q.Required {
		a.add(rowFinding(CodeStaticOnly, SevWarning, r, q.SCIM,
			fmt.Sprintf("%s is checked statically only: %s", r.Label(), r.static),
			"The harness cannot compute what this row sends, so it cannot prove every account gets "+q.SCIM+"; it is never counted as a pass.",
			"Check a few users' values in the IdP's provisioning logs, or use a function the harness evaluates."))
		return
	}
	if q.Required && r.Kind != SourceConstant && a.mayBeEmpty(r) {
		empty := a.emptySources(r)
		a.add(rowFinding(CodeMayBeEmpty, SevWarning, r, q.SCIM,
			fmt.Sprintf("%s has no default, and %s is often empty in %s directories", r.Label(), orList(empty), idpName(a.m.Format)),
			q.why()+" A user whose source is empty arrives without it.",
			addDefaultFix(a.m.Format, without(alternatives[a.m.Format][q.Account], empty))+"; the dry run shows how many of your users it concerns."))
	}
}

// perUser are the Account fields whose value must differ per user (or,
// for status, follow the user's state).
var perUser = map[string]bool{"userName": true, "externalId": true, "displayName": true, "givenName": true, "familyName": true, "email": true, "status": true}

func uniqueNote(q Requirement) string {
	switch q.Account {
	case "userName":
		return ": the second user is refused with 409 uniqueness."
	case "status":
		return ": a user disabled in the IdP is never deactivated in Cantara."
	}
	return "."
}

// mayBeEmpty evaluates the row for a user whose commonly empty attributes
// are all empty and every other attribute is set.
func (a *analysis) mayBeEmpty(r Row) bool {
	if r.expr == nil || r.HasDefault {
		return false
	}
	v := Values{}
	for _, attr := range r.Attrs {
		if !containsFold(a.m.MaybeEmpty, attr) {
			v[strings.ToLower(attr)] = "False" // set; "False" keeps Switch([IsSoftDeleted]...) on its usual branch
		}
	}
	_, ok, _ := r.Eval(v)
	return !ok
}

func (a *analysis) emptySources(r Row) []string {
	var out []string
	for _, attr := range r.Attrs {
		if containsFold(a.m.MaybeEmpty, attr) {
			out = append(out, attr)
		}
	}
	return out
}

// matching checks the attribute the IdP finds existing users by: Entra's
// lowest matchingPriority above 0, or userName for IdPs that always look
// users up by it.
func (a *analysis) matching() {
	best := -1
	for i, r := range a.m.Rows {
		if r.Matching > 0 && (best < 0 || r.Matching < a.m.Rows[best].Matching) {
			best = i
		}
	}
	if best < 0 && a.m.Format == FormatOkta {
		// Okta has no matching priority: it always looks users up by userName.
		for i := range a.m.Rows {
			if p, ok := a.valid[i]; ok && strings.EqualFold(p.Attr, "userName") && p.Schema == "" {
				best = i
			}
		}
	}
	if best < 0 {
		return
	}
	r := a.m.Rows[best]
	p, ok := a.valid[best]
	if !ok {
		return
	}
	if !strings.EqualFold(p.Attr, "userName") || p.Schema != "" || p.Sub != "" {
		a.add(rowFinding(CodeMatchingNotUser, SevError, r, r.Target,
			fmt.Sprintf("%s is the matching attribute (matchingPriority %d): the IdP looks users up by %s, not userName", r.Label(), r.Matching, r.Target),
			whyRequired["userName"]+" Matching on another attribute links the wrong account, or, when that attribute is empty or changed, creates the user again and gets 409 uniqueness on its userName, which quarantines the provisioning job.",
			"Set matchingPriority 1 on the userName row and 0 on this one."))
		return
	}
	if a.m.UniqueSources == nil || r.Kind == SourceImplicit {
		return
	}
	unique := len(r.Attrs) > 0
	for _, attr := range r.Attrs {
		if !containsFold(a.m.UniqueSources, attr) {
			unique = false
		}
	}
	if !unique {
		a.add(rowFinding(CodeMatchingNotUnique, SevError, r, r.Target,
			fmt.Sprintf("%s feeds userName, which the IdP matches users by, from %s, which %s does not keep unique", r.Label(), r.Source, idpName(a.m.Format)),
			whyRequired["userName"]+" Two users with the same source value collide: the second is linked to the first one's account, or refused with 409 uniqueness.",
			fmt.Sprintf("Feed userName from %s.", orList(a.m.UniqueSources[:1]))))
	}
}

func idpName(f Format) string {
	switch f {
	case FormatEntra:
		return "Entra ID"
	case FormatOkta:
		return "Okta"
	}
	return "the IdP's"
}

func orList(xs []string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return "`" + xs[0] + "`"
	}
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = "`" + x + "`"
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// addDefaultFix proposes a default value, or another source.
func addDefaultFix(f Format, alt []string) string {
	fix := "Add a default value to the row"
	if f == FormatEntra {
		fix = "Add a defaultValue to the row (\"Default value if null\")"
	}
	if len(alt) > 0 {
		fix += " or map " + orList(alt) + " instead"
	}
	return fix
}

func altNote(alt []string) string {
	if len(alt) == 0 {
		return ""
	}
	return " (e.g. " + orList(alt) + ")"
}

func without(xs, drop []string) []string {
	var out []string
	for _, x := range xs {
		if !containsFold(drop, x) {
			out = append(out, x)
		}
	}
	return out
}

func containsFold(list []string, s string) bool {
	return slices.ContainsFunc(list, func(x string) bool { return strings.EqualFold(x, s) })
}
