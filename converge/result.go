package converge

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
)

// resultVersion changes when the JSON shape does; merge refuses a mix.
const resultVersion = 1

// MaxExamples is how many drift examples a result keeps (counts cover all).
const MaxExamples = 20

// maxSamples bounds the failure messages kept per kind.
const maxSamples = 3

// Verdicts.
const (
	VerdictPass        = "pass"        // every change delivered, no drift
	VerdictDrift       = "drift"       // Cantara does not hold what the IdP holds
	VerdictRefused     = "refused"     // no drift found, but the target refused changes
	VerdictInterrupted = "interrupted" // the run was cut short: no verdict
)

// Duration is a time.Duration written as "1.5s" in JSON.
type Duration time.Duration

func (d Duration) String() string { return time.Duration(d).Round(time.Millisecond).String() }

// MarshalJSON writes the duration as a string.
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(time.Duration(d).String()) }

// UnmarshalJSON reads "1.5s".
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("expected a duration such as \"1.5s\", got %s", b)
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("expected a duration such as \"1.5s\", got %q", s)
	}
	*d = Duration(v)
	return nil
}

// Result is one converge run (or a merge of shards): its JSON file.
type Result struct {
	Kind     string   `json:"kind"` // "converge"; merge tells result files apart by it
	Version  int      `json:"version"`
	Dialect  string   `json:"dialect"`
	Seed     int64    `json:"seed"`
	Slices   int      `json:"slices"`
	Shard    Shard    `json:"shard"`
	Shards   []int    `json:"shards,omitempty"` // merged: the shard indexes combined
	Users    int      `json:"users"`
	Groups   int      `json:"groups"`
	Events   int      `json:"events"`
	Duration Duration `json:"duration"`
	Rate     float64  `json:"rate"`
	Mix      string   `json:"mix"`

	Initial        Phase           `json:"initial"`
	Churn          Phase           `json:"churn"`
	Reconcile      ReconcileReport `json:"reconcile"`
	Drift          DriftReport     `json:"drift"`
	ConvergedAfter *Duration       `json:"convergedAfter"` // churn end → a reconciliation found no drift; null: never
	Elapsed        Duration        `json:"elapsed"`
	Cleanup        *CleanupReport  `json:"cleanup,omitempty"`

	AccountsChecked bool   `json:"accountsChecked"` // false without an admin API
	Interrupted     bool   `json:"interrupted"`
	Verdict         string `json:"verdict"`
}

// Phase is what one phase sent.
type Phase struct {
	Ops      map[Kind]*OpCount `json:"ops"`
	Events   int               `json:"events"`
	Requests int               `json:"requests"`
	Failed   int               `json:"failed"`
	Elapsed  Duration          `json:"elapsed"`
	PerSec   float64           `json:"eventsPerSecond"`
}

// OpCount is one kind of event in a phase.
type OpCount struct {
	Events   int      `json:"events"`
	Requests int      `json:"requests"`
	Failed   int      `json:"failed"`
	Samples  []string `json:"samples,omitempty"` // the first failures, masked
}

type phaseStats struct {
	mu  sync.Mutex
	ops map[Kind]*OpCount
}

func newPhaseStats() *phaseStats { return &phaseStats{ops: map[Kind]*OpCount{}} }

func (p *phaseStats) record(ev *event, requests int, _ time.Duration, mask func(string) string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	c := p.ops[ev.kind]
	if c == nil {
		c = &OpCount{}
		p.ops[ev.kind] = c
	}
	c.Events++
	c.Requests += requests
	if ev.err != nil {
		c.Failed++
		if len(c.Samples) < maxSamples {
			c.Samples = append(c.Samples, mask(ev.err.Error()))
		}
	}
}

func (p *phaseStats) phase(elapsed time.Duration) Phase {
	p.mu.Lock()
	defer p.mu.Unlock()
	ph := Phase{Ops: p.ops, Elapsed: Duration(elapsed)}
	ph.total()
	return ph
}

func (ph *Phase) total() {
	ph.Events, ph.Requests, ph.Failed = 0, 0, 0
	for _, c := range ph.Ops {
		ph.Events += c.Events
		ph.Requests += c.Requests
		ph.Failed += c.Failed
	}
	if ph.Elapsed > 0 {
		ph.PerSec = float64(ph.Events) / time.Duration(ph.Elapsed).Seconds()
	}
}

// ReconcileReport is what reconciliation read.
type ReconcileReport struct {
	Users    int      `json:"users"`    // IdP users compared (present and removed)
	Groups   int      `json:"groups"`   // IdP groups compared (live and deleted)
	Accounts int      `json:"accounts"` // accounts compared through the admin API
	Requests int      `json:"requests"`
	Passes   int      `json:"passes"`
	Elapsed  Duration `json:"elapsed"` // the first, full pass
	Errors   int      `json:"errors"`  // reads that got no usable answer
	Samples  []string `json:"samples,omitempty"`
}

// DriftReport is where Cantara differs from the IdP's directory.
type DriftReport struct {
	Total       int            `json:"total"`       // differing attributes
	Users       int            `json:"users"`       // users with at least one
	Groups      int            `json:"groups"`      // groups with at least one
	ByAttribute map[string]int `json:"byAttribute"` // "account.status": 3
	Examples    []DriftExample `json:"examples"`    // the first MaxExamples, in directory order
}

// DriftExample is one differing attribute, named as a person reads it.
type DriftExample struct {
	Slice     int    `json:"slice"`
	Index     int    `json:"-"`
	Entity    string `json:"entity"`    // `user "ada@example.com"`, `group "Finance Teal"`
	Attribute string `json:"attribute"` // "scim name.givenName", "account status", "console group members"
	Expected  string `json:"expected"`
	Got       string `json:"got"`
}

func (e DriftExample) String() string {
	return fmt.Sprintf("%s: %s: expected %s, got %s", e.Entity, e.Attribute, e.Expected, e.Got)
}

// CleanupReport is what removing the run's users and groups did.
type CleanupReport struct {
	Users    int      `json:"users"`  // SCIM users deleted (or found gone)
	Groups   int      `json:"groups"` // SCIM groups deleted (or found gone)
	Left     int      `json:"left"`   // still in the target
	Problems []string `json:"problems,omitempty"`
	// Accounts stay, deactivated: the contract keeps a removed user's
	// account and offers no way to erase it.
	AccountsKept int `json:"accountsKept"`
}

// judge sets the verdict.
func (r *Result) judge() {
	switch {
	case r.Interrupted:
		r.Verdict = VerdictInterrupted
	case r.Drift.Total > 0:
		r.Verdict = VerdictDrift
	case r.Initial.Failed+r.Churn.Failed > 0 || r.Reconcile.Errors > 0:
		r.Verdict = VerdictRefused
	default:
		r.Verdict = VerdictPass
	}
}

// Pass reports a clean verdict.
func (r *Result) Pass() bool { return r.Verdict == VerdictPass }

// Write prints the result for a person.
func Write(w io.Writer, r *Result) {
	scope := "whole directory"
	if r.Shard.Count > 1 {
		scope = "shard " + r.Shard.String()
	}
	if len(r.Shards) > 0 {
		scope = fmt.Sprintf("merged %d shards", len(r.Shards))
	}
	fmt.Fprintf(w, "converge: %s, seed %d, %d slices (%s)\n", r.Dialect, r.Seed, r.Slices, scope)
	writePhase(w, "initial cycle", r.Initial)
	writePhase(w, "churn", r.Churn)
	rc := r.Reconcile
	fmt.Fprintf(w, "reconciled %d users, %d groups", rc.Users, rc.Groups)
	if r.AccountsChecked {
		fmt.Fprintf(w, ", %d accounts", rc.Accounts)
	} else {
		fmt.Fprint(w, " (accounts not checked: no admin API)")
	}
	fmt.Fprintf(w, " in %s (%d requests, %d passes)\n", rc.Elapsed, rc.Requests, rc.Passes)
	if rc.Errors > 0 {
		fmt.Fprintf(w, "  %d reads got no usable answer, e.g. %s\n", rc.Errors, strings.Join(rc.Samples, "; "))
	}
	if r.ConvergedAfter != nil {
		fmt.Fprintf(w, "converged %s after the last churn event\n", *r.ConvergedAfter)
	} else {
		fmt.Fprintln(w, "not converged")
	}
	d := r.Drift
	fmt.Fprintf(w, "drift: %d attributes on %d users and %d groups\n", d.Total, d.Users, d.Groups)
	attrs := make([]string, 0, len(d.ByAttribute))
	for a := range d.ByAttribute {
		attrs = append(attrs, a)
	}
	sort.Strings(attrs)
	width := 0
	for _, a := range attrs {
		width = max(width, len(a))
	}
	for _, a := range attrs {
		fmt.Fprintf(w, "  %-*s %6d  %s\n", width, a, d.ByAttribute[a], DriftMeaning(a))
	}
	for _, e := range d.Examples {
		fmt.Fprintf(w, "  - %s\n", e)
	}
	if c := r.Cleanup; c != nil {
		fmt.Fprintf(w, "cleanup: %d users and %d groups removed, %d left; %d accounts stay deactivated (the contract keeps them)\n", c.Users, c.Groups, c.Left, c.AccountsKept)
		for _, p := range c.Problems {
			fmt.Fprintf(w, "  %s\n", p)
		}
	}
	fmt.Fprintf(w, "took %s; verdict: %s\n", r.Elapsed, r.Verdict)
}

func writePhase(w io.Writer, name string, ph Phase) {
	fmt.Fprintf(w, "%s: %d events, %d requests in %s (%.0f events/s), %d refused\n", name, ph.Events, ph.Requests, ph.Elapsed, ph.PerSec, ph.Failed)
	for _, k := range Kinds {
		c := ph.Ops[k]
		if c == nil {
			continue
		}
		fmt.Fprintf(w, "  %-14s %7d events %8d requests %5d refused\n", k, c.Events, c.Requests, c.Failed)
		for _, s := range c.Samples {
			fmt.Fprintf(w, "    %s\n", s)
		}
	}
}

// sortExamples puts drift in directory order, so a replay lists the same.
func sortExamples(ex []DriftExample) {
	slices.SortStableFunc(ex, func(a, b DriftExample) int {
		if a.Slice != b.Slice {
			return a.Slice - b.Slice
		}
		if a.Index != b.Index {
			return a.Index - b.Index
		}
		return strings.Compare(a.Attribute, b.Attribute)
	})
}

// DriftMeaning says what drift on attr means for the customer's people, in
// the contract's terms, so a QA lead reading the count knows what is at
// stake without knowing the attribute's role.
func DriftMeaning(attr string) string {
	switch {
	case attr == "account status" || attr == "scim active":
		return "people keep or lose access against the IdP (the contract deactivates users deactivated or removed there)"
	case attr == "account groups" || attr == "console group members" || attr == "scim members":
		return "people lack or keep the access the IdP's groups give"
	case attr == "account readOnly":
		return "admins can edit provisioned accounts (the contract makes them read-only)"
	case attr == "account accountSource":
		return "provisioned accounts do not show Account Source SCIM"
	case attr == "account scimId" || attr == "accounts with this userName":
		return "the account is not the one the IdP provisioned (duplicated or replaced)"
	case attr == "scim resource":
		return "a user or group the IdP removed is still there, or one it holds is gone"
	case attr == "console group" || attr == "console group displayName":
		return "Cantara's groups differ from the IdP's (created, renamed or deleted there)"
	case strings.HasPrefix(attr, "account "):
		return "accounts show stale details (the contract syncs IdP updates)"
	case strings.HasPrefix(attr, "scim "):
		return "SCIM lost a change the IdP sent (a user's update or a group's rename)"
	}
	return ""
}
