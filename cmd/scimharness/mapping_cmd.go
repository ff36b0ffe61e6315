package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"path/filepath"
	"strings"

	"github.com/scimharness/scimharness/harness"
	"github.com/scimharness/scimharness/mapping"
	"github.com/scimharness/scimharness/reports"
	"github.com/scimharness/scimharness/sandbox"
	"github.com/scimharness/scimharness/simulator"
)

// mappingTargetFlags are the target settings the check uses: the tenant,
// its token, and the admin API that shows what the account holds.
var mappingTargetFlags = map[string]bool{"base-url": true, "token": true, "admin-url": true, "admin-token": true}

// mappingOptions is `scimharness mapping check` parsed.
type mappingOptions struct {
	target    harness.Target
	transport harness.Transport
	faults    []sandbox.Fault
	check     mapping.Options
	outDir    string
	// describe names the target in the report when the run resolved it
	// (run --mapping: the scenarios' own sandbox); "" → the endpoint's.
	describe string
}

func parseMapping(args []string, stderr io.Writer, env lookupEnv) (mappingOptions, error) {
	fs := flag.NewFlagSet("mapping check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		o      mappingOptions
		faults string
	)
	flagged := declareTargetFlags(fs, mappingTargetFlags)
	fs.StringVar(&o.check.UsersFile, "users", "", "CSV `file` of sample users, one column per IdP attribute (e.g. Entra's user export); without it, generated users")
	fs.IntVar(&o.check.Users, "users-count", mapping.DefaultUsers, "how many users to generate without --users")
	fs.Int64Var(&o.check.Seed, "seed", 0, "seed of the generated users; 0 = random (printed, replay with --seed N)")
	fs.StringVar(&o.check.Dialect, "idp", "", "IdP dialect the users are sent in ("+strings.Join(simulator.DialectNames(), ", ")+"); default: the mapping's own (entra, okta, generic for tables)")
	fs.StringVar(&o.outDir, "out", harness.DefaultOutDir, "report directory: mapping.json and mapping.txt land there")
	fs.StringVar(&faults, "faults", "", "comma-separated sandbox fault switches (embedded sandbox only), e.g. drop-locale to see a Cantara fault reported as one")
	caFile := fs.String("ca-file", "", "PEM `file` of CA certificates to trust besides the system roots (env "+envCAFile+")")
	insecure := fs.Bool("insecure-skip-verify", false, "do not verify the target's TLS certificate: test environments only (env "+envInsecure+"=1)")
	timeout := fs.String("timeout", "", fmt.Sprintf("per-request timeout, a `duration` (env %s; default %s)", envTimeout, simulator.DefaultTimeout))
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `usage: scimharness mapping check [flags] MAPPING-FILE

Checks your IdP's attribute mapping against what Cantara requires, before
go-live. MAPPING-FILE is what your IdP exports: an Entra provisioning job's
synchronization schema (JSON), an Okta profile mapping (JSON), a CSV or
YAML table of source,target,default rows, or a scimharness profile with a
"source" per row. What Cantara requires comes from the target (the
contract's attribute profile and the target's /Schemas), never from
your file.

The check lists static findings, then provisions sample users the way your
IdP would into the target (the embedded sandbox unless SCIM_BASE_URL is
set), reads them back through SCIM and the admin API, removes them, and
says per user and attribute whether your mapping or Cantara is at fault.
See docs/mapping-check.md.

exit status: 0 ready, 1 findings that block go-live (or not proven ready),
2 bad input or configuration.

flags (each target flag overrides its environment variable):
`)
		fs.PrintDefaults()
	}
	files, err := parseInterspersed(fs, args)
	if err != nil {
		return o, err
	}
	if len(files) != 1 {
		return o, fmt.Errorf("expected one mapping file, got %d arguments %q", len(files), files)
	}
	o.check.MappingFile = files[0]
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	resolveTargetFlags(&o.target, flagged, set, env)
	if err := parseTransport(&o.transport, set, *caFile, *insecure, *timeout, env); err != nil {
		return o, err
	}
	if o.faults, err = sandbox.ParseFaults(faults); err != nil {
		return o, fmt.Errorf("--faults: %w", err)
	}
	if o.check.Seed == 0 {
		o.check.Seed = rand.Int64N(1<<53) + 1
	}
	return o, nil
}

// mappingCommand is `scimharness mapping <subcommand>`.
func mappingCommand(ctx context.Context, args []string, stdout, stderr io.Writer, env lookupEnv) int {
	if len(args) == 0 || args[0] != "check" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			_, _ = parseMapping([]string{"-h"}, stdout, env)
			return 0
		}
		fmt.Fprintln(stderr, "scimharness mapping: expected the subcommand check (scimharness mapping check [flags] MAPPING-FILE)")
		return exitUsage
	}
	o, err := parseMapping(args[1:], stderr, env)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "scimharness mapping check: usage: %v\n", err)
		return exitUsage
	}
	return runMappingCheck(ctx, o, stdout, stderr)
}

// runMappingCheck is `scimharness mapping check`: it runs the check,
// prints its report and writes mapping.json and mapping.txt.
func runMappingCheck(ctx context.Context, o mappingOptions, stdout, stderr io.Writer) int {
	m := simulator.NewMasker()
	out := &maskWriter{w: stdout, m: m}
	errOut := &maskWriter{w: stderr, m: m}
	res, code, err := checkMapping(ctx, o, m, out)
	if res == nil {
		fmt.Fprintf(errOut, "scimharness mapping check: %v\n", err)
		return code
	}
	var text strings.Builder
	_ = mapping.WriteText(&text, res)
	fmt.Fprint(out, m.Mask(text.String()))
	files, werr := writeMappingFiles(o.outDir, res, m)
	if werr != nil {
		fmt.Fprintf(errOut, "scimharness mapping check: %v\n", werr)
		return exitUsage
	}
	fmt.Fprintf(out, "reports: %s\n", strings.Join(files, ", "))
	if err != nil { // interrupted: the results above are incomplete
		fmt.Fprintf(errOut, "scimharness mapping check: %v\n", err)
	}
	return code
}

// checkMapping resolves the target and runs the check, printing to out what
// comes before its report (the transport, the seed). A nil result comes
// with the exit status and why the check could not run; a result with an
// error was interrupted and holds what was checked.
func checkMapping(ctx context.Context, o mappingOptions, m *simulator.Masker, out io.Writer) (*mapping.Result, int, error) {
	// Bad input first: before a sandbox or a tenant is touched.
	if _, err := mapping.Load(o.check.MappingFile); err != nil {
		return nil, exitUsage, fmt.Errorf("bad input: %w", err)
	}
	harness.PrintTransport(out, o.transport)
	ep, err := harness.OpenEndpoint(ctx, o.target, o.transport, m, o.faults...)
	if err != nil {
		return nil, exitUsage, fmt.Errorf("usage: %w", err)
	}
	defer ep.Close(context.WithoutCancel(ctx))
	o.check.Target = mapping.Target{BaseURL: ep.BaseURL, Token: ep.Token, AdminURL: ep.AdminURL, AdminToken: ep.AdminToken,
		TenantID: ep.TenantID, HTTPClient: ep.Client, Masker: m, Describe: ep.Describe, Embedded: ep.Embedded}
	if o.describe != "" {
		o.check.Target.Describe = o.describe
	}
	if o.check.UsersFile == "" {
		fmt.Fprintf(out, "seed: %d — replay the generated users with --seed %d\n", o.check.Seed, o.check.Seed)
	} else if !ep.Embedded {
		fmt.Fprintf(out, "note: the users of %s are created on this tenant and removed again; Cantara keeps their accounts, deactivated (contract section 1), and one that already exists is left alone\n", o.check.UsersFile)
	}
	res, err := mapping.Check(ctx, o.check)
	if mapping.IsInputError(err) {
		return nil, exitUsage, fmt.Errorf("bad input: %w", err)
	}
	if ce := harness.CertificateConfigError(err, m); ce != nil {
		return nil, exitUsage, fmt.Errorf("usage: %w", ce)
	}
	if res == nil {
		return nil, exitUsage, err
	}
	if err != nil {
		return res, max(res.ExitCode, 1), err
	}
	return res, res.ExitCode, nil
}

// writeMappingFiles writes mapping.json and mapping.txt into dir and makes
// sure no secret of the check reached them (mapping.json holds values the
// IdP sent, never a token by design).
func writeMappingFiles(dir string, res *mapping.Result, m *simulator.Masker) ([]string, error) {
	files, err := mapping.WriteFiles(dir, res)
	if err != nil {
		return files, err
	}
	leaks, err := reports.Scanner{Mask: m.Mask}.ScanFiles(files...)
	if err != nil {
		return files, err
	}
	if len(leaks) > 0 {
		return files, fmt.Errorf("a secret reached the report: %s", leaks[0])
	}
	return files, nil
}

// mappingAfterScenarios is the mapping check of `run --mapping`, run by the
// harness once the scenarios have run and before it writes the reports:
// against the tenant the scenarios ran against (the run's own embedded
// sandbox, faults and all, when there was no target), its result joins the run record, so summary.txt (and the
// console), results.json and report.html show it. mapping.json, with every
// user's values, and mapping.txt land beside them.
func mappingAfterScenarios(ro runOptions, stdout, stderr io.Writer) func(context.Context, harness.Target, string, int64) *reports.MappingCheck {
	return func(ctx context.Context, target harness.Target, describe string, seed int64) *reports.MappingCheck {
		// The tenant the scenarios ran against, the embedded sandbox
		// included (its faults are already switched on there).
		o := mappingOptions{
			target: harness.Target{BaseURL: target.BaseURL, Token: target.Token, TenantID: target.TenantID,
				AdminURL: target.AdminURL, AdminToken: target.AdminToken},
			transport: ro.cfg.Transport, outDir: ro.cfg.OutDir, describe: describe,
			check: mapping.Options{MappingFile: ro.mapping, UsersFile: ro.mappingUsers, Seed: seed},
		}
		if o.outDir == "" {
			o.outDir = harness.DefaultOutDir
		}
		if o.check.Seed == 0 {
			o.check.Seed = rand.Int64N(1<<53) + 1
		}
		m := simulator.NewMasker()
		out := &maskWriter{w: stdout, m: m}
		errOut := &maskWriter{w: stderr, m: m}
		fmt.Fprintf(out, "\n== mapping check: %s ==\n", ro.mapping)
		res, code, err := checkMapping(ctx, o, m, out)
		if res == nil {
			why := m.Mask(err.Error())
			fmt.Fprintf(errOut, "scimharness run: mapping check: %s\n", why)
			return &reports.MappingCheck{File: ro.mapping, Verdict: mapping.Errored, ExitCode: code, NotRun: why,
				Summary: "NOT CHECKED: the mapping check could not run: " + why, Findings: []reports.MappingFinding{}}
		}
		mc := res.Report(m.Mask)
		mc.ExitCode = code
		files, werr := writeMappingFiles(o.outDir, res, m)
		for _, f := range files {
			mc.Files = append(mc.Files, filepath.Base(f))
		}
		if werr != nil {
			fmt.Fprintf(errOut, "scimharness run: mapping check: %v\n", werr)
			mc.ExitCode = exitUsage
		}
		if err != nil { // interrupted: the check's verdict says not proven
			fmt.Fprintf(errOut, "scimharness run: mapping check: %v\n", err)
		}
		return mc
	}
}
