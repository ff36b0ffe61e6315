package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/scimharness/scimharness/converge"
	"github.com/scimharness/scimharness/harness"
	"github.com/scimharness/scimharness/load"
	"github.com/scimharness/scimharness/sandbox"
	"github.com/scimharness/scimharness/simulator"
)

// convergeTargetFlags: the tenant, its token and the admin API (accounts
// and console groups are reconciled through it).
var convergeTargetFlags = map[string]bool{"base-url": true, "token": true, "admin-url": true, "admin-token": true}

// convergeOptions is `scimharness converge` parsed.
type convergeOptions struct {
	target    harness.Target
	transport harness.Transport
	faults    []sandbox.Fault
	out       string
	cfg       converge.Config // figures only; the target is filled in once resolved
}

func parseConverge(args []string, stderr io.Writer, env lookupEnv) (convergeOptions, error) {
	fs := flag.NewFlagSet("converge", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		o                       convergeOptions
		idp, mix, shard, faults string
	)
	flagged := declareTargetFlags(fs, convergeTargetFlags)
	fs.IntVar(&o.cfg.Users, "users", converge.DefaultUsers, "users in the IdP's directory at the initial cycle")
	fs.IntVar(&o.cfg.Groups, "groups", 0, fmt.Sprintf("groups in the directory; each user joins %d (default %d, or one per %d users when more)",
		converge.GroupsPerUser, converge.DefaultGroups, converge.UsersPerGroup))
	fs.IntVar(&o.cfg.Events, "events", converge.DefaultEvents, "churn events after the initial cycle (or use --duration)")
	fs.DurationVar(&o.cfg.Duration, "duration", 0, "churn for this long instead of a number of --events")
	fs.Float64Var(&o.cfg.Rate, "rate", 0, "churn events per second; 0 = as fast as the target answers")
	fs.StringVar(&idp, "idp", "entra", "IdP dialect whose requests are sent ("+strings.Join(simulator.DialectNames(), ", ")+")")
	fs.Int64Var(&o.cfg.Seed, "seed", 0, "seed of the directory and its churn; 0 = random (printed, replay with --seed N)")
	fs.StringVar(&mix, "mix", "", "churn proportions, kind=weight,... over the default "+converge.DefaultMix().String())
	fs.IntVar(&o.cfg.Slices, "slices", converge.DefaultSlices, "independent parts of the directory; a shard runs some of them (same value in every shard)")
	fs.StringVar(&shard, "shard", "", "i/n: run the slices s with s mod n = i and write this shard's result (merge them with 'scimharness merge')")
	fs.IntVar(&o.cfg.Concurrency, "concurrency", converge.DefaultConcurrency, "requests in flight at most")
	fs.DurationVar(&o.cfg.Settle, "settle", converge.DefaultSettle, "keep re-reading drifted resources this long after churn, for a target that applies writes late")
	fs.BoolVar(&o.cfg.Keep, "keep", false, "leave the run's users and groups in the target (default: delete them)")
	fs.StringVar(&o.out, "out", "", "result JSON `file` (default converge-result.json, or converge-result-<i>-of-<n>.json for a shard)")
	fs.StringVar(&faults, "faults", "", "comma-separated sandbox fault switches (embedded sandbox only; see 'scimharness help sandbox')")
	caFile := fs.String("ca-file", "", "PEM `file` of CA certificates to trust besides the system roots (env "+envCAFile+")")
	insecure := fs.Bool("insecure-skip-verify", false, "do not verify the target's TLS certificate: test environments only (env "+envInsecure+"=1)")
	timeout := fs.String("timeout", "", fmt.Sprintf("per-request timeout, a `duration` (env %s; default %s)", envTimeout, simulator.DefaultTimeout))
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `usage: scimharness converge [flags]

Plays a seeded IdP directory through its life — the initial cycle, then
churn: creates, updates, deactivations, re-activations, removals,
re-provisioning, membership adds and removes, group creates, renames and
deletes — in the dialect's request shapes, retrying 429/503 after
Retry-After as IdPs do. Then it reads every user and group back through
SCIM, and every account and console group through the admin API, and
compares them with the directory attribute by attribute. Without
SCIM_BASE_URL it runs against a fresh embedded sandbox.

exit status: 0 no drift and every change accepted, 1 drift (or refused
changes, or interrupted), 2 bad usage or configuration.

flags (each target flag overrides its environment variable):
`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("expected no arguments, got %q", fs.Args())
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if !set["groups"] {
		o.cfg.Groups = converge.DefaultGroupsFor(o.cfg.Users)
	}
	if set["duration"] && !set["events"] {
		o.cfg.Events = 0
	}
	resolveTargetFlags(&o.target, flagged, set, env)
	if err := parseTransport(&o.transport, set, *caFile, *insecure, *timeout, env); err != nil {
		return o, err
	}
	var err error
	if o.cfg.Dialect, err = simulator.DialectByName(idp); err != nil {
		return o, fmt.Errorf("--idp: %w", err)
	}
	if o.cfg.Mix, err = converge.ParseMix(mix); err != nil {
		return o, fmt.Errorf("--mix: %w", err)
	}
	if o.cfg.Shard, err = converge.ParseShard(shard); err != nil {
		return o, fmt.Errorf("--shard: %w", err)
	}
	if o.faults, err = sandbox.ParseFaults(faults); err != nil {
		return o, fmt.Errorf("--faults: %w", err)
	}
	if o.out == "" {
		o.out = "converge-result.json"
		if o.cfg.Shard.Count > 1 {
			o.out = fmt.Sprintf("converge-result-%d-of-%d.json", o.cfg.Shard.Index, o.cfg.Shard.Count)
		}
	}
	check := o.cfg
	check.BaseURL = "unresolved"
	return o, check.Validate()
}

// convergeCommand is `scimharness converge`.
func convergeCommand(ctx context.Context, args []string, stdout, stderr io.Writer, env lookupEnv) int {
	o, err := parseConverge(args, stderr, env)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "scimharness converge: usage: %v\n", err)
		return exitUsage
	}
	s, code := openToolSession(ctx, "converge", o.target, o.transport, o.faults, stdout, stderr)
	if s == nil {
		return code
	}
	m, out, errOut, profile, ep := s.m, s.out, s.errOut, s.profile, s.ep
	defer ep.Close(context.WithoutCancel(ctx))
	cfg := o.cfg
	cfg.BaseURL, cfg.Token, cfg.HTTPClient, cfg.Masker = ep.BaseURL, ep.Token, ep.Client, m
	cfg.AdminURL, cfg.AdminToken, cfg.TenantID = ep.AdminURL, ep.AdminToken, ep.TenantID
	cfg.Profile, cfg.Log = profile, out
	if cfg.Seed == 0 {
		cfg.Seed = time.Now().UnixNano()
	}
	if p := newProgress(stdout); p != nil {
		cfg.Progress = p
	}
	fmt.Fprintf(out, "target: %s\n", ep.Describe)
	if cfg.AdminURL == "" {
		fmt.Fprintln(out, "admin API: none (CANTARA_ADMIN_URL): accounts and console groups will not be reconciled")
	}
	fmt.Fprintf(out, "converge: %s (%s), seed %d (replay with --seed %d), %d users, %d groups, mix %s\n",
		cfg.Dialect.Title, cfg.Dialect.Name, cfg.Seed, cfg.Seed, cfg.Users, cfg.Groups, cfg.Mix)
	if s := cfg.Shard.String(); s != "" {
		fmt.Fprintf(out, "shard %s of %d slices\n", s, cfg.Slices)
	}
	r, err := converge.Run(ctx, cfg)
	if err != nil {
		var pe *converge.PreflightError
		if errors.As(err, &pe) && !ep.Embedded {
			fmt.Fprintf(errOut, "scimharness converge: usage: target (SCIM_BASE_URL, SCIM_TOKEN): %v\n", err)
			return exitUsage
		}
		if ce := harness.CertificateConfigError(err, m); ce != nil {
			fmt.Fprintf(errOut, "scimharness converge: usage: %v\n", ce)
			return exitUsage
		}
		fmt.Fprintf(errOut, "scimharness converge: %v\n", err)
		return 1
	}
	converge.Write(out, r)
	if err := converge.WriteResult(o.out, r); err != nil {
		fmt.Fprintf(errOut, "scimharness converge: write the result: %v\n", err)
		return 1
	}
	fmt.Fprintf(out, "result: %s\n", o.out)
	if !r.Pass() {
		return 1
	}
	return 0
}

// mergeCommand is `scimharness merge`: shard results → one verdict.
func mergeCommand(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("merge", flag.ContinueOnError)
	fs.SetOutput(stderr)
	outFile := fs.String("out", "", "merged result JSON `file` (default converge-result.json or load-result.json)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `usage: scimharness merge [--out FILE] SHARD.json...

Combines the result files of 'scimharness converge --shard i/n' or
'scimharness load --shard i/n' (all n of one run) into one result and
verdict.

exit status: 0 pass, 1 drift or refused changes, 2 bad usage or a result
file that cannot be merged.

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
	names := fs.Args()
	if len(names) == 0 {
		fmt.Fprintln(stderr, "scimharness merge: usage: expected shard result files, got none")
		return exitUsage
	}
	if kind, err := resultKind(names[0]); err != nil {
		fmt.Fprintf(stderr, "scimharness merge: usage: %v\n", err)
		return exitUsage
	} else if kind == "load" {
		return mergeLoad(names, *outFile, stdout, stderr)
	}
	var rs []*converge.Result
	for _, name := range names {
		r, err := converge.ReadResult(name)
		if err != nil {
			fmt.Fprintf(stderr, "scimharness merge: usage: %v\n", err)
			return exitUsage
		}
		rs = append(rs, r)
	}
	merged, err := converge.Merge(names, rs)
	if err != nil {
		fmt.Fprintf(stderr, "scimharness merge: usage: %v\n", err)
		return exitUsage
	}
	converge.Write(stdout, merged)
	if *outFile == "" {
		*outFile = "converge-result.json"
	}
	if err := converge.WriteResult(*outFile, merged); err != nil {
		fmt.Fprintf(stderr, "scimharness merge: write the result: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "result: %s\n", *outFile)
	if !merged.Pass() {
		return 1
	}
	return 0
}

// resultKind reads the "kind" of a result file: "load", or "" for converge.
func resultKind(name string) (string, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return "", err
	}
	var head struct {
		Kind string `json:"kind"`
	}
	if err := json.Unmarshal(b, &head); err != nil {
		return "", fmt.Errorf("%s: expected a converge or load result (JSON), got %v", name, err)
	}
	return head.Kind, nil
}

// mergeLoad is `scimharness merge` for load shards.
func mergeLoad(names []string, outFile string, stdout, stderr io.Writer) int {
	var fs []load.ResultFile
	for _, name := range names {
		b, err := os.ReadFile(name)
		if err != nil {
			fmt.Fprintf(stderr, "scimharness merge: usage: %v\n", err)
			return exitUsage
		}
		f, err := load.ReadFile(name, b)
		if err != nil {
			fmt.Fprintf(stderr, "scimharness merge: usage: %v\n", err)
			return exitUsage
		}
		fs = append(fs, f)
	}
	merged, err := load.MergeFiles(names, fs)
	if err != nil {
		fmt.Fprintf(stderr, "scimharness merge: usage: %v\n", err)
		return exitUsage
	}
	fmt.Fprintf(stdout, "load: %s, %d shards merged: %d requests, achieved %.1f requests/s (target %g), %d failed, %d users created, %d removed\n",
		merged.Dialect, len(merged.Shards), merged.Requests, merged.Achieved, merged.TotalRate, merged.Failed, merged.Created, merged.Removed)
	fmt.Fprintln(stdout, "service time per operation (the highest percentile of any shard):")
	for _, o := range merged.Ops {
		fmt.Fprintf(stdout, "  %-16s %7d requests %5d failed  p50 %.1fms p95 %.1fms p99 %.1fms max %.1fms\n", o.Name, o.Count, o.Failed, o.P50, o.P95, o.P99, o.Max)
	}
	verdict := "FAIL"
	if merged.Pass {
		verdict = "PASS"
	}
	fmt.Fprintf(stdout, "verdict: %s — %s\n", verdict, strings.Join(merged.Reasons, "; "))
	if outFile == "" {
		outFile = "load-result.json"
	}
	if err := load.WriteFile(outFile, merged); err != nil {
		fmt.Fprintf(stderr, "scimharness merge: write the result: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "result: %s\n", outFile)
	if !merged.Pass {
		return 1
	}
	return 0
}
