package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/scimharness/scimharness/sandbox"
)

// sandboxConfig is the resolved configuration of `scimharness sandbox`.
type sandboxConfig struct {
	addr, tenant, token, adminToken string
	faults                          []sandbox.Fault
	disable                         []sandbox.Capability
}

// parseSandboxFlags reads flags, falling back to the environment for each
// flag not given. Environment values are applied after parsing, never as
// flag defaults, so -h cannot print a secret taken from the environment.
func parseSandboxFlags(args []string, getenv func(string) (string, bool), stderr io.Writer) (sandboxConfig, error) {
	fs := flag.NewFlagSet("sandbox", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg sandboxConfig
	var faults, disable string
	fs.StringVar(&cfg.addr, "addr", "127.0.0.1:8080", "listen address (env SANDBOX_ADDR)")
	fs.StringVar(&cfg.tenant, "tenant", "", "tenant id to create; empty = generated (env SANDBOX_TENANT)")
	fs.StringVar(&cfg.token, "token", "", "provisioning token to register for the tenant; empty = generated (env SCIM_TOKEN)")
	fs.StringVar(&cfg.adminToken, "admin-token", "", "admin API token; empty = generated (env CANTARA_ADMIN_TOKEN)")
	fs.StringVar(&faults, "faults", "", "comma-separated fault switches, off unless named (env SANDBOX_FAULTS)")
	fs.StringVar(&disable, "disable", "", "comma-separated capabilities to declare unsupported and switch off: "+capabilityNames()+" (env SANDBOX_DISABLE)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: scimharness sandbox [flags]\n\nServes an embedded Cantara (SCIM at /scim/v2/{tenant}, admin API at /admin/v1).\n\nflags:")
		fs.PrintDefaults()
		fmt.Fprintln(fs.Output(), "\nfault switches (each breaks the [promise] its scenarios check; docs/faults.md):")
		_ = sandbox.WriteFaultList(fs.Output(), "  ") // usage text: nowhere to report a write error
	}
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("expected no arguments, got %q", fs.Args())
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	for _, fe := range []struct {
		flag, env string
		dst       *string
	}{
		{"addr", "SANDBOX_ADDR", &cfg.addr}, {"tenant", "SANDBOX_TENANT", &cfg.tenant}, {"token", "SCIM_TOKEN", &cfg.token},
		{"admin-token", "CANTARA_ADMIN_TOKEN", &cfg.adminToken}, {"faults", "SANDBOX_FAULTS", &faults},
		{"disable", "SANDBOX_DISABLE", &disable},
	} {
		if v, ok := getenv(fe.env); ok && v != "" && !given[fe.flag] {
			*fe.dst = v
		}
	}
	var err error
	if cfg.faults, err = sandbox.ParseFaults(faults); err != nil {
		return cfg, err
	}
	if cfg.disable, err = sandbox.ParseCapabilities(disable); err != nil {
		return cfg, fmt.Errorf("--disable: %w", err)
	}
	return cfg, nil
}

func capabilityNames() string {
	names := make([]string, 0, len(sandbox.KnownCapabilities()))
	for _, c := range sandbox.KnownCapabilities() {
		names = append(names, string(c))
	}
	return strings.Join(names, ", ")
}

// serveSandbox implements `scimharness sandbox`: it serves until ctx ends
// (main cancels it on SIGINT/SIGTERM). Exit status: 0 clean shutdown, 1
// runtime failure, 2 bad usage. ready (if set) receives the server once it
// listens, which lets tests drive it.
func serveSandbox(ctx context.Context, args []string, getenv func(string) (string, bool), stdout, stderr io.Writer, ready func(*sandbox.Server)) int {
	cfg, err := parseSandboxFlags(args, getenv, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "scimharness sandbox:", err)
		return exitUsage
	}
	logger := slog.New(slog.NewTextHandler(stderr, nil))
	sb, err := sandbox.New(sandbox.Options{AdminToken: cfg.adminToken, Faults: cfg.faults, Disable: cfg.disable, Logger: logger})
	if err != nil {
		fmt.Fprintln(stderr, "scimharness sandbox:", err)
		return exitUsage
	}
	tenant, err := sb.CreateTenant("Sandbox", cfg.tenant)
	if err != nil {
		fmt.Fprintln(stderr, "scimharness sandbox:", err)
		return exitUsage
	}
	token := cfg.token
	if token == "" {
		if token, _, err = sb.IssueToken(tenant.ID, time.Time{}); err != nil {
			fmt.Fprintln(stderr, "scimharness sandbox:", err)
			return 1
		}
	} else if _, err = sb.RegisterToken(tenant.ID, token); err != nil {
		fmt.Fprintln(stderr, "scimharness sandbox: --token:", err)
		return exitUsage
	}
	srv, err := sandbox.Serve(sb, cfg.addr)
	if err != nil {
		fmt.Fprintln(stderr, "scimharness sandbox:", err)
		return 1
	}
	printCredentials(stdout, srv, tenant.ID, shownOnce(cfg.token, token), shownOnce(cfg.adminToken, sb.AdminToken()), sb.Faults())
	if off := sb.Disabled(); len(off) > 0 {
		fmt.Fprintf(stdout, "  declared unsupported: %v\n", off)
	}
	if ready != nil {
		ready(srv)
	}
	<-ctx.Done()
	fmt.Fprintln(stderr, "scimharness sandbox: shutting down")
	if err := srv.Shutdown(10 * time.Second); err != nil {
		fmt.Fprintln(stderr, "scimharness sandbox: shutdown:", err)
		return 1
	}
	return 0
}

// shownOnce prints a generated secret (this is its only appearance) but
// never echoes one the user supplied: they already have it.
func shownOnce(given, actual string) string {
	if given != "" {
		return "(as given)"
	}
	return actual
}

func printCredentials(w io.Writer, srv *sandbox.Server, tenantID, token, adminToken string, faults []sandbox.Fault) {
	fmt.Fprintf(w, "Cantara sandbox listening on %s\n", srv.URL)
	fmt.Fprintf(w, "  SCIM_BASE_URL=%s\n", srv.TenantURL(tenantID))
	fmt.Fprintf(w, "  SCIM_TOKEN=%s\n", token)
	fmt.Fprintf(w, "  CANTARA_ADMIN_URL=%s\n", srv.AdminURL())
	fmt.Fprintf(w, "  CANTARA_ADMIN_TOKEN=%s\n", adminToken)
	if len(faults) > 0 {
		fmt.Fprintf(w, "  faults on: %v\n", faults)
	}
	fmt.Fprintln(w, "Tokens are shown once; they are not logged. Stop with Ctrl-C.")
}
