package harness

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"strings"
	"testing"

	"github.com/scimharness/scimharness/reports"
	"github.com/scimharness/scimharness/sandbox"
	"github.com/scimharness/scimharness/steps"
)

// Target is what to run against (cantara-contract.md section 5): the one
// target type of the code base, shared with the steps. The zero value means
// the embedded sandbox.
type Target = steps.Target

// Formats the harness knows. Console formats stream progress while the run
// goes; file formats land in OutDir. summary.txt is always written.
const (
	FormatProgress = "progress" // one character per step (default)
	FormatPretty   = "pretty"   // every scenario and step, as written
	FormatNone     = "none"     // no streaming output, only the summary
	FormatCucumber = "cucumber" // cucumber.json (godog's formatter)
	FormatJUnit    = "junit"    // junit.xml (ours: keeps skip reasons)
	FormatResults  = "results"  // results.json (docs/results-schema.md)
	FormatHTML     = "html"     // report.html: causes, steps, transcripts, for a browser
	FormatHAR      = "har"      // exchanges.har: every exchange, for devtools or Postman
)

// DefaultFormats is what a run writes when Config.Formats is empty.
var DefaultFormats = []string{FormatProgress, FormatCucumber, FormatJUnit, FormatResults, FormatHTML, FormatHAR}

// DefaultOutDir is where reports land unless Config.OutDir says otherwise.
const DefaultOutDir = "reports/out"

// Config is one run.
type Config struct {
	Target Target
	// Transport: the CA bundle, certificate verification and per-request
	// timeout every request of the run uses.
	Transport Transport
	Tags      string // godog tag expression, "" = all scenarios
	Seed      int64  // 0 → random, printed so the run can be replayed
	// Formats: at most one console format plus any file formats; nil → DefaultFormats.
	Formats []string
	OutDir  string // "" → DefaultOutDir
	// IdP limits IdP-dialect scenarios to one dialect (the @idp-<name> tag)
	// and makes it the dialect of the contract scenarios; "" = all dialects,
	// contract scenarios speak generic RFC 7644.
	IdP string
	// Paths limits the run to these feature files (as named in the feature
	// FS, e.g. "token_expiry.feature"); nil = all.
	Paths []string
	// Profile is the attribute profile file (contract section 4) the IdP
	// sends, e.g. a customer's export of its IdP mapping; "" = the
	// embedded fixtures/profile.json.
	Profile string
	// Faults switch sandbox defects on; only for the embedded sandbox.
	Faults      []sandbox.Fault
	Concurrency int    // scenarios in parallel; < 1 → DefaultConcurrency
	ToolVersion string // recorded in results.json; "" → "dev"
	// Expect is an expectations file (YAML or JSON) of known deviations:
	// the failures it names do not fail the run. Strict also fails the run
	// on an entry that no longer holds (fixed, expired, unmatched).
	Expect string
	Strict bool
	Stdout io.Writer // console output; nil → io.Discard
	// Mapping, when set, runs once the scenarios have run, before any
	// report is written: what it returns joins the run record, so
	// summary.txt, results.json and report.html show it and its exit
	// status counts. `run --mapping` checks the customer's IdP mapping
	// with it. It is not called when the run did not start or was
	// interrupted. It gets the target the scenarios ran against (the
	// embedded sandbox's URL and tokens when there was no target), so the
	// check provisions into the same tenant, its description for the
	// report, and the run's seed, for its generated users.
	Mapping func(ctx context.Context, target Target, describe string, seed int64) *reports.MappingCheck

	// FeatureFS replaces the embedded features (tests); nil → features.FS.
	FeatureFS fs.FS
	// TestingT makes every scenario a subtest of t (godog.Options.TestingT),
	// so `go test` reports scenarios by name. A failing scenario fails t.
	TestingT *testing.T
}

// ConfigError is a usage or configuration problem: the run never started
// and the exit status is 2. Its message names the variable or flag at fault
// and never carries a secret.
type ConfigError struct {
	Setting string // e.g. "SCIM_BASE_URL (--base-url)"
	Problem string
}

func (e *ConfigError) Error() string {
	if e.Setting == "" {
		return "configuration: " + e.Problem
	}
	return fmt.Sprintf("configuration: %s: %s", e.Setting, e.Problem)
}

// IsConfigError reports whether err means "bad usage or configuration".
func IsConfigError(err error) bool {
	var ce *ConfigError
	return errors.As(err, &ce)
}

// Setting names as a user types them: the variable and its flag.
const (
	settingBaseURL    = "SCIM_BASE_URL (--base-url)"
	settingToken      = "SCIM_TOKEN (--token)"
	settingAdminURL   = "CANTARA_ADMIN_URL (--admin-url)"
	settingAdminToken = "CANTARA_ADMIN_TOKEN (--admin-token)"
	settingFaults     = "--faults"
	settingTags       = "--tags"
	settingFormat     = "--format"
	settingIdP        = "--idp"
	settingExpect     = "--expect"
)

// validateTarget checks an external target before any request is made.
func validateTarget(t Target) error {
	if err := validateURL(settingBaseURL, t.BaseURL); err != nil {
		return err
	}
	if strings.TrimSpace(t.Token) == "" {
		return &ConfigError{Setting: settingToken, Problem: "expected a provisioning token for the tenant at SCIM_BASE_URL, got none"}
	}
	switch {
	case t.AdminURL != "" && strings.TrimSpace(t.AdminToken) == "":
		return &ConfigError{Setting: settingAdminToken, Problem: "expected the admin token that goes with CANTARA_ADMIN_URL, got none"}
	case t.AdminURL == "" && t.AdminToken != "":
		return &ConfigError{Setting: settingAdminURL, Problem: "expected the admin API URL that goes with CANTARA_ADMIN_TOKEN, got none"}
	case t.AdminURL != "":
		if err := validateURL(settingAdminURL, t.AdminURL); err != nil {
			return err
		}
	}
	return nil
}

// validateURL accepts absolute http(s) URLs with a host. The message quotes
// the URL without user info, which could hold a password.
func validateURL(setting, raw string) error {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return &ConfigError{Setting: setting, Problem: "expected an absolute http(s) URL, got one that does not parse"}
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		u.User = nil
		return &ConfigError{Setting: setting, Problem: fmt.Sprintf("expected an absolute http(s) URL such as https://host/scim/v2/<TenantID>, got %q", u.Redacted())}
	}
	return nil
}

// formatPlan is Config.Formats resolved.
type formatPlan struct {
	console  string // "" when none
	cucumber bool
	files    reports.FileSet
}

func planFormats(formats []string) (formatPlan, error) {
	if len(formats) == 0 {
		formats = DefaultFormats
	}
	var p formatPlan
	for _, f := range formats {
		switch f = strings.ToLower(strings.TrimSpace(f)); f {
		case "":
		case FormatProgress, FormatPretty, FormatNone:
			if p.console != "" {
				return p, &ConfigError{Setting: settingFormat, Problem: fmt.Sprintf("expected at most one console format, got %q and %q", p.console, f)}
			}
			p.console = f
		case FormatCucumber:
			p.cucumber = true
		case FormatJUnit:
			p.files.JUnit = true
		case FormatResults:
			p.files.Results = true
		case FormatHTML:
			p.files.HTML = true
		case FormatHAR:
			p.files.HAR = true
		default:
			return p, &ConfigError{Setting: settingFormat, Problem: fmt.Sprintf("expected formats from progress, pretty, none, cucumber, junit, results, html, har, got %q", f)}
		}
	}
	if p.console == FormatNone {
		p.console = ""
	}
	return p, nil
}
