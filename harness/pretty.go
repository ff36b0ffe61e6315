package harness

import (
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/cucumber/godog/formatters"
	messages "github.com/cucumber/messages/go/v34"
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
	features map[string]*prettyFeature // uri → feature
	current  string                    // uri of the feature last printed
	pickle   string                    // id of the scenario last printed
}

type prettyFeature struct {
	name     string
	keywords map[string]string // step AST id → "Given " etc.
	lines    map[string]int    // scenario / example row AST id → line
}

func newPretty(w io.Writer) *pretty {
	return &pretty{w: w, features: map[string]*prettyFeature{}}
}

func (p *pretty) TestRunStarted() {}

func (p *pretty) Feature(doc *messages.GherkinDocument, uri string, _ []byte) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if doc == nil || doc.Feature == nil {
		return
	}
	f := &prettyFeature{name: doc.Feature.Name, keywords: map[string]string{}, lines: scenarioLines(doc.Feature)}
	addSteps := func(steps []*messages.Step) {
		for _, st := range steps {
			f.keywords[st.Id] = st.Keyword
		}
	}
	for _, child := range doc.Feature.Children {
		if child.Background != nil {
			addSteps(child.Background.Steps)
		}
		if child.Scenario != nil {
			addSteps(child.Scenario.Steps)
		}
		if child.Rule != nil {
			for _, rc := range child.Rule.Children {
				if rc.Background != nil {
					addSteps(rc.Background.Steps)
				}
				if rc.Scenario != nil {
					addSteps(rc.Scenario.Steps)
				}
			}
		}
	}
	p.features[uri] = f
}

func (p *pretty) Pickle(pk *messages.Pickle) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.scenarioLocked(pk)
}

// scenarioLocked prints the feature and scenario headings once, also when
// concurrent scenarios interleave.
func (p *pretty) scenarioLocked(pk *messages.Pickle) *prettyFeature {
	f := p.features[pk.Uri]
	if f == nil {
		f = &prettyFeature{name: pk.Uri}
	}
	if p.pickle == pk.Id {
		return f
	}
	if p.current != pk.Uri {
		p.current = pk.Uri
		fmt.Fprintf(p.w, "\nFeature: %s  (%s)\n", f.name, pk.Uri)
	}
	p.pickle = pk.Id
	line := 0
	for _, id := range pk.AstNodeIds {
		if l, ok := f.lines[id]; ok {
			line = l
		}
	}
	tags := make([]string, 0, len(pk.Tags))
	for _, t := range pk.Tags {
		tags = append(tags, t.Name)
	}
	fmt.Fprintf(p.w, "\n  Scenario: %s  (%s:%d)\n", pk.Name, pk.Uri, line)
	if len(tags) > 0 {
		fmt.Fprintf(p.w, "    %s\n", strings.Join(tags, " "))
	}
	return f
}

func (p *pretty) step(pk *messages.Pickle, st *messages.PickleStep, mark, suffix string, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	f := p.scenarioLocked(pk)
	keyword := ""
	if st != nil && len(st.AstNodeIds) > 0 {
		keyword = f.keywords[st.AstNodeIds[0]]
	}
	text := ""
	if st != nil {
		text = st.Text
	}
	fmt.Fprintf(p.w, "    %s %s%s%s\n", mark, keyword, text, suffix)
	if st != nil && st.Argument != nil && st.Argument.DocString != nil {
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
