// Package harness runs one conformance run: it resolves the target (the
// embedded sandbox or an external Cantara tenant), discovers what the
// target supports, runs the Gherkin features through godog with the steps,
// and turns the outcome into reports and an exit status.
package harness

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/cucumber/godog"

	"github.com/scimharness/scimharness/features"
	"github.com/scimharness/scimharness/reports"
	"github.com/scimharness/scimharness/simulator"
	"github.com/scimharness/scimharness/steps"
)

// Exit statuses (cantara-contract.md section 5).
const (
	ExitPassed = 0 // every scenario that ran passed
	ExitFailed = 1 // a scenario failed
	ExitUsage  = 2 // bad usage or configuration; nothing was judged
)

// Outcome is what a run produced.
type Outcome struct {
	Run      reports.Run
	ExitCode int
	OutDir   string
	Files    []string // report files written, paths under OutDir
}

// LeakError means a report file held a secret. That is a harness bug, not a
// property of the target; the leaking files have been deleted.
type LeakError struct {
	Leaks   []reports.Leak
	Removed []string
}

func (e *LeakError) Error() string {
	lines := make([]string, len(e.Leaks))
	for i, l := range e.Leaks {
		lines[i] = "  " + l.String()
	}
	return fmt.Sprintf("HARNESS BUG: expected no secret in the reports, got %d:\n%s\nremoved %s; please report this",
		len(e.Leaks), strings.Join(lines, "\n"), strings.Join(e.Removed, ", "))
}

// ExitCode maps Run's results to the process exit status: a configuration
// error or a run that could not complete is 2; a leak makes even a green
// run fail.
func ExitCode(o Outcome, err error) int {
	var leak *LeakError
	switch {
	case err == nil:
		return o.ExitCode
	case errors.As(err, &leak):
		return max(o.ExitCode, ExitFailed)
	}
	return ExitUsage
}

// Run executes one conformance run. The error is a *ConfigError for bad
// usage or configuration, a *LeakError when a report held a secret, and
// any other error when the run could not complete.
func Run(ctx context.Context, cfg Config) (Outcome, error) {
	out := cfg.Stdout
	if out == nil {
		out = io.Discard
	}
	plan, err := planFormats(cfg.Formats)
	if err != nil {
		return Outcome{ExitCode: ExitUsage}, err
	}
	expr, err := selection(cfg.Tags, cfg.IdP)
	if err != nil {
		return Outcome{ExitCode: ExitUsage}, err
	}
	featFS := cfg.FeatureFS
	if featFS == nil {
		featFS = features.FS
	}
	selected, err := List(ListOptions{Tags: cfg.Tags, IdP: cfg.IdP, Paths: cfg.Paths, FeatureFS: featFS})
	if err != nil {
		if IsConfigError(err) {
			return Outcome{ExitCode: ExitUsage}, err
		}
		return Outcome{ExitCode: ExitUsage}, fmt.Errorf("read the features: %w", err)
	}
	if len(selected) == 0 {
		return Outcome{ExitCode: ExitUsage}, &ConfigError{Setting: settingTags, Problem: fmt.Sprintf("expected at least one scenario to match %q, got none (see `scimharness run --list`)", expr.String())}
	}

	seed := cfg.Seed
	if seed == 0 {
		seed = rand.Int64N(1<<53) + 1 // stays exact when a JSON tool reads it back
	}
	masker := simulator.NewMasker()
	masker.Add(cfg.Target.Token, cfg.Target.AdminToken, cfg.Target.ExpiredToken, cfg.Target.RevokedToken)
	console := maskingWriter{w: out, m: masker}
	fmt.Fprintf(console, "seed: %d — replay with --seed %d\n", seed, seed)

	rt, err := resolveTarget(cfg.Target, cfg.Faults)
	if err != nil {
		return Outcome{ExitCode: ExitUsage}, err
	}
	defer rt.close()
	masker.Add(rt.steps.Secrets()...)
	fmt.Fprintf(console, "target: %s\n", masker.Mask(rt.describe))

	caps, err := discover(ctx, rt, masker)
	if err != nil {
		return Outcome{ExitCode: ExitUsage}, err
	}
	capList := capabilityList(rt.steps, caps)
	printCapabilities(console, capList)
	fmt.Fprintf(console, "running %d scenarios\n\n", len(selected))

	profile, err := simulator.DefaultProfile()
	if err != nil {
		return Outcome{ExitCode: ExitUsage}, fmt.Errorf("load the attribute profile: %w", err)
	}
	outDir := cfg.OutDir
	if outDir == "" {
		outDir = DefaultOutDir
	}
	if err := prepareOutDir(outDir); err != nil {
		return Outcome{ExitCode: ExitUsage}, err
	}

	env := &steps.Env{
		Target: rt.steps, Caps: caps, Seed: seed, Dialect: cfg.IdP,
		Masker: masker, Profile: profile, Results: steps.NewResults(),
		FeatureFS: featFS, Log: console,
	}
	col := newCollector(masker.Mask)
	suiteName := col.register()
	defer unregister(suiteName)

	formats := []string{collectorFormat}
	if plan.console != "" {
		formats = append(formats, plan.console)
	}
	cucumberPath := filepath.Join(outDir, reports.CucumberFile)
	if plan.cucumber {
		formats = append(formats, "cucumber:"+cucumberPath)
	}
	paths := cfg.Paths
	if len(paths) == 0 {
		paths = []string{"."}
	}
	started := time.Now()
	suite := godog.TestSuite{
		Name:                suiteName,
		ScenarioInitializer: steps.InitializeScenario(env),
		Options: &godog.Options{
			Format:         strings.Join(formats, ","),
			Output:         console,
			NoColors:       !isTerminal(out),
			FS:             featFS,
			Paths:          paths,
			Tags:           expr.String(),
			Strict:         true,
			Randomize:      0, // the order is the order of the files: a replay must be exact
			Concurrency:    max(cfg.Concurrency, 1),
			TestingT:       cfg.TestingT,
			DefaultContext: ctx,
		},
	}
	if code := suite.Run(); code == ExitUsage {
		return Outcome{ExitCode: ExitUsage}, errors.New("godog refused the run options (see the message above)")
	}

	run := reports.Run{
		Target: masker.Mask(rt.describe), Seed: seed, Tags: expr.String(),
		Started: started, Duration: time.Since(started),
		Capabilities: capList, Scenarios: col.results(skipReasons(env.Results)),
	}
	outcome := Outcome{Run: run, ExitCode: exitFor(run), OutDir: outDir}
	fmt.Fprintln(console)
	if err := reports.WriteSummary(console, run); err != nil {
		return outcome, fmt.Errorf("print the summary: %w", err)
	}
	files, err := writeReports(outDir, run, plan, masker)
	outcome.Files = files
	if err != nil {
		return outcome, err
	}
	if err := scanReports(outDir, rt.steps); err != nil {
		return outcome, err
	}
	fmt.Fprintf(console, "reports: %s\n", strings.Join(files, ", "))
	return outcome, nil
}

// exitFor maps scenario outcomes to the exit status.
func exitFor(r reports.Run) int {
	if r.Counts().Failed > 0 {
		return ExitFailed
	}
	return ExitPassed
}

// skipReasons indexes the steps' gating decisions by pickle id.
func skipReasons(r *steps.Results) map[string]string {
	out := map[string]string{}
	for _, res := range r.All() {
		if res.Status == steps.StatusSkipped {
			out[res.ID] = res.SkipReason
		}
	}
	return out
}

// prepareOutDir creates the report directory and removes the previous
// run's reports, so a stale file never passes for this run's.
func prepareOutDir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return &ConfigError{Setting: "--out", Problem: fmt.Sprintf("expected a writable report directory, got: %v", err)}
	}
	for _, name := range []string{reports.SummaryFile, reports.JUnitFile, reports.CucumberFile} {
		if err := os.Remove(filepath.Join(dir, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("remove the previous %s: %w", name, err)
		}
	}
	return nil
}

// writeReports writes summary.txt and (if asked) junit.xml, and masks the
// cucumber JSON godog wrote.
func writeReports(dir string, run reports.Run, plan formatPlan, m *simulator.Masker) ([]string, error) {
	var files []string
	if plan.cucumber {
		path := filepath.Join(dir, reports.CucumberFile)
		if err := reports.MaskJSONFile(path, m.Mask); err != nil {
			return files, err
		}
		files = append(files, path)
	}
	if err := reports.WriteFiles(dir, run); err != nil {
		return files, err
	}
	files = append(files, filepath.Join(dir, reports.SummaryFile))
	junit := filepath.Join(dir, reports.JUnitFile)
	if plan.junit {
		files = append(files, junit)
	} else if err := os.Remove(junit); err != nil {
		return files, fmt.Errorf("remove unrequested junit.xml: %w", err)
	}
	return files, nil
}

// tokenPatterns find tokens nobody registered with the Masker: sandbox
// provisioning tokens (cantara-contract.md section 3: a recognisable prefix)
// and sandbox admin tokens.
var tokenPatterns = map[string]*regexp.Regexp{
	"a provisioning token (" + simulator.TokenPrefix + "...)": regexp.MustCompile(regexp.QuoteMeta(simulator.TokenPrefix) + `[A-Za-z0-9_\-]{16,}`),
	"a sandbox admin token (cnt_adm_...)":                     regexp.MustCompile(`cnt_adm_[A-Za-z0-9_\-]{16,}`),
}

// scanReports fails the run when any report holds a secret, deleting the
// files that do so that no CI artefact publishes one.
func scanReports(dir string, t steps.Target) error {
	sc := reports.Scanner{
		Secrets: []reports.Secret{
			{Name: "SCIM_TOKEN", Value: t.Token},
			{Name: "CANTARA_ADMIN_TOKEN", Value: t.AdminToken},
			{Name: "SCIM_EXPIRED_TOKEN", Value: t.ExpiredToken},
			{Name: "SCIM_REVOKED_TOKEN", Value: t.RevokedToken},
		},
		Patterns: tokenPatterns,
	}
	leaks, err := sc.ScanDir(dir)
	if err != nil {
		return err
	}
	if len(leaks) == 0 {
		return nil
	}
	leakErr := &LeakError{Leaks: leaks}
	seen := map[string]bool{}
	for _, l := range leaks {
		if !seen[l.File] {
			seen[l.File] = true
			if os.Remove(l.File) == nil {
				leakErr.Removed = append(leakErr.Removed, l.File)
			}
		}
	}
	return leakErr
}

// dialectNames validates the --idp value and returns every dialect name.
func dialectNames(idp string) ([]string, error) {
	if _, err := simulator.DialectByName(idp); err != nil {
		return nil, &ConfigError{Setting: settingIdP, Problem: err.Error()}
	}
	return simulator.DialectNames(), nil
}

// isTerminal keeps colour codes out of files and CI logs.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
