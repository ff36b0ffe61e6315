package harness

import (
	"fmt"
	"io"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cucumber/godog/formatters"
	messages "github.com/cucumber/messages/go/v34"

	"github.com/scimharness/scimharness/reports"
)

// collectorFormat is a godog formatter that records every scenario's
// outcome for reports. godog builds formatters from a name and knows no run,
// so each run registers its collector under a unique suite name and the
// formatter function looks it up.
const collectorFormat = "scimharness-collector"

var (
	collectors   sync.Map // suite name → *collector
	collectorSeq atomic.Int64
)

func init() {
	formatters.Format(collectorFormat, "records scenario outcomes for scimharness reports",
		func(suite string, _ io.Writer) formatters.Formatter {
			if c, ok := collectors.Load(suite); ok {
				return c.(*collector)
			}
			// not our run (someone used the format name directly): record into a throwaway
			return newCollector(nil)
		})
}

// collector implements formatters.Formatter. Events may come from several
// goroutines when scenarios run concurrently.
type collector struct {
	mask func(string) string

	mu        sync.Mutex
	features  map[string]*featureInfo // uri → info
	featOrder []string
	scenarios map[string]*reports.Scenario // pickle id → result
	order     []string
	started   map[string]time.Time
}

type featureInfo struct {
	name  string
	lines map[string]int // gherkin AST node id → line
}

func newCollector(mask func(string) string) *collector {
	if mask == nil {
		mask = func(s string) string { return s }
	}
	return &collector{
		mask:      mask,
		features:  map[string]*featureInfo{},
		scenarios: map[string]*reports.Scenario{},
		started:   map[string]time.Time{},
	}
}

// register makes c reachable for godog under a fresh suite name.
func (c *collector) register() (suite string) {
	suite = fmt.Sprintf("scimharness-%d", collectorSeq.Add(1))
	collectors.Store(suite, c)
	return suite
}

func unregister(suite string) { collectors.Delete(suite) }

func (c *collector) TestRunStarted() {}

func (c *collector) Feature(doc *messages.GherkinDocument, uri string, _ []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.features[uri]; ok || doc == nil || doc.Feature == nil {
		return
	}
	c.features[uri] = &featureInfo{name: doc.Feature.Name, lines: scenarioLines(doc.Feature)}
	c.featOrder = append(c.featOrder, uri)
}

func (c *collector) Pickle(p *messages.Pickle) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.scenarioLocked(p)
}

// scenarioLocked returns the result for p, creating it on first sight.
func (c *collector) scenarioLocked(p *messages.Pickle) *reports.Scenario {
	if s, ok := c.scenarios[p.Id]; ok {
		return s
	}
	s := &reports.Scenario{URI: p.Uri, Name: p.Name}
	if info := c.features[p.Uri]; info != nil {
		s.Feature = info.name
		// the last AST node is the example row for outlines, the scenario otherwise
		for _, id := range p.AstNodeIds {
			if line, ok := info.lines[id]; ok {
				s.Line = line
			}
		}
	}
	if s.Feature == "" {
		s.Feature = p.Uri
	}
	for _, t := range p.Tags {
		s.Tags = append(s.Tags, t.Name)
	}
	c.scenarios[p.Id] = s
	c.order = append(c.order, p.Id)
	c.started[p.Id] = time.Now()
	return s
}

func (c *collector) Defined(*messages.Pickle, *messages.PickleStep, *formatters.StepDefinition) {}

func (c *collector) Passed(p *messages.Pickle, _ *messages.PickleStep, _ *formatters.StepDefinition) {
	c.step(p, reports.Passed, nil, nil)
}

func (c *collector) Skipped(p *messages.Pickle, _ *messages.PickleStep, _ *formatters.StepDefinition) {
	c.step(p, reports.Skipped, nil, nil)
}

func (c *collector) Failed(p *messages.Pickle, st *messages.PickleStep, _ *formatters.StepDefinition, err error) {
	c.step(p, reports.Failed, st, err)
}

func (c *collector) Undefined(p *messages.Pickle, st *messages.PickleStep, _ *formatters.StepDefinition) {
	c.step(p, reports.Undefined, st, fmt.Errorf("expected a step definition for %q, got none (undefined step)", stepText(st)))
}

func (c *collector) Pending(p *messages.Pickle, st *messages.PickleStep, _ *formatters.StepDefinition) {
	c.step(p, reports.Pending, st, fmt.Errorf("expected an implemented step for %q, got a pending one", stepText(st)))
}

func (c *collector) Ambiguous(p *messages.Pickle, st *messages.PickleStep, _ *formatters.StepDefinition, err error) {
	c.step(p, reports.Ambiguous, st, err)
}

func (c *collector) Summary() {}

// step folds one step outcome into the scenario: the first failure wins;
// a skip after passed steps (a step that found a capability missing) makes
// the scenario skipped; skips after a failure are its consequence.
func (c *collector) step(p *messages.Pickle, st reports.Status, step *messages.PickleStep, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.scenarioLocked(p)
	s.Duration = time.Since(c.started[p.Id])
	if s.Status.IsFailure() {
		return
	}
	switch {
	case st.IsFailure():
		s.Status = st
		s.FailedStep = c.mask(stepText(step))
		if err != nil {
			s.Failure = c.mask(err.Error())
		}
	case st == reports.Skipped:
		s.Status = reports.Skipped
	case s.Status == "":
		s.Status = reports.Passed
	}
}

func stepText(st *messages.PickleStep) string {
	if st == nil {
		return ""
	}
	return st.Text
}

// results returns the scenarios in feature-file order, then line order.
// skipReasons (pickle id → reason, from the steps' gating) fills the reason
// godog's formatter events do not carry.
func (c *collector) results(skipReasons map[string]string) []reports.Scenario {
	c.mu.Lock()
	defer c.mu.Unlock()
	featIdx := map[string]int{}
	for i, uri := range c.featOrder {
		featIdx[uri] = i
	}
	out := make([]reports.Scenario, 0, len(c.order))
	for _, id := range c.order {
		s := *c.scenarios[id]
		s.Tags = append([]string(nil), s.Tags...)
		if s.Status == "" {
			// a pickle whose steps never reported: nothing was proven
			s.Status = reports.Undefined
			s.Failure = "expected the scenario to run its steps, got no step result"
		}
		if s.Status == reports.Skipped && s.SkipReason == "" {
			s.SkipReason = c.mask(skipReasons[id])
		}
		out = append(out, s)
	}
	sort.SliceStable(out, func(i, j int) bool {
		fi, fj := featIdx[out[i].URI], featIdx[out[j].URI]
		if fi != fj {
			return fi < fj
		}
		return out[i].Line < out[j].Line
	})
	return out
}
