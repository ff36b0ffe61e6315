package harness

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	gherkin "github.com/cucumber/gherkin/go/v42"
	messages "github.com/cucumber/messages/go/v34"

	"github.com/scimharness/scimharness/features"
	"github.com/scimharness/scimharness/reports"
	"github.com/scimharness/scimharness/steps"
)

// ListOptions select scenarios the way a run would.
type ListOptions struct {
	Tags      string   // godog tag expression
	IdP       string   // "" = every dialect
	Paths     []string // feature files; nil = all
	FeatureFS fs.FS    // nil → features.FS
}

// List returns the scenarios a run with the same selection would execute,
// without running them (`scimharness run --list`). Each carries its tags,
// whose @contract-/@rfc/@idp- entries are the requirement ids.
func List(opts ListOptions) ([]reports.Scenario, error) {
	fsys := opts.FeatureFS
	if fsys == nil {
		fsys = features.FS
	}
	files, err := featureFiles(fsys, opts.Paths)
	if err != nil {
		return nil, err
	}
	_, selected, err := resolveSelection(fsys, files, opts.Tags, opts.IdP)
	return selected, err
}

// resolveSelection parses files, compiles the tag expression (with --idp,
// section tags expanded to the subsections the files hold) and returns it
// with the scenarios it selects.
func resolveSelection(fsys fs.FS, files []string, tags, idp string) (tagExpr, []reports.Scenario, error) {
	expr, err := selection(tags, idp)
	if err != nil {
		return nil, nil, err
	}
	var all []reports.Scenario
	known := map[string]bool{}
	for _, file := range files {
		scenarios, err := parseFeature(fsys, file)
		if err != nil {
			return nil, nil, err
		}
		for _, s := range scenarios {
			for _, t := range s.Tags {
				known[t] = true
			}
		}
		all = append(all, scenarios...)
	}
	knownTags := make([]string, 0, len(known))
	for t := range known {
		knownTags = append(knownTags, t)
	}
	sort.Strings(knownTags)
	expr = expr.expand(knownTags)
	var out []reports.Scenario
	for _, s := range all {
		if expr.match(s.Tags) {
			out = append(out, s)
		}
	}
	return expr, out, nil
}

// selection combines the user's tag expression with the --idp filter:
// naming a dialect drops the scenarios of every other dialect.
func selection(tags, idp string) (tagExpr, error) {
	expr, err := parseTags(tags)
	if err != nil {
		return nil, &ConfigError{Setting: settingTags, Problem: err.Error()}
	}
	if idp == "" {
		return expr, nil
	}
	names, err := dialectNames(idp)
	if err != nil {
		return nil, err
	}
	var drop []tagTerm
	for _, n := range names {
		if !strings.EqualFold(n, idp) {
			drop = append(drop, tagTerm{Tag: "@idp-" + n, Negate: true})
		}
	}
	return expr.and(drop...), nil
}

// featureFiles lists the *.feature files of fsys, or of the requested files
// and directories (a directory stands for every feature below it, as godog
// reads one: `run contract/` runs the contract scenarios).
func featureFiles(fsys fs.FS, paths []string) ([]string, error) {
	if len(paths) == 0 {
		return featuresUnder(fsys, ".")
	}
	var out []string
	seen := map[string]bool{}
	for _, p := range paths {
		p = strings.TrimPrefix(path.Clean(strings.TrimPrefix(p, "features/")), "/")
		info, err := fs.Stat(fsys, p)
		if err != nil || (!info.IsDir() && !strings.HasSuffix(p, ".feature")) {
			return nil, &ConfigError{Setting: "feature file argument", Problem: fmt.Sprintf("expected a feature file or directory under features/ (see --list), got %q", p)}
		}
		files := []string{p}
		if info.IsDir() {
			if files, err = featuresUnder(fsys, p); err != nil {
				return nil, err
			}
			if len(files) == 0 {
				return nil, &ConfigError{Setting: "feature file argument", Problem: fmt.Sprintf("expected feature files under %q, got none", p)}
			}
		}
		for _, f := range files {
			if !seen[f] {
				seen[f] = true
				out = append(out, f)
			}
		}
	}
	return out, nil
}

func featuresUnder(fsys fs.FS, root string) ([]string, error) {
	var out []string
	err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".feature") {
			out = append(out, p)
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}

// parseFeature reads one feature file into scenarios (outline rows apart),
// as godog will see them, each with the stable id, line and requirement
// text a run's Results gives it (both go through steps.IndexFeature).
func parseFeature(fsys fs.FS, file string) ([]reports.Scenario, error) {
	data, err := fs.ReadFile(fsys, file)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", file, err)
	}
	ids := &messages.Incrementing{}
	doc, err := gherkin.ParseGherkinDocument(bytes.NewReader(data), ids.NewId)
	if err != nil {
		return nil, fmt.Errorf("parse %s: %w", file, err)
	}
	if doc.Feature == nil {
		return nil, nil
	}
	index := steps.IndexFeature(doc, file)
	var out []reports.Scenario
	for _, p := range gherkin.Pickles(*doc, file, ids.NewId) {
		s := reports.Scenario{Feature: index.Name, URI: file, Name: p.Name}
		s.ID, s.Line = index.Locate(p)
		for _, t := range p.Tags {
			s.Tags = append(s.Tags, t.Name)
		}
		s.Requirement = steps.RequirementText(s.Tags)
		out = append(out, s)
	}
	return out, nil
}
