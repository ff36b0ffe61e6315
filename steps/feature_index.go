package steps

import (
	"path"
	"strings"

	messages "github.com/cucumber/messages/go/v34"

	"github.com/scimharness/scimharness/reports"
)

// FeatureIndex is what a parsed feature file tells about its scenarios that
// godog's pickles do not carry: the feature's title, each scenario's (and
// outline row's) line and stable id, and each step's keyword as written.
// `run --list` and a run's Results build it from the same document through
// IndexFeature, so both name a scenario the same.
type FeatureIndex struct {
	Name string // the "Feature:" title; the file name when the title is empty
	URI  string

	places   map[string]scenarioPlace // AST node id of a scenario or example row → place
	keywords map[string]string        // AST node id of a step → keyword ("Given ")
}

type scenarioPlace struct {
	id   string
	line int
}

// IndexFeature indexes doc, read from uri.
func IndexFeature(doc *messages.GherkinDocument, uri string) *FeatureIndex {
	uri = strings.TrimPrefix(uri, "/")
	fi := &FeatureIndex{
		Name: strings.TrimSuffix(path.Base(uri), ".feature"), URI: uri,
		places: map[string]scenarioPlace{}, keywords: map[string]string{},
	}
	if doc == nil || doc.Feature == nil {
		return fi
	}
	if t := strings.TrimSpace(doc.Feature.Name); t != "" {
		fi.Name = t
	}
	seen := reports.IDs{}
	addSteps := func(steps []*messages.Step) {
		for _, st := range steps {
			fi.keywords[st.Id] = st.Keyword
		}
	}
	addScenario := func(sc *messages.Scenario) {
		addSteps(sc.Steps)
		if len(sc.Examples) == 0 {
			fi.places[sc.Id] = scenarioPlace{seen.Unique(reports.ScenarioID(uri, sc.Name, nil)), int(sc.Location.Line)}
			return
		}
		fi.places[sc.Id] = scenarioPlace{line: int(sc.Location.Line)}
		for _, ex := range sc.Examples {
			for _, row := range ex.TableBody {
				cells := make([]string, len(row.Cells))
				for i, c := range row.Cells {
					cells[i] = c.Value
				}
				fi.places[row.Id] = scenarioPlace{seen.Unique(reports.ScenarioID(uri, sc.Name, cells)), int(row.Location.Line)}
			}
		}
	}
	for _, child := range doc.Feature.Children {
		switch {
		case child.Background != nil:
			addSteps(child.Background.Steps)
		case child.Scenario != nil:
			addScenario(child.Scenario)
		case child.Rule != nil:
			for _, rc := range child.Rule.Children {
				if rc.Background != nil {
					addSteps(rc.Background.Steps)
				}
				if rc.Scenario != nil {
					addScenario(rc.Scenario)
				}
			}
		}
	}
	return fi
}

// Locate returns the stable id and line of pickle p: its last AST node is
// the example row of an outline, the scenario otherwise. Without an index
// entry (a document godog never showed) the id falls back to the pickle's
// title, which is stable too.
func (fi *FeatureIndex) Locate(p *messages.Pickle) (id string, line int) {
	if fi != nil {
		for _, n := range p.AstNodeIds {
			if pl, ok := fi.places[n]; ok {
				if pl.id != "" {
					id = pl.id
				}
				line = pl.line
			}
		}
	}
	if id == "" {
		id = reports.ScenarioID(p.Uri, p.Name, nil)
	}
	return id, line
}

// Keyword is the keyword a step was written with ("And "), or one derived
// from its type when the document is unknown.
func (fi *FeatureIndex) Keyword(st *messages.PickleStep) string {
	if fi != nil && len(st.AstNodeIds) > 0 {
		if k, ok := fi.keywords[st.AstNodeIds[0]]; ok {
			return k
		}
	}
	switch st.Type {
	case messages.PickleStepType_CONTEXT:
		return "Given "
	case messages.PickleStepType_ACTION:
		return "When "
	case messages.PickleStepType_OUTCOME:
		return "Then "
	}
	return "* "
}
