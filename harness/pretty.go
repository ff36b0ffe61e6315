package harness

import (
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/cucumber/godog/formatters"
	messages "github.com/cucumber/messages/go/v34"

	"github.com/scimharness/scimharness/steps"
)

// prettyFormat is the console format --format pretty selects: every
// feature, scenario and step as written, for people. Unlike godog's own
// pretty it names no Go step bindings, and a failing step's message (with
// its exchange) is printed once, under the step; the summary that follows
// the run lists failures grouped by cause.
const prettyFormat = "scimharness-pretty"

func init() {
	formatters.Format(prettyFormat, "features, scenarios and steps as written, each failure once",
		func(_ string, w io.Writer) formatters.Formatter { return newPretty(w) })
}

type pretty struct {
	mu       sync.Mutex
	w        io.Writer
	features map[string]*steps.FeatureIndex // uri → index
	current  string                         // uri of the feature last printed
	pickle   string                         // id of the scenario last printed
}

func newPretty(w io.Writer) *pretty {
	return &pretty{w: w, features: map[string]*steps.FeatureIndex{}}
}

func (p *pretty) TestRunStarted() {}

func (p *pretty) Feature(doc *messages.GherkinDocument, uri string, _ []byte) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.features[uri] = steps.IndexFeature(doc, uri)
}

func (p *pretty) Pickle(pk *messages.Pickle) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.scenarioLocked(pk)
}

// scenarioLocked prints the feature and scenario headings once, also when
// concurrent scenarios interleave.
func (p *pretty) scenarioLocked(pk *messages.Pickle) *steps.FeatureIndex {
	fi := p.features[pk.Uri]
	if p.pickle == pk.Id {
		return fi
	}
	if p.current != pk.Uri {
		p.current = pk.Uri
		name := pk.Uri
		if fi != nil {
			name = fi.Name
		}
		fmt.Fprintf(p.w, "\nFeature: %s  (%s)\n", name, strings.TrimPrefix(pk.Uri, "/"))
	}
	p.pickle = pk.Id
	_, line := fi.Locate(pk)
	tags := make([]string, 0, len(pk.Tags))
	for _, t := range pk.Tags {
		tags = append(tags, t.Name)
	}
	fmt.Fprintf(p.w, "\n  Scenario: %s  (%s:%d)\n", pk.Name, strings.TrimPrefix(pk.Uri, "/"), line)
	if len(tags) > 0 {
		fmt.Fprintf(p.w, "    %s\n", strings.Join(tags, " "))
	}
	return fi
}

func (p *pretty) step(pk *messages.Pickle, st *messages.PickleStep, mark, suffix string, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	fi := p.scenarioLocked(pk)
	if st == nil {
		return
	}
	fmt.Fprintf(p.w, "    %s %s%s%s\n", mark, fi.Keyword(st), st.Text, suffix)
	if st.Argument != nil && st.Argument.DocString != nil {
		fmt.Fprintf(p.w, "%s\n", indent(st.Argument.DocString.Content, "        "))
	}
	if err != nil {
		fmt.Fprintf(p.w, "%s\n", indent(strings.TrimRight(err.Error(), "\n"), "        "))
	}
}

func (p *pretty) Defined(*messages.Pickle, *messages.PickleStep, *formatters.StepDefinition) {}

func (p *pretty) Passed(pk *messages.Pickle, st *messages.PickleStep, _ *formatters.StepDefinition) {
	p.step(pk, st, "✓", "", nil)
}

func (p *pretty) Skipped(pk *messages.Pickle, st *messages.PickleStep, _ *formatters.StepDefinition) {
	p.step(pk, st, "-", "  (skipped)", nil)
}

func (p *pretty) Failed(pk *messages.Pickle, st *messages.PickleStep, _ *formatters.StepDefinition, err error) {
	p.step(pk, st, "✗", "", err)
}

func (p *pretty) Undefined(pk *messages.Pickle, st *messages.PickleStep, _ *formatters.StepDefinition) {
	p.step(pk, st, "?", "  (undefined: no step definition matches)", nil)
}

func (p *pretty) Pending(pk *messages.Pickle, st *messages.PickleStep, _ *formatters.StepDefinition) {
	p.step(pk, st, "?", "  (pending)", nil)
}

func (p *pretty) Ambiguous(pk *messages.Pickle, st *messages.PickleStep, _ *formatters.StepDefinition, err error) {
	p.step(pk, st, "✗", "  (ambiguous)", err)
}

func (p *pretty) Summary() {}

func indent(text, prefix string) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = prefix + l
		}
	}
	return strings.Join(lines, "\n")
}
