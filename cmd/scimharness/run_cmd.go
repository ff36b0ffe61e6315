package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/scimharness/scimharness/harness"
	"github.com/scimharness/scimharness/mapping"
	"github.com/scimharness/scimharness/reports"
	"github.com/scimharness/scimharness/sandbox"
	"github.com/scimharness/scimharness/simulator"
)

// targetSetting ties a flag to its contract variable (section 5). The flag
// wins when both are given.
type targetSetting struct {
	flag, env, usage string
	dest             func(*harness.Target) *string
}

// declareTargetFlags declares a flag for each target setting wanted names
// (nil: every one), so every command spells and explains them alike.
func declareTargetFlags(fs *flag.FlagSet, wanted map[string]bool) map[string]*string {
	flagged := map[string]*string{}
	for _, s := range targetSettings {
		if wanted == nil || wanted[s.flag] {
			flagged[s.flag] = fs.String(s.flag, "", s.usage+" (env "+s.env+")")
		}
	}
	return flagged
}

// resolveTargetFlags sets t from each declared flag given on the command
// line (set), else from its environment variable.
func resolveTargetFlags(t *harness.Target, flagged map[string]*string, set map[string]bool, env lookupEnv) {
	for _, s := range targetSettings {
		p, ok := flagged[s.flag]
		if !ok {
			continue
		}
		v := *p
		if !set[s.flag] {
			v, _ = env(s.env)
		}
		*s.dest(t) = v
	}
}

var targetSettings = []targetSetting{
	{"base-url", "SCIM_BASE_URL", "tenant URL, https://<host>/scim/v2/<TenantID>; empty = embedded sandbox",
		func(t *harness.Target) *string { return &t.BaseURL }},
	{"token", "SCIM_TOKEN", "provisioning token for that tenant (prefer the variable: flags show in ps)",
		func(t *harness.Target) *string { return &t.Token }},
	{"admin-url", "CANTARA_ADMIN_URL", "admin API base, https://<host>/admin/v1 (optional)",
		func(t *harness.Target) *string { return &t.AdminURL }},
	{"admin-token", "CANTARA_ADMIN_TOKEN", "admin API token (optional)",
		func(t *harness.Target) *string { return &t.AdminToken }},
	{"expired-token", "SCIM_EXPIRED_TOKEN", "a token you let expire, for the expiry check without admin API (optional)",
		func(t *harness.Target) *string { return &t.ExpiredToken }},
	{"revoked-token", "SCIM_REVOKED_TOKEN", "a token you deleted, for the revocation check without admin API (optional)",
		func(t *harness.Target) *string { return &t.RevokedToken }},
}

// envProfile is the variable naming the attribute profile file; --profile wins.
const envProfile = "SCIM_PROFILE"

// Variables of the transport options; each flag wins over its variable.
const (
	envCAFile   = "SCIM_CA_FILE"
	envInsecure = "SCIM_INSECURE_SKIP_VERIFY"
	envTimeout  = "SCIM_TIMEOUT"
)

// runOptions is `scimharness run` parsed.
type runOptions struct {
	cfg      harness.Config
	list     bool
	coverage bool
	// mapping is a customer's IdP mapping to check after the scenarios
	// (`scimharness mapping check`), with its sample users.
	mapping, mappingUsers string
}

// parseRun reads flags, then fills each target setting left unset from the
// environment. Flag defaults never show the environment: they may be tokens.
func parseRun(args []string, stderr io.Writer, env lookupEnv) (runOptions, error) {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		o       runOptions
		formats string
		faults  string
	)
	flagged := declareTargetFlags(fs, nil)
	fs.StringVar(&o.cfg.Tags, "tags", "", `godog tag expression: "@a && ~@b, @c" = (a and not b) or c`)
	fs.Int64Var(&o.cfg.Seed, "seed", 0, "seed of the fake directory; 0 = random (printed, replay with --seed N)")
	fs.StringVar(&formats, "format", strings.Join(harness.DefaultFormats, ","), "comma-separated: one of progress|pretty|none for the console, plus cucumber, junit, results, html, har files")
	fs.StringVar(&o.cfg.OutDir, "out", harness.DefaultOutDir, "report directory")
	fs.StringVar(&o.cfg.IdP, "idp", "", "IdP dialect: run only its @idp- scenarios and speak it in the contract scenarios (generic, entra, entra-compliant, okta, onelogin, jumpcloud, ping)")
	fs.BoolVar(&o.list, "list", false, "print the selected scenarios with their tags and exit without running")
	fs.BoolVar(&o.coverage, "coverage", false, "print each RFC requirement of the catalogue with the selected scenarios that check it, and the ones none does, and exit without running")
	profile := fs.String("profile", "", "attribute profile file: the SCIM attributes your IdP sends (env SCIM_PROFILE; empty = embedded default, see 'scimharness profile')")
	fs.StringVar(&faults, "faults", "", "comma-separated sandbox fault switches (embedded sandbox only; see 'scimharness help sandbox')")
	fs.IntVar(&o.cfg.Concurrency, "concurrency", harness.DefaultConcurrency, "scenarios run in parallel; those that move the sandbox clock run alone whatever the number (1 = one at a time)")
	fs.StringVar(&o.cfg.Expect, "expect", "", "expectations `file` (YAML or JSON): known deviations whose failures do not fail the run (see 'scimharness expect -h')")
	fs.BoolVar(&o.cfg.Strict, "strict", false, "with --expect: also fail on entries that no longer hold (fixed, expired, matching nothing)")
	fs.StringVar(&o.mapping, "mapping", "", "also check this IdP mapping `file` (Entra schema, Okta mapping, CSV/YAML table) against what Cantara requires, as 'scimharness mapping check' does, after the scenarios; its verdict, findings and dry run join the run's reports (report.html, results.json, summary.txt) and exit status")
	fs.StringVar(&o.mappingUsers, "mapping-users", "", "CSV `file` of sample users for --mapping (default: generated users)")
	// A back-quoted word in a usage string is the flag's argument name in
	// -h (flag.UnquoteUsage): only "file" and "duration" below are meant so.
	caFile := fs.String("ca-file", "", "PEM `file` of CA certificates to trust besides the system roots, for a private CA or a self-signed target (env "+envCAFile+")")
	insecure := fs.Bool("insecure-skip-verify", false, "do not verify the target's TLS certificate: test environments only, prints a warning (env "+envInsecure+"=1)")
	timeout := fs.String("timeout", "", fmt.Sprintf("per-request timeout, a `duration` such as 45s (env %s; default %s; real IdPs wait at most %.0fs, Okta's socket timeout)", envTimeout, simulator.DefaultTimeout, harness.IdPTimeoutBound.Seconds()))
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: scimharness run [flags] [feature files]\n\nflags (each target flag overrides its environment variable):")
		fs.PrintDefaults()
	}
	paths, err := parseInterspersed(fs, args)
	if err != nil {
		return o, err
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	resolveTargetFlags(&o.cfg.Target, flagged, set, env)
	o.cfg.Profile = *profile
	if !set["profile"] {
		o.cfg.Profile, _ = env(envProfile)
	}
	if err := parseTransport(&o.cfg.Transport, set, *caFile, *insecure, *timeout, env); err != nil {
		return o, err
	}
	o.cfg.Formats = strings.Split(formats, ",")
	o.cfg.Paths = paths
	if o.cfg.Faults, err = sandbox.ParseFaults(faults); err != nil {
		return o, fmt.Errorf("--faults: %w", err)
	}
	return o, nil
}

// parseTransport fills t from the transport flags, each left unset taken
// from its variable. Bad values are configuration errors naming both.
func parseTransport(t *harness.Transport, set map[string]bool, caFile string, insecure bool, timeout string, env lookupEnv) error {
	t.CAFile = caFile
	if !set["ca-file"] {
		t.CAFile, _ = env(envCAFile)
	}
	t.InsecureSkipVerify = insecure
	if !set["insecure-skip-verify"] {
		v, _ := env(envInsecure)
		var err error
		if t.InsecureSkipVerify, err = harness.ParseInsecure(v); err != nil {
			return err
		}
	}
	if !set["timeout"] {
		timeout, _ = env(envTimeout)
		if strings.TrimSpace(timeout) == "" {
			return nil // the default
		}
	}
	var err error
	t.Timeout, err = harness.ParseTimeout(timeout)
	return err
}

// runCommand is `scimharness run`.
func runCommand(ctx context.Context, args []string, stdout, stderr io.Writer, env lookupEnv) int {
	o, err := parseRun(args, stderr, env)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "scimharness run: %v\n", err)
		return exitUsage
	}
	if o.list {
		return listScenarios(o.cfg, stdout, stderr)
	}
	if o.coverage {
		return printCoverage(o.cfg, stdout, stderr)
	}
	if o.mappingUsers != "" && o.mapping == "" {
		fmt.Fprintln(stderr, "scimharness run: --mapping-users: expected --mapping FILE with it, got none")
		return exitUsage
	}
	if o.mapping != "" {
		// Bad input first, before the scenarios run for minutes.
		if _, err := mapping.Load(o.mapping); err != nil {
			fmt.Fprintf(stderr, "scimharness run: --mapping: bad input: %v\n", err)
			return exitUsage
		}
	}
	if o.mapping != "" {
		o.cfg.Mapping = mappingAfterScenarios(o, stdout, stderr)
	}
	o.cfg.Stdout = stdout
	o.cfg.ToolVersion = strings.TrimPrefix(versionString(), "scimharness ")
	var noticeMu sync.Mutex
	stopNotice := context.AfterFunc(ctx, func() {
		noticeMu.Lock()
		defer noticeMu.Unlock()
		fmt.Fprintln(stderr, interruptNotice)
	})
	outcome, err := harness.Run(ctx, o.cfg)
	stopNotice()
	noticeMu.Lock() // the notice, if it started, is written in full before anything else
	defer noticeMu.Unlock()
	code := harness.ExitCode(outcome, err)
	if err == nil && outcome.Run.Verdict() == reports.VerdictError {
		fmt.Fprintf(stderr, "scimharness run: %d scenarios errored: the target could not be reached (or the harness failed), so this run is no verdict on Cantara; exit status 1\n", outcome.Run.Counts().Errored)
	}
	if err != nil {
		kind := "error"
		if harness.IsConfigError(err) {
			kind = "usage"
		}
		fmt.Fprintf(stderr, "scimharness run: %s: %v\n", kind, err)
	}
	return code
}

// interruptNotice tells a user who pressed Ctrl-C why the run goes on a
// moment, and how to stop it at once.
const interruptNotice = "scimharness run: interrupted: finishing the scenarios in flight and their cleanups, skipping the rest; " +
	"Ctrl-C again stops at once and may leave test users, groups and tokens on the target"

// listScenarios prints what a run would execute, grouped by feature.
func listScenarios(cfg harness.Config, stdout, stderr io.Writer) int {
	scenarios, err := harness.List(harness.ListOptions{Tags: cfg.Tags, IdP: cfg.IdP, Paths: cfg.Paths})
	if err != nil {
		fmt.Fprintf(stderr, "scimharness run --list: %v\n", err)
		return exitUsage
	}
	writeList(stdout, scenarios)
	return 0
}

// printCoverage prints which scenarios check each catalogue requirement.
func printCoverage(cfg harness.Config, stdout, stderr io.Writer) int {
	cov, err := harness.Coverage(harness.ListOptions{Tags: cfg.Tags, IdP: cfg.IdP, Paths: cfg.Paths})
	if err != nil {
		fmt.Fprintf(stderr, "scimharness run --coverage: %v\n", err)
		return exitUsage
	}
	harness.WriteCoverage(stdout, cov)
	return 0
}

func writeList(w io.Writer, scenarios []reports.Scenario) {
	lastURI := ""
	for _, s := range scenarios {
		if s.URI != lastURI {
			if lastURI != "" {
				fmt.Fprintln(w)
			}
			fmt.Fprintf(w, "%s (%s)\n", s.Feature, s.URI)
			lastURI = s.URI
		}
		fmt.Fprintf(w, "  %4d  %s\n        id:     %s\n        tags:   %s\n", s.Line, s.Name, s.ID, strings.Join(s.Tags, " "))
		if s.Requirement != "" {
			fmt.Fprintf(w, "        checks: %s\n", s.Requirement)
		}
	}
	fmt.Fprintf(w, "\n%d scenarios\n", len(scenarios))
}

// runProfile is `scimharness profile`: print the embedded attribute profile
// for a customer to edit, or with --check validate an edited one.
func runProfile(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("profile", flag.ContinueOnError)
	fs.SetOutput(stderr)
	check := fs.String("check", "", "validate this profile file and list what a run would send")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `usage: scimharness profile [--check FILE]

Without flags, print the embedded attribute profile (contract section 4):
start your own from it, e.g. scimharness profile > my-profile.json, then
scimharness run --profile my-profile.json.

flags:
`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return exitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "scimharness profile: expected no arguments (use --check FILE), got %q\n", fs.Args())
		return exitUsage
	}
	if *check == "" {
		data, err := harness.EmbeddedProfile()
		if err != nil {
			fmt.Fprintf(stderr, "scimharness profile: %v\n", err)
			return exitUsage
		}
		_, _ = stdout.Write(data)
		return 0
	}
	p, err := harness.LoadProfile(*check)
	if err != nil {
		fmt.Fprintf(stderr, "scimharness profile: usage: %v\n", err)
		return exitUsage
	}
	writeProfile(stdout, p)
	return 0
}

// writeProfile lists a checked profile as a run would use it.
func writeProfile(w io.Writer, p harness.ProfileInUse) {
	fmt.Fprintf(w, "%s\n", p.Describe())
	for _, a := range p.Profile.Attributes {
		need := "optional"
		if a.Required {
			need = "required"
		}
		account := a.Account
		if account == "" {
			account = "-"
		}
		fmt.Fprintf(w, "  %-8s  %-40s  Account field: %s\n", need, a.SCIM, account)
	}
	if len(p.Unsent) > 0 {
		fmt.Fprintf(w, "not checked (the simulated IdP has no value to send): %s\n", strings.Join(p.Unsent, ", "))
	}
}

// parseInterspersed parses flags wherever they stand among the positional
// arguments, so `run contract/ --seed 7` means what it says; the flag
// package alone stops at the first positional one. "--" ends the flags.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, nil
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(positional, rest...), nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}
