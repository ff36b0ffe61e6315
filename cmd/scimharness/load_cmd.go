package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/scimharness/scimharness/harness"
	"github.com/scimharness/scimharness/load"
	"github.com/scimharness/scimharness/simulator"
)

// loadOptions is `scimharness load` parsed.
type loadOptions struct {
	target    harness.Target
	transport harness.Transport
	dialect   simulator.Dialect
	cfg       load.Config // figures only; the target is filled in once resolved
	out       string      // result JSON file; "" → none (a shard always writes one)
}

// loadTargetFlags are the target settings load uses: the tenant and its
// provisioning token (the admin API plays no part in a load run).
var loadTargetFlags = map[string]bool{"base-url": true, "token": true}

// parseLoad reads flags, then the target and transport variables for
// every setting not given as a flag, as `run` does.
func parseLoad(args []string, stderr io.Writer, env lookupEnv) (loadOptions, error) {
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		o   loadOptions
		idp string
	)
	flagged := declareTargetFlags(fs, loadTargetFlags)
	fs.Float64Var(&o.cfg.Rate, "rate", load.DefaultRate, "requests per second (Entra: a gallery app must take 25/s per tenant)")
	fs.DurationVar(&o.cfg.Duration, "duration", load.DefaultDuration, "how long requests are scheduled")
	fs.IntVar(&o.cfg.Users, "users", load.DefaultUsers, "users the run creates, cycles through and removes at the end")
	fs.StringVar(&idp, "idp", "entra", "IdP dialect whose requests are sent ("+strings.Join(simulator.DialectNames(), ", ")+")")
	fs.IntVar(&o.cfg.Concurrency, "concurrency", 0, "operations in flight at most; 0 = two seconds' worth at --rate, at most 512")
	fs.Int64Var(&o.cfg.Seed, "seed", 0, "seed of the fake directory; 0 = random (give every shard the same one)")
	shard := fs.String("shard", "", "i/n: play the i-th of n disjoint slices of --users at --rate/n and write this shard's result (combine with 'scimharness merge')")
	fs.StringVar(&o.out, "out", "", "result JSON `file` (default none; load-result-<i>-of-<n>.json for a shard)")
	caFile := fs.String("ca-file", "", "PEM `file` of CA certificates to trust besides the system roots (env "+envCAFile+")")
	insecure := fs.Bool("insecure-skip-verify", false, "do not verify the target's TLS certificate: test environments only (env "+envInsecure+"=1)")
	timeout := fs.String("timeout", "", fmt.Sprintf("per-request timeout, a `duration` (env %s; default %s); a request without an answer by then counts as failed", envTimeout, simulator.DefaultTimeout))
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `usage: scimharness load [flags]

Plays the IdP's provisioning cycle (look-up, create, update, deactivate)
against the tenant at a fixed request rate, prints latency per operation,
the status codes and the error rate, judges them against Entra ID's
expectations and removes every user it created. Without SCIM_BASE_URL it
runs against a fresh embedded sandbox.

exit status: 0 pass, 1 the target is too slow or failing (or the run was
interrupted), 2 bad usage or configuration.

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
	resolveTargetFlags(&o.target, flagged, set, env)
	if err := parseTransport(&o.transport, set, *caFile, *insecure, *timeout, env); err != nil {
		return o, err
	}
	var err error
	if o.dialect, err = simulator.DialectByName(idp); err != nil {
		return o, fmt.Errorf("--idp: %w", err)
	}
	if o.cfg.Shard, err = load.ParseShard(*shard); err != nil {
		return o, fmt.Errorf("--shard: %w", err)
	}
	if o.out == "" && o.cfg.Shard.Count > 1 {
		o.out = fmt.Sprintf("load-result-%d-of-%d.json", o.cfg.Shard.Index, o.cfg.Shard.Count)
	}
	// The URL is resolved later (maybe a sandbox to start): check the
	// figures first.
	check := o.cfg
	check.BaseURL = "unresolved"
	return o, check.Validate()
}

// loadCommand is `scimharness load`.
func loadCommand(ctx context.Context, args []string, stdout, stderr io.Writer, env lookupEnv) int {
	o, err := parseLoad(args, stderr, env)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "scimharness load: usage: %v\n", err)
		return exitUsage
	}
	s, code := openToolSession(ctx, "load", o.target, o.transport, nil, stdout, stderr)
	if s == nil {
		return code
	}
	m, out, errOut, profile, ep := s.m, s.out, s.errOut, s.profile, s.ep
	defer ep.Close(context.WithoutCancel(ctx))
	cfg := o.cfg
	cfg.BaseURL, cfg.Token, cfg.HTTPClient, cfg.Masker = ep.BaseURL, ep.Token, ep.Client, m
	cfg.Dialect, cfg.Profile, cfg.Log = o.dialect, profile, out
	workers := cfg.Concurrency
	if workers == 0 {
		workers = load.DefaultConcurrency(cfg.Rate)
	}
	fmt.Fprintf(out, "target: %s\n", ep.Describe)
	fmt.Fprintf(out, "load: %s (%s) provisioning cycle — look-up, create, update, deactivate — %d users, %g requests/s for %s, at most %d in flight, no retries (a 429 counts as failed, as Entra counts it)\n",
		o.dialect.Title, o.dialect.Name, cfg.Users, cfg.Rate, cfg.Duration, workers)
	started := time.Now()
	r, err := load.Run(ctx, cfg)
	if err != nil {
		return loadError(errOut, err, ep.Embedded, m)
	}
	load.Write(out, r)
	fmt.Fprintf(out, "took %s\n", time.Since(started).Round(time.Millisecond))
	if o.out != "" {
		if err := load.WriteFile(o.out, r.File()); err != nil {
			fmt.Fprintf(errOut, "scimharness load: write the result: %v\n", err)
			return 1
		}
		fmt.Fprintf(out, "result: %s\n", o.out)
	}
	switch {
	case r.Interrupted, !r.Verdict.Pass:
		return 1
	case len(r.Cleanup.Left) > 0:
		fmt.Fprintln(errOut, "scimharness load: the target passed but did not let the run remove every user it created")
		return 1
	}
	return 0
}

// loadError reports a run that sent no load. A TLS certificate the harness
// cannot verify, or an external target that fails the IdP's test
// connection (wrong URL, wrong token), is configuration: status 2.
func loadError(w io.Writer, err error, embedded bool, m *simulator.Masker) int {
	if ce := harness.CertificateConfigError(err, m); ce != nil {
		fmt.Fprintf(w, "scimharness load: usage: %v\n", ce)
		return exitUsage
	}
	var pe *load.PreflightError
	if errors.As(err, &pe) && !embedded {
		fmt.Fprintf(w, "scimharness load: usage: target (SCIM_BASE_URL, SCIM_TOKEN): %v\n", err)
		return exitUsage
	}
	if !errors.As(err, &pe) {
		fmt.Fprintf(w, "scimharness load: usage: %v\n", err)
		return exitUsage
	}
	fmt.Fprintf(w, "scimharness load: %v\n", err)
	return 1
}

// maskWriter masks every secret the Masker knows in what goes to the
// console: the load command's output has no secret by design, and this
// keeps it so.
type maskWriter struct {
	w io.Writer
	m *simulator.Masker
}

func (mw *maskWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(mw.w, mw.m.Mask(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}
