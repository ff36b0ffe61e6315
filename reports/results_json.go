package reports

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"time"
)

// ResultsFile is the machine-readable result of a run (docs/results-schema.md).
const ResultsFile = "results.json"

// ResultsSchema names the document's format; the number changes when a
// field changes meaning or goes away (adding a field does not change it).
const (
	ResultsSchema        = "scimharness-results"
	ResultsSchemaVersion = 1
)

// ResultsDoc is results.json: the run and every scenario, with ids stable
// across runs and failure messages free of run-specific values, so two runs
// compare line by line (`scimharness diff`).
type ResultsDoc struct {
	Schema        string           `json:"schema"`
	SchemaVersion int              `json:"schema_version"`
	Tool          ResultsTool      `json:"tool"`
	Run           ResultsRun       `json:"run"`
	Expectations  *ExpectationsRun `json:"expectations,omitempty"`
	Mapping       *MappingCheck    `json:"mapping,omitempty"` // `run --mapping`: the IdP mapping check
	Scenarios     []ResultScenario `json:"scenarios"`
}

// ResultsTool names the harness that wrote the file.
type ResultsTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// ResultsRun is the run's metadata.
type ResultsRun struct {
	Target       string              `json:"target"` // masked
	Seed         int64               `json:"seed"`
	Tags         string              `json:"tags"`
	Profile      string              `json:"profile,omitempty"`
	Capabilities []ResultsCapability `json:"capabilities"`
	Started      time.Time           `json:"started"`
	DurationMS   int64               `json:"duration_ms"`
	Counts       Counts              `json:"counts"`
	Verdict      Verdict             `json:"verdict"`
	NotStarted   string              `json:"not_started,omitempty"` // why the run could not start
}

// ResultsCapability is one capability of the target as discovered.
type ResultsCapability struct {
	Name      string `json:"name"`
	Supported bool   `json:"supported"`
	Detail    string `json:"detail,omitempty"`
}

// ResultScenario is one scenario (an outline row counting as its own).
type ResultScenario struct {
	ID            string    `json:"id"`
	Name          string    `json:"name"`
	Feature       string    `json:"feature"`
	URI           string    `json:"uri"`
	Line          int       `json:"line"`
	Tags          []string  `json:"tags"`
	Status        Status    `json:"status"`
	Reason        string    `json:"reason,omitempty"` // skipped / not_applicable: why
	Requirement   string    `json:"requirement,omitempty"`
	Dialect       string    `json:"dialect,omitempty"`
	Failure       *Failure  `json:"failure,omitempty"` // failed, errored, undefined...
	DurationMS    int64     `json:"duration_ms"`
	CleanupErrors []string  `json:"cleanup_errors,omitempty"`
	Expected      *Expected `json:"expected,omitempty"`
}

// Failure is why a scenario failed or errored.
type Failure struct {
	Step    string `json:"step,omitempty"`
	Message string `json:"message"` // first line, run-specific values replaced by <uuid>, <host>, <time>, <hex>...
	Raw     string `json:"raw"`     // the whole masked message with its transcript, as the run saw it
}

// NewResultsDoc builds results.json's content from a run.
func NewResultsDoc(r Run) ResultsDoc {
	doc := ResultsDoc{
		Schema: ResultsSchema, SchemaVersion: ResultsSchemaVersion,
		Tool: ResultsTool{Name: "scimharness", Version: r.ToolVersion},
		Run: ResultsRun{
			Target: r.Target, Seed: r.Seed, Tags: r.Tags, Profile: r.Profile,
			Started: r.Started.UTC(), DurationMS: r.Duration.Milliseconds(),
			Counts: r.Counts(), Verdict: r.Verdict(), NotStarted: r.NotStarted,
			Capabilities: []ResultsCapability{},
		},
		Expectations: r.Expectations,
		Mapping:      r.Mapping,
		Scenarios:    make([]ResultScenario, 0, len(r.Scenarios)),
	}
	for _, c := range r.Capabilities {
		doc.Run.Capabilities = append(doc.Run.Capabilities, ResultsCapability{Name: c.Name, Supported: c.Supported, Detail: c.Detail})
	}
	for _, s := range r.Scenarios {
		rs := ResultScenario{
			ID: s.ID, Name: s.Name, Feature: s.Feature, URI: s.URI, Line: s.Line,
			Tags: append([]string{}, s.Tags...), Status: s.Status, Requirement: s.Requirement, Dialect: s.Dialect,
			DurationMS: s.Duration.Milliseconds(), CleanupErrors: s.CleanupErrors, Expected: s.Expected,
		}
		switch {
		case s.Status == Skipped || s.Status == NotApplicable:
			rs.Reason = s.SkipReason
		case s.Status != Passed:
			rs.Failure = &Failure{Step: s.FailedStep, Message: Normalise(s.FailureLine()), Raw: s.Failure}
		}
		doc.Scenarios = append(doc.Scenarios, rs)
	}
	return doc
}

// WriteResultsJSON writes results.json.
func WriteResultsJSON(w io.Writer, r Run) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(NewResultsDoc(r)); err != nil {
		return fmt.Errorf("write %s: %w", ResultsFile, err)
	}
	return nil
}

// ReadResultsFile reads the results.json at path (ReadResultsJSON).
func ReadResultsFile(path string) (ResultsDoc, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return ResultsDoc{}, err
	}
	return ReadResultsJSON(data, path)
}

// ReadResultsJSON reads a results.json, refusing another schema or a newer
// version with a message saying which.
func ReadResultsJSON(data []byte, name string) (ResultsDoc, error) {
	var doc ResultsDoc
	if err := json.Unmarshal(data, &doc); err != nil {
		var se *json.SyntaxError
		if ok := asSyntaxError(err, &se); ok {
			line, col := lineCol(data, se.Offset-1) // Offset counts the bad byte
			return doc, fmt.Errorf("%s:%d:%d: expected a results.json document, got invalid JSON: %v", name, line, col, err)
		}
		return doc, fmt.Errorf("%s: expected a results.json document, got: %v", name, err)
	}
	switch {
	case doc.Schema != ResultsSchema:
		return doc, fmt.Errorf("%s: expected schema %q, got %q", name, ResultsSchema, doc.Schema)
	case doc.SchemaVersion < 1 || doc.SchemaVersion > ResultsSchemaVersion:
		return doc, fmt.Errorf("%s: expected schema_version 1 to %d, got %d (written by a newer scimharness?)", name, ResultsSchemaVersion, doc.SchemaVersion)
	}
	return doc, nil
}

func asSyntaxError(err error, target **json.SyntaxError) bool {
	se, ok := err.(*json.SyntaxError)
	if ok {
		*target = se
	}
	return ok
}

// lineCol turns a byte offset into a 1-based line and column.
func lineCol(data []byte, offset int64) (line, col int) {
	line, col = 1, 1
	for i := int64(0); i < offset && i < int64(len(data)); i++ {
		if data[i] == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return line, col
}

// Run-specific values a failure message may quote: they differ between two
// runs of the same target, so results.json replaces them with a
// placeholder naming what was there.
var normalisers = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`(?i)\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b`), "<uuid>"},
	{regexp.MustCompile(`\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?\b`), "<time>"},
	{regexp.MustCompile(`://[^/\s"'<>]+:\d+`), "://<host>"},
	{regexp.MustCompile(`\b(127\.0\.0\.1|localhost|\[::1\]):\d+\b`), "<host>"},
	{regexp.MustCompile(`(?i)\b[0-9a-f]{16,}\b`), "<hex>"},
	{regexp.MustCompile(`\b\d+(\.\d+)?(ns|µs|us|ms|s)\b`), "<duration>"},
	{regexp.MustCompile(`W/"[^"]*"`), `W/"<etag>"`},
}

// Normalise replaces run-specific values (UUIDs, timestamps, hosts with
// ports, long hex ids, durations, ETags) in a message with placeholders.
func Normalise(s string) string {
	for _, n := range normalisers {
		s = n.re.ReplaceAllString(s, n.with)
	}
	return strings.TrimSpace(s)
}
