package steps

import (
	"bufio"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
	"time"
)

// Status is a scenario's outcome.
type Status string

// Outcomes. A scenario that did not run to the end for lack of a capability
// is Skipped with a reason, never Passed.
const (
	StatusRunning Status = "running" // Before ran, After has not yet
	StatusPassed  Status = "passed"
	StatusFailed  Status = "failed"
	StatusSkipped Status = "skipped"
)

// ScenarioResult is one scenario as the harness reports it. Every text in
// it has been through the run's Masker.
type ScenarioResult struct {
	ID            string // godog pickle id (unique per run)
	Feature       string // the feature's name (its "Feature:" line), or the file name
	URI           string // feature file path
	Name          string
	Tags          []string
	Status        Status
	SkipReason    string
	Failure       string   // "expected X, got Y" plus the transcript
	CleanupErrors []string // cleanups that failed (the scenario's outcome stands)
	Started       time.Time
	Duration      time.Duration
}

// FeatureSummary counts outcomes per feature.
type FeatureSummary struct {
	Feature                 string
	Passed, Failed, Skipped int
}

// Results collects scenario outcomes; safe for concurrent scenarios.
type Results struct {
	mu       sync.Mutex
	order    []string
	byID     map[string]*ScenarioResult
	features map[string]string // URI → feature name
}

// NewResults returns an empty collector.
func NewResults() *Results {
	return &Results{byID: map[string]*ScenarioResult{}, features: map[string]string{}}
}

// start registers a scenario as running (idempotent per id).
func (r *Results) start(id, uri, name string, tags []string, fsys fs.FS) {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.byID[id]; ok {
		return
	}
	r.order = append(r.order, id)
	r.byID[id] = &ScenarioResult{
		ID: id, URI: uri, Name: name, Tags: tags,
		Feature: r.featureNameLocked(uri, fsys),
		Status:  StatusRunning, Started: time.Now(),
	}
}

// finish sets a scenario's final outcome.
func (r *Results) finish(id string, status Status, detail string, cleanupErrs []string) {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	res, ok := r.byID[id]
	if !ok {
		return
	}
	res.Status = status
	switch status {
	case StatusSkipped:
		res.SkipReason = detail
	case StatusFailed:
		res.Failure = detail
	}
	res.CleanupErrors = append(res.CleanupErrors, cleanupErrs...)
	res.Duration = time.Since(res.Started)
}

// All returns a copy of every result, in the order the scenarios started.
func (r *Results) All() []ScenarioResult {
	if r == nil {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]ScenarioResult, 0, len(r.order))
	for _, id := range r.order {
		res := *r.byID[id]
		res.Tags = append([]string(nil), res.Tags...)
		res.CleanupErrors = append([]string(nil), res.CleanupErrors...)
		out = append(out, res)
	}
	return out
}

// Counts returns how many scenarios passed, failed and were skipped. A
// scenario still running (its After never ran) counts as failed: it did
// not prove anything.
func (r *Results) Counts() (passed, failed, skipped int) {
	for _, res := range r.All() {
		switch res.Status {
		case StatusPassed:
			passed++
		case StatusSkipped:
			skipped++
		default:
			failed++
		}
	}
	return passed, failed, skipped
}

// ByFeature returns per-feature counts, sorted by feature name.
func (r *Results) ByFeature() []FeatureSummary {
	idx := map[string]*FeatureSummary{}
	for _, res := range r.All() {
		s, ok := idx[res.Feature]
		if !ok {
			s = &FeatureSummary{Feature: res.Feature}
			idx[res.Feature] = s
		}
		switch res.Status {
		case StatusPassed:
			s.Passed++
		case StatusSkipped:
			s.Skipped++
		default:
			s.Failed++
		}
	}
	out := make([]FeatureSummary, 0, len(idx))
	for _, s := range idx {
		out = append(out, *s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Feature < out[j].Feature })
	return out
}

// featureNameLocked reads the "Feature:" line of uri from fsys once; without
// it the file name stands in ("token_expiry").
func (r *Results) featureNameLocked(uri string, fsys fs.FS) string {
	if name, ok := r.features[uri]; ok {
		return name
	}
	name := strings.TrimSuffix(path.Base(uri), ".feature")
	if fsys != nil {
		if f, err := fsys.Open(strings.TrimPrefix(uri, "/")); err == nil {
			sc := bufio.NewScanner(f)
			for sc.Scan() {
				line := strings.TrimSpace(sc.Text())
				if rest, ok := strings.CutPrefix(line, "Feature:"); ok {
					name = strings.TrimSpace(rest)
					break
				}
			}
			_ = f.Close()
		}
	}
	r.features[uri] = name
	return name
}
