package steps

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cucumber/godog"
	"github.com/cucumber/godog/formatters"
	messages "github.com/cucumber/messages/go/v34"

	"github.com/scimharness/scimharness/reports"
	"github.com/scimharness/scimharness/simulator"
)

// Results is the one result pipeline of a run: it turns what godog and each
// scenario's World report into reports.Scenario records, the records every
// report reads. The scenario hooks feed it (outcome of every step with its
// error and duration, the exchanges each step made, skip reasons, cleanup
// failures, the dialect spoken); godog's Feature event, through the
// ResultsFormat formatter, gives each feature's title, lines, keywords and
// stable ids, so no feature file is read a second time. Safe for
// concurrent scenarios.
type Results struct {
	// OnScenario, when set before the run, is called once per scenario as
	// soon as its last step and its cleanups are done (console progress).
	OnScenario func(reports.Scenario)

	mu        sync.Mutex
	mask      func(string) string
	features  map[string]*FeatureIndex // uri → index
	featOrder []string
	recs      map[string]*scenarioRecord // pickle id → record
	order     []string
}

// NewResults returns an empty pipeline.
func NewResults() *Results {
	return &Results{features: map[string]*FeatureIndex{}, recs: map[string]*scenarioRecord{}}
}

// scenarioRecord is one scenario in the making.
type scenarioRecord struct {
	pickle   *messages.Pickle
	sc       reports.Scenario
	started  time.Time
	stepIdx  map[string]int // pickle step id → index into sc.Steps
	stepFrom time.Time      // when the current step began
	stepsRun int
	after    bool   // the After hook ran (cleanups done)
	told     bool   // OnScenario called
	skip     string // why a gate or a step skipped the scenario
	notAppl  bool   // the skip says "does not apply to this target"
	hookErr  bool   // the Before hook failed: a harness or feature problem
	dialect  string
}

// ResultsFormat is the godog format name that hands a run's Results the
// feature documents: add it to godog.Options.Format and set
// godog.TestSuite.Name to the name Register returns.
const ResultsFormat = "scimharness-results"

var (
	resultSuites sync.Map // suite name → *Results
	resultSeq    atomic.Int64
)

func init() {
	// godog builds formatters from a name and knows no run; the suite name
	// leads to the run's Results.
	formatters.Format(ResultsFormat, "records scenario outcomes for scimharness reports",
		func(suite string, _ io.Writer) formatters.Formatter {
			if r, ok := resultSuites.Load(suite); ok {
				return resultsFormatter{r.(*Results)}
			}
			return resultsFormatter{NewResults()} // not our run: record into a throwaway
		})
}

// Register makes r reachable for godog under a fresh suite name; release
// forgets it when the suite is done.
func (r *Results) Register() (suite string, release func()) {
	suite = fmt.Sprintf("scimharness-%d", resultSeq.Add(1))
	resultSuites.Store(suite, r)
	return suite, func() { resultSuites.Delete(suite) }
}

func (r *Results) setMask(m func(string) string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.mask = m
}

func (r *Results) maskLocked(s string) string {
	if r.mask == nil {
		return simulator.NewMasker().Mask(s)
	}
	return r.mask(s)
}

// feature indexes a document godog parsed.
func (r *Results) feature(doc *messages.GherkinDocument, uri string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.features[uri]; ok {
		return
	}
	r.features[uri] = IndexFeature(doc, uri)
	r.featOrder = append(r.featOrder, uri)
}

// recordLocked returns p's record, creating it on first sight (the Before
// hook, or godog's Pickle event for a scenario without steps).
func (r *Results) recordLocked(p *messages.Pickle) *scenarioRecord {
	if rec, ok := r.recs[p.Id]; ok {
		return rec
	}
	fi := r.features[p.Uri]
	id, line := fi.Locate(p)
	feature := strings.TrimSuffix(p.Uri, ".feature")
	if fi != nil {
		feature = fi.Name
	}
	rec := &scenarioRecord{
		pickle: p, started: time.Now(), stepIdx: map[string]int{},
		sc: reports.Scenario{
			ID: id, Feature: feature, URI: strings.TrimPrefix(p.Uri, "/"), Line: line, Name: p.Name,
		},
	}
	for _, t := range p.Tags {
		rec.sc.Tags = append(rec.sc.Tags, t.Name)
	}
	rec.sc.Requirement = RequirementText(rec.sc.Tags)
	for i, st := range p.Steps {
		rec.stepIdx[st.Id] = i
		rec.sc.Steps = append(rec.sc.Steps, reports.Step{Keyword: fi.Keyword(st), Text: st.Text})
	}
	r.recs[p.Id] = rec
	r.order = append(r.order, p.Id)
	return rec
}

// begin registers a scenario as started (the Before hook).
func (r *Results) begin(p *messages.Pickle) *scenarioRecord {
	r.mu.Lock()
	defer r.mu.Unlock()
	rec := r.recordLocked(p)
	rec.started = time.Now()
	return rec
}

// skipped records why the gates (or a step) skipped the scenario;
// notApplicable says the check is for targets unlike this one.
func (r *Results) skipped(rec *scenarioRecord, reason string, notApplicable bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if rec.skip == "" {
		rec.skip, rec.notAppl = r.maskLocked(reason), notApplicable
	}
}

// beforeFailed records that the Before hook could not start the scenario.
func (r *Results) beforeFailed(rec *scenarioRecord) {
	r.mu.Lock()
	defer r.mu.Unlock()
	rec.hookErr = true
}

// stepStarted notes when a step began.
func (r *Results) stepStarted(rec *scenarioRecord) {
	r.mu.Lock()
	defer r.mu.Unlock()
	rec.stepFrom = time.Now()
}

// stepDone records one step's outcome and the exchanges it made.
func (r *Results) stepDone(rec *scenarioRecord, st *godog.Step, status godog.StepResultStatus, err error, exs []*simulator.Exchange, lost int) {
	r.mu.Lock()
	i, ok := rec.stepIdx[st.Id]
	if !ok {
		r.mu.Unlock()
		return
	}
	s := &rec.sc.Steps[i]
	if !rec.stepFrom.IsZero() {
		s.Duration = time.Since(rec.stepFrom)
	}
	s.Status = stepStatus(status)
	if s.Status == reports.Failed && (transportError(err) || anyTransportError(exs) || panicked(err) || unclassified(err)) {
		s.Status = reports.Errored
	}
	if err != nil {
		msg := err.Error()
		if panicked(err) {
			msg = "harness bug: a step panicked: " + msg
		}
		if errors.Is(err, godog.ErrSkip) {
			msg = strings.TrimPrefix(msg, godog.ErrSkip.Error()+": ")
		}
		s.Error = r.maskLocked(msg)
	}
	r.addExchangesLocked(rec, i, exs, lost)
	rec.stepsRun++
	done := r.doneLocked(rec)
	r.mu.Unlock()
	r.tell(done)
}

// finish records the cleanups' outcome and exchanges (the After hook).
func (r *Results) finish(rec *scenarioRecord, dialect string, cleanupErrs []string, exs []*simulator.Exchange, lost int) {
	r.mu.Lock()
	rec.after = true
	rec.dialect = dialect
	for _, e := range cleanupErrs {
		rec.sc.CleanupErrors = append(rec.sc.CleanupErrors, r.maskLocked(e))
	}
	r.addExchangesLocked(rec, -1, exs, lost)
	done := r.doneLocked(rec)
	r.mu.Unlock()
	r.tell(done)
}

// doneLocked returns the finished record once its last step and its After
// hook have both reported (godog runs After at the first failing step and
// still reports the skipped steps after it).
func (r *Results) doneLocked(rec *scenarioRecord) *reports.Scenario {
	if rec.told || !rec.after || rec.stepsRun < len(rec.pickle.Steps) {
		return nil
	}
	rec.told = true
	s := r.scenarioLocked(rec)
	return &s
}

func (r *Results) tell(s *reports.Scenario) {
	if s != nil && r.OnScenario != nil {
		r.OnScenario(*s)
	}
}

// addExchangesLocked appends exs, masked, as made by step (-1: a hook).
func (r *Results) addExchangesLocked(rec *scenarioRecord, step int, exs []*simulator.Exchange, lost int) {
	if lost > 0 {
		rec.sc.CleanupErrors = append(rec.sc.CleanupErrors, fmt.Sprintf("%d exchanges were made but not kept (the scenario's recorder overflowed)", lost))
	}
	for _, ex := range exs {
		rec.sc.Exchanges = append(rec.sc.Exchanges, reportExchange(ex, step))
	}
}

// reportExchange copies ex into the report model, every field masked.
func reportExchange(ex *simulator.Exchange, step int) reports.Exchange {
	out := reports.Exchange{
		Step: step, Note: ex.Mask(ex.Note), Method: ex.Method, URL: ex.Mask(ex.URL),
		RequestHeaders: reportHeaders(ex, ex.RequestHeader), RequestBody: ex.Mask(string(ex.RequestBody)),
		Status: ex.Status, ResponseHeaders: reportHeaders(ex, ex.ResponseHeader), ResponseBody: ex.Mask(string(ex.ResponseBody)),
		Started: ex.Started, Duration: ex.Duration,
	}
	if ex.Err != nil {
		out.Error = ex.Mask(ex.Err.Error())
	}
	return out
}

func reportHeaders(ex *simulator.Exchange, h http.Header) []reports.Header {
	names := make([]string, 0, len(h))
	for name := range h {
		names = append(names, name)
	}
	sort.Strings(names)
	var out []reports.Header
	for _, name := range names {
		for _, v := range h[name] {
			out = append(out, reports.Header{Name: name, Value: ex.MaskHeader(name, v)})
		}
	}
	return out
}

func stepStatus(s godog.StepResultStatus) reports.Status {
	switch s {
	case godog.StepPassed:
		return reports.Passed
	case godog.StepFailed:
		return reports.Failed
	case godog.StepSkipped:
		return reports.Skipped
	case godog.StepPending:
		return reports.Pending
	case godog.StepAmbiguous:
		return reports.Ambiguous
	}
	return reports.Undefined
}

// transportError reports whether err says the target never answered: the
// simulator's ErrTransport, a network error or a deadline. Such a step
// learnt nothing about the target, so the scenario is errored, not failed.
func transportError(err error) bool {
	var ne net.Error
	return err != nil && (errors.Is(err, simulator.ErrTransport) || errors.As(err, &ne) ||
		errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled))
}

// panicked reports whether godog recovered a panic in the step: it wraps
// the panic value into its unexported traceError (with the stack), which
// only its type name tells apart. A panic is a harness bug, not a finding.
func panicked(err error) bool {
	return err != nil && fmt.Sprintf("%T", err) == "*godog.traceError"
}

// anyTransportError reports whether an exchange of the step got no answer:
// a step may wrap the simulator's error into words and lose the chain.
func anyTransportError(exs []*simulator.Exchange) bool {
	for _, ex := range exs {
		if ex.Err != nil {
			return true
		}
	}
	return false
}

// scenarioLocked derives the scenario's outcome from its steps: the first
// step that did not pass decides.
func (r *Results) scenarioLocked(rec *scenarioRecord) reports.Scenario {
	s := rec.sc
	s.Tags = append([]string(nil), s.Tags...)
	s.Steps = append([]reports.Step(nil), s.Steps...)
	s.Exchanges = append([]reports.Exchange(nil), s.Exchanges...)
	s.CleanupErrors = append([]string(nil), s.CleanupErrors...)
	s.Dialect = rec.dialect
	s.Duration = time.Since(rec.started)
	s.Status = ""
steps:
	for _, st := range s.Steps {
		switch st.Status {
		case reports.Passed:
			continue
		case "":
			// godog never reported this step: nothing after it ran either
		case reports.Skipped:
			s.Status, s.SkipReason = reports.Skipped, rec.skip
			if s.SkipReason == "" {
				s.SkipReason = st.Error
			}
			if rec.notAppl {
				s.Status = reports.NotApplicable
			}
		default:
			s.Status, s.FailedStep, s.Failure = st.Status, st.Text, st.Error
			if rec.hookErr {
				s.Status = reports.Errored
				s.Failure = "the harness could not start the scenario: " + st.Error
			}
			if s.Failure == "" {
				s.Failure = fmt.Sprintf("expected step %q to be defined and implemented, got %s", st.Text, st.Status)
			}
		}
		break steps
	}
	if s.Status == "" {
		switch {
		case rec.stepsRun == len(rec.pickle.Steps) && len(rec.pickle.Steps) > 0:
			s.Status = reports.Passed
		default:
			// a scenario without steps, or one godog stopped: nothing was proven
			s.Status = reports.Undefined
			s.Failure = "expected the scenario to run its steps, got no step result"
		}
	}
	if s.Status == reports.Skipped && s.SkipReason == "" {
		s.SkipReason = "no reason recorded"
	}
	return s
}

// Scenarios returns every scenario's record in feature-file order, then
// line order.
func (r *Results) Scenarios() []reports.Scenario {
	r.mu.Lock()
	defer r.mu.Unlock()
	featIdx := map[string]int{}
	for i, uri := range r.featOrder {
		featIdx[strings.TrimPrefix(uri, "/")] = i
	}
	out := make([]reports.Scenario, 0, len(r.order))
	for _, id := range r.order {
		out = append(out, r.scenarioLocked(r.recs[id]))
	}
	sort.SliceStable(out, func(i, j int) bool {
		fi, fj := featIdx[out[i].URI], featIdx[out[j].URI]
		if fi != fj {
			return fi < fj
		}
		if out[i].URI != out[j].URI {
			return out[i].URI < out[j].URI
		}
		return out[i].Line < out[j].Line
	})
	return out
}

// Counts tallies the recorded scenarios.
func (r *Results) Counts() reports.Counts {
	return reports.Run{Scenarios: r.Scenarios()}.Counts()
}

// resultsFormatter is the formatter side of Results: it only needs the
// feature documents and the pickles (a scenario without steps never runs a
// hook); step outcomes come from the hooks, which also see the World.
type resultsFormatter struct{ r *Results }

func (f resultsFormatter) TestRunStarted() {}
func (f resultsFormatter) Feature(doc *messages.GherkinDocument, uri string, _ []byte) {
	f.r.feature(doc, uri)
}
func (f resultsFormatter) Pickle(p *messages.Pickle) {
	f.r.mu.Lock()
	defer f.r.mu.Unlock()
	f.r.recordLocked(p)
}
func (resultsFormatter) Defined(*messages.Pickle, *messages.PickleStep, *formatters.StepDefinition) {}
func (resultsFormatter) Failed(*messages.Pickle, *messages.PickleStep, *formatters.StepDefinition, error) {
}
func (resultsFormatter) Passed(*messages.Pickle, *messages.PickleStep, *formatters.StepDefinition)  {}
func (resultsFormatter) Skipped(*messages.Pickle, *messages.PickleStep, *formatters.StepDefinition) {}
func (resultsFormatter) Undefined(*messages.Pickle, *messages.PickleStep, *formatters.StepDefinition) {
}
func (resultsFormatter) Pending(*messages.Pickle, *messages.PickleStep, *formatters.StepDefinition) {}
func (resultsFormatter) Ambiguous(*messages.Pickle, *messages.PickleStep, *formatters.StepDefinition, error) {
}
func (resultsFormatter) Summary() {}

// Attach makes suite report to r: it names the suite after r and adds
// ResultsFormat to its formats. Call release once the suite has run.
func (r *Results) Attach(suite *godog.TestSuite) (release func()) {
	name, release := r.Register()
	suite.Name = name
	if suite.Options == nil {
		suite.Options = &godog.Options{}
	}
	if suite.Options.Format == "" {
		suite.Options.Format = ResultsFormat
	} else {
		suite.Options.Format = ResultsFormat + "," + suite.Options.Format
	}
	return release
}
