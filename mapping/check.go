package mapping

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/scimharness/scimharness/reports"
	"github.com/scimharness/scimharness/simulator"
)

// Options is one `scimharness mapping check`.
type Options struct {
	MappingFile string
	UsersFile   string // "" → generated users
	Users       int    // how many to generate; 0 → DefaultUsers
	Seed        int64  // of the generated users; printed, replayable
	Dialect     string // the IdP dialect to send in; "" → the mapping format's own
	Target      Target
}

// Verdicts of the whole check.
const (
	Ready        = reports.MappingReady // exit 0; the only verdict the run's reports count as a pass
	NotReady     = "not-ready"          // the mapping blocks go-live
	CantaraFault = "cantara-fault"      // the mapping is right, the target loses what it sends
	Unproven     = "unproven"           // nothing wrong found, but not everything could be proven
	Errored      = "errored"            // transport or harness trouble: no verdict
)

// Result is the check's outcome, as mapping.json holds it.
type Result struct {
	Mapping struct {
		File    string `json:"file"`
		Format  Format `json:"format"`
		Rows    int    `json:"rows"`
		Dialect string `json:"dialect"`
	} `json:"mapping"`
	Target           string        `json:"target"`
	Requirements     []Requirement `json:"requirements"`
	RequirementsNote string        `json:"requirementsNote,omitempty"`
	Rows             []RowInfo     `json:"rows"`
	Findings         []Finding     `json:"findings"`
	DryRun           *DryRun       `json:"dryRun,omitempty"`
	Sentences        []string      `json:"sentences"`
	Verdict          string        `json:"verdict"`
	Summary          string        `json:"summary"`
	ExitCode         int           `json:"exitCode"`
}

// RowInfo is a mapping row as the report lists it.
type RowInfo struct {
	N          int    `json:"n"`
	Line       int    `json:"line,omitempty"`
	Source     string `json:"source"`
	Target     string `json:"target"`
	Default    string `json:"default,omitempty"`
	Flow       string `json:"flow,omitempty"`
	Matching   int    `json:"matching,omitempty"`
	StaticOnly string `json:"staticOnly,omitempty"`
	Implicit   bool   `json:"implicit,omitempty"`
}

// Check runs the whole check. An *InputError is bad input (exit 2); any
// other error means the check could not run.
func Check(ctx context.Context, o Options) (*Result, error) {
	m, err := Load(o.MappingFile)
	if err != nil {
		return nil, err
	}
	dialectName := m.Dialect
	if o.Dialect != "" {
		dialectName = o.Dialect
	}
	dialect, err := simulator.DialectByName(dialectName)
	if err != nil {
		return nil, &InputError{File: "--idp", Problem: err.Error()}
	}
	var users []SampleUser
	from := ""
	if o.UsersFile != "" {
		if users, err = LoadUsers(o.UsersFile, m); err != nil {
			return nil, err
		}
		from = o.UsersFile
	} else {
		n := o.Users
		if n <= 0 {
			n = DefaultUsers
		}
		if n > MaxUsers {
			return nil, &InputError{File: "--users-count", Problem: fmt.Sprintf("expected at most %d users, got %d", MaxUsers, n)}
		}
		users = GenerateUsers(m, n, o.Seed, suffix(o.Seed))
		from = fmt.Sprintf("generated (seed %d)", o.Seed)
	}
	reqs, err := ContractRequirements()
	if err != nil {
		return nil, err
	}
	client := simulator.NewClient(simulator.ClientConfig{BaseURL: o.Target.BaseURL, Token: o.Target.Token, Masker: o.Target.Masker, HTTPClient: o.Target.HTTPClient})
	reqs, note := SchemaRequirements(ctx, client, reqs)

	r := &Result{Target: o.Target.Describe, Requirements: reqs, RequirementsNote: note}
	r.Mapping.File, r.Mapping.Format, r.Mapping.Rows, r.Mapping.Dialect = m.File, m.Format, len(m.Rows), dialect.Name
	for _, row := range m.Rows {
		r.Rows = append(r.Rows, RowInfo{N: row.N, Line: row.Line, Source: row.Source, Target: row.Target, Default: row.Default,
			Flow: row.FlowLabel, Matching: row.Matching, StaticOnly: row.static, Implicit: row.Kind == SourceImplicit})
	}
	r.Findings = Analyse(m, reqs)
	dr, err := dryRun(ctx, m, reqs, users, o.Target, dialect)
	if dr != nil {
		dr.UsersFrom = from
		r.DryRun = dr
		r.Findings = append(r.Findings, dryRunFindings(m, reqs, dr, o.UsersFile != "")...)
		r.Findings = settleWarnings(r.Findings, dr, o.UsersFile != "")
	}
	r.Sentences = sentences(m, reqs, r.DryRun)
	r.judge()
	if err != nil && r.Verdict != NotReady && r.Verdict != CantaraFault {
		// Interrupted: what was checked stands, but the rest was not.
		r.Verdict, r.ExitCode = Unproven, 1
		r.Summary = "NOT PROVEN: " + err.Error()
	}
	return r, err
}

// suffix keeps generated userNames unique per seed on a shared tenant.
func suffix(seed int64) string {
	const letters = "abcdefghijklmnopqrstuvwxyz"
	s := uint64(seed)*0x9e3779b97f4a7c15 + 1
	var b [5]byte
	for i := range b {
		b[i] = letters[s%26]
		s /= 26
	}
	return string(b[:])
}

// byAttribute groups the dry run's cells per required attribute and verdict.
func byAttribute(dr *DryRun) map[string]map[string][]Cell {
	out := map[string]map[string][]Cell{}
	for _, c := range dr.Cells {
		if out[c.Attribute] == nil {
			out[c.Attribute] = map[string][]Cell{}
		}
		out[c.Attribute][c.Verdict] = append(out[c.Attribute][c.Verdict], c)
	}
	return out
}

func usersWord(n int) string {
	if n == 1 {
		return "user"
	}
	return "users"
}

// dryRunFindings turns the dry run's cells into findings, one per
// attribute and cause, blaming the party at fault.
func dryRunFindings(m *Mapping, reqs []Requirement, dr *DryRun, ownUsers bool) []Finding {
	var out []Finding
	groups := byAttribute(dr)
	sample := "sample"
	if !ownUsers {
		sample = "generated sample"
	}
	for _, q := range reqs {
		g := groups[q.SCIM]
		if g == nil {
			continue
		}
		if cells := g[VerdictEmpty]; len(cells) > 0 {
			empties := emptyUnion(cells)
			msg := fmt.Sprintf("%d of your %d %s users would arrive without `%s`", len(cells), dr.Users, sample, q.SCIM)
			if len(empties) > 0 {
				msg += fmt.Sprintf(" (their %s %s empty)", orList(empties), isAre(len(empties)))
			}
			msg += ", e.g. " + examples(cells)
			out = append(out, Finding{Code: CodeArrivesWithout, Severity: SevError, Blame: BlameMapping, Target: q.SCIM,
				Message: msg, Why: q.why(), Fix: addDefaultFix(m.Format, without(alternatives[m.Format][q.Account], empties)) + "."})
		}
		lost := append(append([]Cell(nil), g[VerdictNotStored]...), g[VerdictNotShown]...)
		if len(lost) > 0 {
			c := lost[0]
			where := "SCIM did not keep it"
			if c.Verdict == VerdictNotShown {
				where = fmt.Sprintf("SCIM stored %s, but the Cantara account shows %s", quoteOrNothing(c.Stored), quoteOrNothing(c.Shown))
			} else if c.Stored != nil {
				where = fmt.Sprintf("SCIM holds %q instead", *c.Stored)
			}
			out = append(out, Finding{Code: CodeCantaraLost, Severity: SevError, Blame: BlameCantara, Target: q.SCIM,
				Message: fmt.Sprintf("Cantara lost `%s` for %d of your %d %s users: the IdP sent it (e.g. %q for %s), but %s", q.SCIM, len(lost), dr.Users, sample, *c.Sent, c.User, where),
				Why:     "Your mapping sends " + q.SCIM + " as Cantara requires; keeping it and showing it on the account is Cantara's part. This is Cantara's fault, not your mapping's.",
				Fix:     "Nothing to change in your mapping: report this to Cantara support with mapping.json from the report directory, which holds each user's values."})
		}
	}
	refused, errored := map[string]Cell{}, map[string]Cell{}
	for _, c := range dr.Cells {
		switch c.Verdict {
		case VerdictRefused:
			refused[c.User] = c
		case VerdictErrored:
			errored[c.User] = c
		}
	}
	if len(refused) > 0 {
		c := firstCell(refused)
		out = append(out, Finding{Code: CodeTargetRefused, Severity: SevError, Blame: BlameCantara,
			Message: fmt.Sprintf("Cantara refused to create %d of your %d %s users, e.g. %s: %s", len(refused), dr.Users, sample, c.User, c.Detail),
			Why:     "A user Cantara refuses never gets an account: the IdP retries every cycle and Entra quarantines a job whose requests keep failing.",
			Fix:     "Read Cantara's answer above: a value it rejects comes from your mapping (change the row that feeds it); a create of a valid user it refuses is Cantara's to fix."})
	}
	if len(errored) > 0 {
		c := firstCell(errored)
		out = append(out, Finding{Code: CodeErrored, Severity: SevError, Blame: BlameHarness,
			Message: fmt.Sprintf("%d of your %d %s users could not be checked, e.g. %s: %s", len(errored), dr.Users, sample, c.User, c.Detail),
			Why:     "A transport error or a harness fault is no verdict on your mapping or on Cantara, but it leaves those users unproven.",
			Fix:     "Check the target's URL, token and network, then run the check again."})
	}
	return out
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

func quoteOrNothing(s *string) string {
	if s == nil {
		return "nothing"
	}
	return fmt.Sprintf("%q", *s)
}

func firstCell(m map[string]Cell) Cell {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return m[keys[0]]
}

func emptyUnion(cells []Cell) []string {
	var out []string
	for _, c := range cells {
		for _, a := range c.emptySources {
			out = addAttr(out, a)
		}
	}
	return out
}

func examples(cells []Cell) string {
	var names []string
	for _, c := range cells[:min(3, len(cells))] {
		names = append(names, c.User)
	}
	s := strings.Join(names, ", ")
	if len(cells) > 3 {
		s += fmt.Sprintf(" and %d more", len(cells)-3)
	}
	return s
}

// settleWarnings resolves the "may be empty" warnings with the dry run:
// proven (an arrives-without error replaces it) or, with the customer's own
// users, cleared when none of them lacks the value.
func settleWarnings(fs []Finding, dr *DryRun, ownUsers bool) []Finding {
	groups := byAttribute(dr)
	proven := map[string]bool{}
	for _, f := range fs {
		if f.Code == CodeArrivesWithout {
			proven[f.Target] = true
		}
	}
	var out []Finding
	for _, f := range fs {
		if f.Code == CodeMayBeEmpty {
			g := groups[f.Target]
			if proven[f.Target] || ownUsers && len(g[VerdictEmpty]) == 0 && len(g[VerdictOK]) > 0 {
				continue
			}
		}
		out = append(out, f)
	}
	return out
}

// sentences are the per-attribute summary lines of the dry run.
func sentences(m *Mapping, reqs []Requirement, dr *DryRun) []string {
	if dr == nil {
		return nil
	}
	var out, fine []string
	groups := byAttribute(dr)
	for _, q := range reqs {
		g := groups[q.SCIM]
		if g == nil {
			continue
		}
		switch n := len(g[VerdictOK]); {
		case n == dr.Users:
			fine = append(fine, "`"+q.SCIM+"`")
		case len(g[VerdictNotMapped]) > 0:
			out = append(out, fmt.Sprintf("`%s`: all %d sample users would arrive without it: no row of your mapping fills it.", q.SCIM, len(g[VerdictNotMapped])))
		case len(g[VerdictStaticOnly]) > 0:
			out = append(out, fmt.Sprintf("`%s`: checked statically only for %d sample users (the harness cannot evaluate the row): not proven.", q.SCIM, len(g[VerdictStaticOnly])))
		case len(g[VerdictEmpty]) > 0:
			cells := g[VerdictEmpty]
			empties := emptyUnion(cells)
			s := fmt.Sprintf("%d of your %d sample users would arrive without `%s`", len(cells), dr.Users, q.SCIM)
			if len(empties) > 0 {
				s += fmt.Sprintf(" (their %s %s empty)", orList(empties), isAre(len(empties)))
			}
			fix := addDefaultFix(m.Format, without(alternatives[m.Format][q.Account], empties))
			out = append(out, s+": "+strings.ToLower(fix[:1])+fix[1:]+".")
		default:
			var parts []string
			for _, v := range []string{VerdictOK, VerdictEmpty, VerdictNotStored, VerdictNotShown, VerdictRefused, VerdictNoUserName, VerdictExisting, VerdictErrored} {
				if k := len(g[v]); k > 0 {
					parts = append(parts, fmt.Sprintf("%d %s", k, verdictWords[v]))
				}
			}
			out = append(out, fmt.Sprintf("`%s`: of %d sample users, %s.", q.SCIM, dr.Users, strings.Join(parts, ", ")))
		}
	}
	if len(fine) > 0 {
		shown := ", and the Cantara account shows it"
		if !dr.AdminChecked {
			shown = " through SCIM (the account was not read: no admin API)"
		}
		out = append([]string{fmt.Sprintf("%s: all %d sample users arrive with each%s.", strings.Join(fine, ", "), dr.Users, shown)}, out...)
	}
	return out
}

var verdictWords = map[string]string{
	VerdictOK:         "arrive and show on the account",
	VerdictEmpty:      "would arrive without it (mapping)",
	VerdictNotStored:  "sent but not stored (Cantara)",
	VerdictNotShown:   "stored but not shown on the account (Cantara)",
	VerdictRefused:    "refused by Cantara",
	VerdictNoUserName: "not created: no userName (mapping)",
	VerdictExisting:   "already on the target, left alone (not checked)",
	VerdictErrored:    "could not be checked (transport or harness)",
	VerdictNotMapped:  "not mapped",
	VerdictStaticOnly: "checked statically only",
}

// judge sets the verdict, its one-line summary and the exit status.
func (r *Result) judge() {
	var mapping, cantara, harness, warnings int
	for _, f := range r.Findings {
		switch {
		case f.Severity == SevWarning:
			warnings++
		case f.Blame == BlameCantara:
			cantara++
		case f.Blame == BlameHarness:
			harness++
		default:
			mapping++
		}
	}
	static := 0
	proven := 0
	if r.DryRun != nil {
		for _, c := range r.DryRun.Cells {
			switch c.Verdict {
			case VerdictStaticOnly, VerdictExisting:
				static++
			case VerdictOK:
				proven++
			}
		}
	}
	r.ExitCode = 1
	switch {
	case mapping > 0:
		r.Verdict = NotReady
		r.Summary = fmt.Sprintf("NOT READY: %d finding(s) in your mapping block go-live", mapping)
		if cantara > 0 {
			r.Summary += fmt.Sprintf("; %d more are Cantara's fault, not your mapping's", cantara)
		}
	case cantara > 0:
		r.Verdict = CantaraFault
		r.Summary = fmt.Sprintf("CANTARA'S FAULT: your mapping is right, but Cantara loses or refuses what it sends (%d finding(s)); report them to Cantara", cantara)
	case harness > 0:
		r.Verdict = Errored
		r.Summary = "ERRORED: some users could not be checked (transport or harness trouble); no verdict"
	case static > 0 || proven == 0:
		r.Verdict = Unproven
		r.Summary = "NOT PROVEN: nothing wrong found, but some required attributes could not be evaluated or checked, so the mapping is not shown ready"
	default:
		r.Verdict, r.ExitCode = Ready, 0
		r.Summary = "READY: every required attribute reaches every sample user's Cantara account"
		if r.DryRun != nil && !r.DryRun.AdminChecked {
			r.Summary = "READY as far as SCIM shows: every required attribute is stored for every sample user (no admin API, so what the Cantara account shows was not read)"
		}
	}
	if warnings > 0 {
		r.Summary += fmt.Sprintf(" (%d warning(s))", warnings)
	}
}
