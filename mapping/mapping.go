// Package mapping is `scimharness mapping check`: does the customer's own
// IdP attribute mapping give every Cantara account what it needs?
//
// Two inputs stay apart. What Cantara requires comes from the target (the
// contract profile, fixtures/profile.json, and on an external target the
// `required` flags of its /Schemas), never from the customer's file. What
// the IdP sends comes from the customer's mapping, read in the form they
// already have: an Entra synchronization schema, an Okta profile mapping,
// a hand-written CSV or YAML table, or our own profile with a source column.
//
// The check finds static problems (findings.go), evaluates the mapping for
// sample users (expr_entra.go, expr_okta.go), provisions them through the
// simulator in the IdP's dialect, reads them back through SCIM and the
// admin API (dryrun.go), and says per user and required attribute whose
// fault a missing value is (report.go).
package mapping

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Format is the kind of mapping file.
type Format string

const (
	FormatEntra   Format = "entra"   // Microsoft Graph synchronizationSchema JSON
	FormatOkta    Format = "okta"    // Okta Mappings API profile mapping JSON
	FormatTable   Format = "table"   // CSV or YAML rows: source, target, default
	FormatProfile Format = "profile" // scimharness profile JSON with a source column
)

// Flow says when the IdP writes a row's target.
type Flow int

const (
	FlowAlways  Flow = iota // on create and on every update
	FlowAddOnly             // only when the user is created (Entra ObjectAddOnly, Okta DONT_PUSH)
)

// SourceKind is what feeds a row.
type SourceKind string

const (
	SourceAttribute  SourceKind = "attribute"  // one IdP attribute, copied
	SourceConstant   SourceKind = "constant"   // the same literal for every user
	SourceExpression SourceKind = "expression" // a function of IdP attributes
	SourceImplicit   SourceKind = "implicit"   // the IdP fills it itself (Okta's externalId, active)
)

// Row is one mapping row: what feeds which SCIM target.
type Row struct {
	N            int    // 1-based position in the mapping, as the customer counts rows
	Line, Column int    // where the row starts in the file; 0 when unknown
	Target       string // the SCIM attribute path the IdP writes, as the file names it
	// TargetLabel is the target as the IdP's console shows it when that
	// differs from the SCIM path (Okta's app attribute "email").
	TargetLabel string
	Kind        SourceKind
	Source      string   // what the customer's console shows: "preferredLanguage", `Switch([IsSoftDeleted], ...)`, `"en-US"`
	Attrs       []string // IdP attributes the source reads
	Default     string   // the value used when the source is empty ("" none)
	HasDefault  bool
	Flow        Flow
	FlowLabel   string // the IdP's own word for the flow, e.g. "ObjectAddOnly", "DONT_PUSH"
	Matching    int    // Entra matchingPriority (> 0: the IdP finds existing users by it)

	expr   expr   // compiled source; nil when unsupported or implicit
	static string // why the source is checked statically only ("" when evaluable)
}

// Label names the row in messages: "row 3 (preferredLanguage → locale, line 41)".
func (r Row) Label() string {
	target := r.Target
	if r.TargetLabel != "" && !strings.EqualFold(r.TargetLabel, r.Target) {
		target = r.TargetLabel + " (" + r.Target + ")"
	}
	src := r.Source
	if src == "" {
		src = "(nothing)"
	}
	s := fmt.Sprintf("row %d (%s → %s", r.N, src, target)
	if r.Line > 0 {
		s += fmt.Sprintf(", line %d", r.Line)
	}
	if r.Kind == SourceImplicit {
		s = fmt.Sprintf("%s → %s (filled by the IdP itself", src, target)
	}
	return s + ")"
}

// StaticOnly is the reason the row's source cannot be evaluated ("" when it can).
func (r Row) StaticOnly() string { return r.static }

// Mapping is a customer's mapping, parsed.
type Mapping struct {
	File    string
	Format  Format
	Dialect string // the simulator dialect that speaks for this IdP (entra, okta, generic)
	// UniqueSources are the IdP attributes the IdP guarantees unique
	// (userPrincipalName); nil when the format does not say.
	UniqueSources []string
	// MaybeEmpty are the IdP attributes its directories commonly leave
	// empty (Entra's preferredLanguage); a required target fed only by them
	// without a default is a warning the dry run then proves or clears.
	MaybeEmpty []string
	Rows       []Row
}

// MaxInputBytes caps every file the check reads: a real Entra schema export
// is well under 2 MB, so anything past this is the wrong file, and reading
// it whole could exhaust memory.
const MaxInputBytes = 8 << 20

// InputError is input the check cannot use (exit status 2): it names the
// file, the line and column where known, and what was expected.
type InputError struct {
	File         string
	Line, Column int
	Problem      string
}

func (e *InputError) Error() string {
	where := e.File
	if e.Line > 0 {
		where += fmt.Sprintf(":%d:%d", e.Line, e.Column)
	}
	if where == "" {
		return e.Problem
	}
	return where + ": " + e.Problem
}

// IsInputError reports whether err is bad input (exit status 2).
func IsInputError(err error) bool {
	var ie *InputError
	return errors.As(err, &ie)
}

// readCapped reads a whole file, refusing one larger than MaxInputBytes
// before reading it all.
func readCapped(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &InputError{File: path, Problem: fmt.Sprintf("expected a readable file, got %v", errors.Unwrap(err))}
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.IsDir() {
		return nil, &InputError{File: path, Problem: "expected a file, got a directory"}
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxInputBytes+1))
	if err != nil {
		return nil, &InputError{File: path, Problem: fmt.Sprintf("expected a readable file, got %v", err)}
	}
	if len(data) > MaxInputBytes {
		size := fmt.Sprintf("more than %d MB", MaxInputBytes>>20)
		if info, err := f.Stat(); err == nil {
			size = fmt.Sprintf("%.1f MB", float64(info.Size())/(1<<20))
		}
		return nil, &InputError{File: path, Problem: fmt.Sprintf("expected a mapping export of at most %d MB, got %s: is this the right file?", MaxInputBytes>>20, size)}
	}
	return data, nil
}

// Load reads a mapping file, telling its format from its content (JSON
// objects) or its extension (.csv, .yaml, .yml).
func Load(path string) (*Mapping, error) {
	data, err := readCapped(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// Parse reads a mapping from data; name is the file as the customer gave it.
func Parse(name string, data []byte) (*Mapping, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &InputError{File: name, Line: 1, Column: 1, Problem: "expected a mapping (Entra synchronization schema, Okta profile mapping, CSV, YAML or profile JSON), got an empty file"}
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv":
		return ParseCSV(name, data)
	case ".yaml", ".yml":
		return ParseYAML(name, data)
	}
	trimmed := bytes.TrimLeft(data, " \t\r\n\ufeff")
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return nil, &InputError{File: name, Line: 1, Column: 1, Problem: "expected a JSON object (Entra synchronization schema, Okta profile mapping or profile), or a .csv/.yaml file, got neither"}
	}
	return parseJSONMapping(name, data)
}

// parseJSONMapping tells the three JSON formats apart by their top-level
// keys, so a customer need not say which export they have.
func parseJSONMapping(name string, data []byte) (*Mapping, error) {
	keys, err := topLevelKeys(name, data)
	if err != nil {
		return nil, err
	}
	switch {
	case keys["synchronizationrules"]:
		return ParseEntra(name, data)
	case keys["properties"] && (keys["source"] || keys["target"]):
		return ParseOkta(name, data)
	case keys["attributes"]:
		return ParseProfileMapping(name, data)
	}
	return nil, &InputError{File: name, Line: 1, Column: 1, Problem: wrongObject(keys)}
}

// wrongObject explains an export of the wrong Graph or Okta object, naming
// what the customer has and the call that gives the right one.
func wrongObject(keys map[string]bool) string {
	const want = "expected an Entra synchronization schema (top-level \"synchronizationRules\"), an Okta profile mapping (\"properties\") or a profile (\"attributes\")"
	switch {
	case keys["templateid"] && keys["schedule"]:
		return want + ", got an Entra synchronization job: export its schema instead, GET .../synchronization/jobs/{jobId}/schema"
	case keys["value"]:
		return want + ", got a Graph collection (\"value\"): export one job's schema, GET .../synchronization/jobs/{jobId}/schema"
	case keys["directories"]:
		return want + ", got directory definitions without synchronizationRules: export the whole schema, GET .../synchronization/jobs/{jobId}/schema"
	case keys["schemas"] || keys["username"]:
		return want + ", got a SCIM resource: export the IdP's mapping, not a user"
	case keys["objectmappings"]:
		return want + ", got one synchronization rule: export the whole schema, GET .../synchronization/jobs/{jobId}/schema"
	}
	return want + ", got none of these keys"
}
