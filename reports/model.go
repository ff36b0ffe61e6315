package reports

import (
	"sort"
	"strings"
	"time"
)

// Status is the outcome of one scenario.
type Status string

// Scenario outcomes. Undefined, pending and ambiguous count as failures:
// the harness runs godog in strict mode, so a step nobody wrote must never
// let a promise pass.
const (
	Passed    Status = "passed"
	Failed    Status = "failed"
	Skipped   Status = "skipped"
	Undefined Status = "undefined"
	Pending   Status = "pending"
	Ambiguous Status = "ambiguous"
	// Errored: a transport error, a timeout or a harness bug stopped the
	// scenario. Nothing was learnt about the target, so it is never counted
	// as the target's failure (JUnit <error>, not <failure>).
	Errored Status = "errored"
	// NotApplicable: the scenario checks behaviour of targets that declare a
	// capability unsupported, and this target declares it supported (or the
	// reverse). It neither passes nor makes a run partial.
	NotApplicable Status = "not_applicable"
)

// IsFailure reports whether s makes the run fail.
func (s Status) IsFailure() bool {
	switch s {
	case Failed, Undefined, Pending, Ambiguous:
		return true
	}
	return false
}

// Scenario is one executed (or skipped) scenario, an outline row counting as
// its own scenario. It is the one result record from the step to every
// report: console, summary.txt, junit.xml, results.json, report.html, HAR.
type Scenario struct {
	// ID is stable across runs, seeds and machines: feature path, scenario
	// slug and, for an outline row, the example row's slug
	// ("contract/removal.feature/cantara-keeps-the-removed-users-account").
	ID         string
	Feature    string    // feature title
	URI        string    // feature file inside the embedded features
	Line       int       // line of the scenario (or outline example row)
	Name       string    // scenario title
	Tags       []string  // with "@", feature tags included
	Status     Status    //
	Expected   *Expected // the expectations entry naming this scenario, nil = none
	FailedStep string    // step text of the first failing step
	Failure    string    // the failing step's message, secrets masked
	SkipReason string    // why the scenario did not run (or is not applicable)
	Duration   time.Duration

	Dialect       string     // IdP dialect the scenario spoke ("entra", "generic"...)
	Requirement   string     // the contract sentence or RFC requirement text it checks
	Steps         []Step     // every step with its outcome, in order
	Exchanges     []Exchange // every HTTP exchange of the scenario, masked, in order
	CleanupErrors []string   // cleanups that failed; the outcome stands, but people must see them
}

// Expected says an expectations file (--expect) names the scenario as a
// known deviation: its failure does not fail the gate.
type Expected struct {
	Reason string `json:"reason"`
	Ticket string `json:"ticket,omitempty"`
	Entry  string `json:"entry"` // what the entry selects by: an id, a requirement id or a tag
}

// ExpectationsRun is what an expectations file (--expect) made of a run:
// the entries that no longer hold, each a note.
type ExpectationsRun struct {
	File   string            `json:"file"`
	Strict bool              `json:"strict"` // --strict: every note fails the gate
	Notes  []ExpectationNote `json:"notes"`
}

// Kinds of ExpectationNote.
const (
	NoteFixed     = "fixed"     // an expected failure now passes: remove the entry
	NoteExpired   = "expired"   // the entry is past its until date: it no longer excuses anything
	NoteUnmatched = "unmatched" // the entry names no scenario of the run
)

// ExpectationNote is one entry of an expectations file that needs a
// person's attention.
type ExpectationNote struct {
	Kind     string `json:"kind"`
	Entry    string `json:"entry"`              // the entry's selector, as written
	Scenario string `json:"scenario,omitempty"` // for "fixed": the scenario id
	Message  string `json:"message"`
}

// Step is one step of a scenario and its outcome.
type Step struct {
	Keyword  string // "Given ", "When "...
	Text     string
	Status   Status // passed, failed, skipped, undefined, pending, errored
	Error    string // masked; "" unless the step failed or errored
	Duration time.Duration
}

// Header is one HTTP header line, secrets masked.
type Header struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Exchange is one HTTP request and its response, secrets masked. Step is the
// index into Scenario.Steps of the step that made it (-1: a hook, e.g. a
// cleanup).
type Exchange struct {
	Step            int
	Note            string // what the IdP was doing ("provision: look-up")
	Method          string
	URL             string
	RequestHeaders  []Header
	RequestBody     string
	Status          int // 0 when the transport failed
	ResponseHeaders []Header
	ResponseBody    string
	Error           string // transport error, masked
	Started         time.Time
	Duration        time.Duration
}

// promisePrefixes name tags that identify what a scenario checks: a
// contract promise, an RFC section or an IdP dialect behaviour.
var promisePrefixes = []string{"@contract-", "@rfc", "@idp-"}

// requirementPrefix marks fine-grained requirement ids
// (@req-RFC7644-3.4.2.4-start-index) from the RFC requirement catalogue.
const requirementPrefix = "@req-"

// Requirements returns the tags naming what the scenario checks (promise,
// RFC section, dialect and requirement ids), in tag order.
func (s Scenario) Requirements() []string {
	var out []string
	for _, t := range s.Tags {
		if isPromiseTag(t) || strings.HasPrefix(t, requirementPrefix) {
			out = append(out, t)
		}
	}
	return out
}

// Promise is the first promise tag (@contract-, @rfc..., @idp-), else the
// first requirement id, else "".
func (s Scenario) Promise() string {
	for _, t := range s.Tags {
		if isPromiseTag(t) {
			return t
		}
	}
	for _, t := range s.Tags {
		if strings.HasPrefix(t, requirementPrefix) {
			return t
		}
	}
	return ""
}

// Level is the requirement level an RFC scenario carries (@must, @should,
// @may) in capitals, or "" for scenarios without one (contract promises).
func (s Scenario) Level() string {
	for _, t := range s.Tags {
		switch t {
		case "@must", "@should", "@may":
			return strings.ToUpper(strings.TrimPrefix(t, "@"))
		}
	}
	return ""
}

func isPromiseTag(t string) bool {
	for _, p := range promisePrefixes {
		if strings.HasPrefix(t, p) {
			return true
		}
	}
	return false
}

// HasTag reports whether the scenario carries tag (with or without "@").
func (s Scenario) HasTag(tag string) bool {
	tag = "@" + strings.TrimPrefix(tag, "@")
	for _, t := range s.Tags {
		if t == tag {
			return true
		}
	}
	return false
}

// FailureLine is the first non-blank line of Failure: the "expected X, got
// Y" sentence, without the attached HTTP transcript.
func (s Scenario) FailureLine() string {
	for _, line := range strings.Split(s.Failure, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			return line
		}
	}
	return ""
}

// Capability is one thing a target may or may not offer (admin API, clock,
// PATCH...). Unsupported ones turn scenarios into skips, never failures.
type Capability struct {
	Name      string
	Supported bool
	Detail    string // why it is missing, or how it was detected
}

// Run is everything known about one harness run.
type Run struct {
	ToolVersion  string           // scimharness version that ran
	NotStarted   string           // why the run could not start ("" = it did); its one errored scenario says the same
	Expectations *ExpectationsRun // what --expect made of the run; nil = no expectations file
	Target       string           // human description, secrets masked
	Seed         int64
	Tags         string // the effective tag expression, "" = all
	Profile      string // the attribute profile the IdP sent, "" = not recorded
	Started      time.Time
	Duration     time.Duration
	Capabilities []Capability
	Scenarios    []Scenario
	// Mapping is the customer's IdP mapping check (`run --mapping`); nil =
	// none was asked for, or the run ended before it could run. Its
	// verdict is apart from the scenarios': Verdict() never reads it.
	Mapping *MappingCheck
}

// Counts tallies scenarios by outcome. Failed counts conformance failures
// (undefined, pending and ambiguous steps included), Expected those of them
// an expectations entry names; Errored ones taught nothing about the target.
type Counts struct {
	Total         int `json:"total"`
	Passed        int `json:"passed"`
	Failed        int `json:"failed"`
	Expected      int `json:"expected_failures"`
	Errored       int `json:"errored"`
	Skipped       int `json:"skipped"`
	NotApplicable int `json:"not_applicable"`
}

// Unexpected is the number of failures no expectation names: what fails a
// gate.
func (c Counts) Unexpected() int { return c.Failed - c.Expected }

func (c *Counts) add(s Scenario) {
	c.Total++
	switch st := s.Status; {
	case st == Passed:
		c.Passed++
	case st == Skipped:
		c.Skipped++
	case st == NotApplicable:
		c.NotApplicable++
	case st == Errored:
		c.Errored++
	case st.IsFailure():
		c.Failed++
		if s.Expected != nil {
			c.Expected++
		}
	}
}

// Counts tallies every scenario of the run.
func (r Run) Counts() Counts {
	var c Counts
	for _, s := range r.Scenarios {
		c.add(s)
	}
	return c
}

// FeatureSummary is the tally of one feature.
type FeatureSummary struct {
	Name string
	URI  string
	Counts
}

// Features tallies scenarios per feature, ordered by feature file.
func (r Run) Features() []FeatureSummary {
	index := map[string]int{}
	var out []FeatureSummary
	for _, s := range r.Scenarios {
		i, ok := index[s.URI]
		if !ok {
			i = len(out)
			index[s.URI] = i
			out = append(out, FeatureSummary{Name: s.Feature, URI: s.URI})
		}
		out[i].add(s)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].URI < out[j].URI })
	return out
}

// Verdict is the overall result, in the words of the Gateway API
// conformance reports: every scenario passed ("success"), none failed
// unexpectedly but some could not run against this target or failed as an
// expectations file says they would ("partial"), one failed ("failure").
// A run where scenarios errored (transport errors, timeouts, harness bugs)
// and none failed is "error": the target could not be judged. A run
// without scenarios is "empty". Not-applicable scenarios never make a run
// partial: they check targets unlike this one.
type Verdict string

// Verdicts.
const (
	VerdictSuccess Verdict = "success"
	VerdictPartial Verdict = "partial"
	VerdictFailure Verdict = "failure"
	VerdictError   Verdict = "error"
	VerdictEmpty   Verdict = "empty"
)

// Verdict derives the overall result from the scenario outcomes.
func (r Run) Verdict() Verdict {
	c := r.Counts()
	switch {
	case c.Total == 0:
		return VerdictEmpty
	case c.Unexpected() > 0:
		return VerdictFailure
	case r.Expectations != nil && r.Expectations.Strict && len(r.Expectations.Notes) > 0:
		return VerdictFailure // --strict: a stale expectations entry fails the gate
	case c.Errored > 0:
		return VerdictError
	case c.Skipped > 0 || c.Expected > 0:
		return VerdictPartial
	case c.Passed == 0:
		return VerdictEmpty // only not-applicable scenarios: nothing was checked
	}
	return VerdictSuccess
}

// Errors returns the scenarios that errored, in run order.
func (r Run) Errors() []Scenario { return r.filter(func(s Status) bool { return s == Errored }) }

// NotApplicables returns the scenarios that do not apply to this target.
func (r Run) NotApplicables() []Scenario {
	return r.filter(func(s Status) bool { return s == NotApplicable })
}

// Failures returns the scenarios that failed, in run order.
func (r Run) Failures() []Scenario { return r.filter(func(s Status) bool { return s.IsFailure() }) }

// Skips returns the scenarios that did not run, in run order.
func (r Run) Skips() []Scenario { return r.filter(func(s Status) bool { return s == Skipped }) }

func (r Run) filter(keep func(Status) bool) []Scenario {
	var out []Scenario
	for _, s := range r.Scenarios {
		if keep(s.Status) {
			out = append(out, s)
		}
	}
	return out
}
