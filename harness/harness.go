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
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/cucumber/godog"

	"github.com/scimharness/scimharness/expect"
	"github.com/scimharness/scimharness/features"
	"github.com/scimharness/scimharness/reports"
	"github.com/scimharness/scimharness/simulator"
	"github.com/scimharness/scimharness/steps"
)

// Exit statuses (cantara-contract.md section 5).
const (
	ExitPassed = 0 // every scenario that ran passed
	ExitFailed = 1 // a scenario failed unexpectedly, or errored (the target could not be reached)
	ExitUsage  = 2 // bad usage or configuration; nothing was judged
)

// Outcome is what a run produced.
type Outcome struct {
	Run      reports.Run
	ExitCode int
	OutDir   string
	Files    []string // report files written, paths under OutDir
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

// Run executes one conformance run. The error wraps a *ConfigError for bad
// usage or configuration, a *LeakError when a report held a secret, and
// any other error when the run could not complete; its message is masked,
// so it can be printed as is.
func Run(ctx context.Context, cfg Config) (Outcome, error) {
	masker := simulator.NewMasker(cfg.Target.Token, cfg.Target.AdminToken, cfg.Target.ExpiredToken, cfg.Target.RevokedToken)
	outcome, err := run(ctx, cfg, masker)
	if err != nil {
		err = &maskedError{err: err, mask: masker.Mask}
	}
	return outcome, err
}

// maskedError masks every secret the run knows in err's message (a token
// pasted into the wrong variable, a transport error quoting a URL) and
// still unwraps to it, so errors.As finds *ConfigError and *LeakError.
type maskedError struct {
	err  error
	mask func(string) string
}

func (e *maskedError) Error() string { return e.mask(e.err.Error()) }
func (e *maskedError) Unwrap() error { return e.err }

func run(ctx context.Context, cfg Config, masker *simulator.Masker) (Outcome, error) {
	p, err := planRun(cfg)
	if err != nil {
		return Outcome{ExitCode: ExitUsage}, err
	}
	out := cfg.Stdout
	if out == nil {
		out = io.Discard
	}
	console := maskingWriter{w: out, m: masker}
	fmt.Fprintf(console, "seed: %d — replay with --seed %d\n", p.seed, p.seed)
	printProfile(console, p.profile)
	printTransport(console, cfg.Transport)
	if err := prepareOutDir(p.outDir); err != nil {
		return Outcome{ExitCode: ExitUsage}, err
	}
	started := time.Now()
	// Until the scenarios run, a failure still leaves reports behind: CI
	// publishes a junit.xml saying why the run could not start.
	notStarted := func(describe string, target steps.Target, err error) (Outcome, error) {
		return p.notStarted(console, cfg, describe, target, masker, started, err)
	}

	rt, err := resolveTarget(ctx, cfg.Target, cfg.Faults, masker, p.client)
	if err != nil {
		return notStarted(describeTarget(cfg.Target), cfg.Target, err)
	}
	defer rt.close(ctx, console)
	if cfg.Transport.InsecureSkipVerify {
		rt.describe += " — " + insecureWarning
	}
	masker.Add(rt.steps.Secrets()...)
	fmt.Fprintf(console, "target: %s\n", masker.Mask(rt.describe))
	caps, err := discover(ctx, rt, masker)
	if err != nil {
		return notStarted(rt.describe, rt.steps, err)
	}
	runToken := rt.runToken(ctx, caps, masker, console)
	capList := capabilityList(rt.steps, caps)
	printCapabilities(console, capList)
	fmt.Fprintf(console, "running %d scenarios\n\n", p.selected)

	env := &steps.Env{
		Target: rt.steps, Caps: caps, Seed: p.seed, Dialect: cfg.IdP,
		Masker: masker, Profile: p.profile.Profile, Results: steps.NewResults(), RunToken: runToken,
		Log: console, HTTPClient: p.client, Clock: &steps.ClockLedger{}, Interrupt: ctx,
	}
	defer leaveClock(ctx, rt, env.Clock, masker, console)
	if p.population {
		defer startPopulation(ctx, env, console)()
	}
	started = time.Now()
	scenarios, err := p.execute(ctx, cfg, env, console, isTerminal(out))
	if err != nil {
		return notStarted(rt.describe, rt.steps, err)
	}
	run := p.newRun(cfg, masker.Mask(rt.describe), started)
	run.Capabilities, run.Scenarios = capList, scenarios
	if cfg.Expect != "" {
		expect.Apply(&run, cfg.Expect, p.expect, time.Now(), cfg.Strict)
	}
	if cfg.Mapping != nil && ctx.Err() == nil {
		run.Mapping = cfg.Mapping(ctx, rt.steps, masker.Mask(rt.describe), run.Seed)
	}
	outcome := Outcome{Run: run, ExitCode: exitFor(run), OutDir: p.outDir}
	outcome.Files, err = p.report(console, run, masker, rt.steps)
	if err != nil {
		return outcome, err
	}
	if ctx.Err() != nil {
		return outcome, fmt.Errorf("run interrupted (%w): the results above are incomplete", ctx.Err())
	}
	return outcome, nil
}

// newRun is the run's metadata, scenarios still to come.
func (p runPlan) newRun(cfg Config, target string, started time.Time) reports.Run {
	version := cfg.ToolVersion
	if version == "" {
		version = "dev"
	}
	return reports.Run{
		ToolVersion: version, Target: target, Seed: p.seed, Tags: p.tagsShown, Profile: p.profile.Describe(),
		Started: started, Duration: time.Since(started),
	}
}

// notStarted reports a run that could not start (the target could not be
// set up or did not answer discovery): one errored scenario saying why, in
// the summary and in every report file asked for, so a CI job still has a
// junit.xml and a results.json to publish. The error is returned as is:
// the exit status stays what it says (2 for configuration).
func (p runPlan) notStarted(console io.Writer, cfg Config, describe string, t steps.Target, m *simulator.Masker, started time.Time, cause error) (Outcome, error) {
	why := m.Mask(cause.Error())
	run := p.newRun(cfg, m.Mask(describe), started)
	run.NotStarted = why
	run.Scenarios = []reports.Scenario{{
		ID: "scimharness/run-could-not-start", Feature: "scimharness run", URI: "scimharness", Name: "the run starts",
		Status: reports.Errored, FailedStep: "resolve the target and discover its capabilities",
		Failure: "the run could not start: " + why, Duration: run.Duration,
	}}
	outcome := Outcome{Run: run, ExitCode: ExitUsage, OutDir: p.outDir}
	// godog never ran, so there is no cucumber.json to mask; the other
	// files are written from the run record alone.
	p.formats.cucumber = false
	files, err := p.report(console, run, m, t)
	outcome.Files = files
	if err != nil {
		return outcome, errors.Join(cause, err)
	}
	return outcome, cause
}

// describeTarget names a target that could not be resolved, secrets aside.
func describeTarget(t steps.Target) string {
	if t.Embedded() {
		return "embedded sandbox (not started)"
	}
	return "external " + strings.TrimSpace(t.BaseURL)
}

// runPlan is a Config checked and resolved before anything starts, so
// every usage error surfaces before a sandbox or a target is touched.
type runPlan struct {
	formats   formatPlan
	expr      tagExpr // section tags expanded, as godog gets it
	tagsShown string  // the selection as the user wrote it
	featFS    fs.FS
	paths     []string // feature files or ".", as godog reads them
	selected  int      // scenarios the selection matches
	// population: a selected scenario needs the background population.
	population bool
	seed       int64
	outDir     string
	profile    ProfileInUse
	client     *http.Client   // the one client of the run (Transport applied)
	expect     []expect.Entry // --expect, checked before anything starts
}

func planRun(cfg Config) (runPlan, error) {
	p := runPlan{featFS: cfg.FeatureFS, seed: cfg.Seed, outDir: cfg.OutDir}
	var err error
	if p.formats, err = planFormats(cfg.Formats); err != nil {
		return p, err
	}
	if cfg.Expect != "" {
		if p.expect, err = expect.Load(cfg.Expect); err != nil {
			return p, &ConfigError{Setting: settingExpect, Problem: err.Error()}
		}
	} else if cfg.Strict {
		return p, &ConfigError{Setting: "--strict", Problem: "expected --expect FILE with it (strict judges the expectations file), got none"}
	}
	if p.profile, err = LoadProfile(cfg.Profile); err != nil {
		return p, err
	}
	if !cfg.Target.Embedded() {
		// before anything is written: a mistyped setting is a usage error,
		// not a run that could not start
		if len(cfg.Faults) > 0 {
			return p, &ConfigError{Setting: settingFaults, Problem: "expected no faults with an external target (they switch defects on in the embedded sandbox only), got " + faultList(cfg.Faults)}
		}
		if err := validateTarget(cfg.Target); err != nil {
			return p, err
		}
	} else if err := validateEmbedded(cfg.Target); err != nil {
		return p, err
	}
	if p.client, err = newHTTPClient(cfg.Transport); err != nil {
		return p, err
	}
	if p.featFS == nil {
		p.featFS = features.FS
	}
	if len(cfg.Paths) > 0 {
		if p.paths, err = featureFiles(p.featFS, cfg.Paths); err != nil {
			return p, err
		}
	}
	files, err := featureFiles(p.featFS, p.paths)
	if err != nil {
		return p, err
	}
	expr, selected, err := resolveSelection(p.featFS, files, cfg.Tags, cfg.IdP)
	if err != nil {
		if IsConfigError(err) {
			return p, err
		}
		return p, fmt.Errorf("read the features: %w", err)
	}
	p.population = needsPopulation(selected)
	p.expr = expr
	if shown, err := selection(cfg.Tags, cfg.IdP); err == nil {
		p.tagsShown = shown.String() // as the user wrote it, sections unexpanded
	}
	if p.selected = len(selected); p.selected == 0 {
		return p, &ConfigError{Setting: settingTags, Problem: fmt.Sprintf("expected at least one scenario to match %q, got none (see `scimharness run --list`)", p.tagsShown)}
	}
	if len(p.paths) == 0 {
		p.paths = []string{"."}
	}
	if p.seed == 0 {
		p.seed = rand.Int64N(1<<53) + 1 // stays exact when a JSON tool reads it back
	}
	if p.outDir == "" {
		p.outDir = DefaultOutDir
	}
	return p, nil
}

// execute runs the godog suite and returns every scenario's outcome, as
// the run's one Results recorded it.
func (p runPlan) execute(ctx context.Context, cfg Config, env *steps.Env, console io.Writer, colour bool) ([]reports.Scenario, error) {
	suiteName, release := env.Results.Register()
	defer release()

	formats := []string{steps.ResultsFormat}
	switch p.formats.console {
	case "", FormatProgress:
	case FormatPretty:
		formats = append(formats, prettyFormat)
	default:
		formats = append(formats, p.formats.console)
	}
	if p.formats.console == FormatProgress {
		// Ours, not godog's: one mark per scenario, and no godog summary
		// whose step counts would disagree with the run's own.
		env.Results.OnScenario = newProgress(console, p.selected).scenario
	}
	if p.formats.cucumber {
		formats = append(formats, "cucumber:"+filepath.Join(p.outDir, reports.CucumberFile))
	}
	suite := godog.TestSuite{
		Name:                 suiteName,
		TestSuiteInitializer: steps.InitializeSuite(),
		ScenarioInitializer:  steps.InitializeHooks(env),
		Options: &godog.Options{
			Format:         strings.Join(formats, ","),
			Output:         console,
			NoColors:       !colour,
			FS:             p.featFS,
			Paths:          p.paths,
			Tags:           p.expr.String(),
			Strict:         true, // an undefined or pending step fails: it checked nothing
			Randomize:      0,    // file order: a replay with --seed must be exact
			Concurrency:    concurrency(cfg.Concurrency),
			TestingT:       cfg.TestingT,
			DefaultContext: context.WithoutCancel(ctx), // Ctrl-C lets the scenarios in flight finish (env.Interrupt)
		},
	}
	if code := suite.Run(); code == ExitUsage {
		return nil, errors.New("godog refused the run options (see the message above)")
	}
	return env.Results.Scenarios(), nil
}

// report prints the summary, writes the report files and scans them.
func (p runPlan) report(console io.Writer, run reports.Run, m *simulator.Masker, t steps.Target) ([]string, error) {
	fmt.Fprintln(console)
	if err := reports.WriteSummary(console, run); err != nil {
		return nil, fmt.Errorf("print the summary: %w", err)
	}
	files, err := writeReports(p.outDir, run, p.formats, m)
	if err != nil {
		return files, err
	}
	if err := scanReports(files, t, m); err != nil {
		return files, err
	}
	fmt.Fprintf(console, "reports: %s\n", strings.Join(files, ", "))
	for _, f := range files {
		if filepath.Base(f) == reports.HTMLFile {
			// last, so it is what a person sees when the run ends
			fmt.Fprintf(console, "open the report: %s\n", f)
		}
	}
	return files, nil
}

// exitFor maps the verdict to the exit status: an unexpected failure
// (or, under --strict, a stale expectations entry) is 1, and so is an
// errored scenario (the target could not be reached, so nothing proves it
// conforms; the summary says it is not a verdict on Cantara). Expected
// failures, skips and not-applicable checks are 0. A mapping check's own
// status counts too: 1 for a mapping not ready, 2 for one that could not run.
func exitFor(r reports.Run) int {
	code := ExitPassed
	switch r.Verdict() {
	case reports.VerdictFailure, reports.VerdictError:
		code = ExitFailed
	}
	if r.Mapping != nil {
		code = max(code, r.Mapping.ExitCode)
	}
	return code
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
