package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/scimharness/scimharness/sandbox"
)

// sandboxConfig is the resolved configuration of `scimharness sandbox`.
type sandboxConfig struct {
	addr, tenant, token, adminToken string
	faults                          []sandbox.Fault
}

// parseSandboxFlags reads flags, falling back to the environment for each.
func parseSandboxFlags(args []string, stderr io.Writer) (sandboxConfig, error) {
	fs := flag.NewFlagSet("sandbox", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg sandboxConfig
	var faults string
	fs.StringVar(&cfg.addr, "addr", envOr("SANDBOX_ADDR", "127.0.0.1:8080"), "listen address (env SANDBOX_ADDR)")
	fs.StringVar(&cfg.tenant, "tenant", os.Getenv("SANDBOX_TENANT"), "tenant id to create; empty = generated (env SANDBOX_TENANT)")
	fs.StringVar(&cfg.token, "token", os.Getenv("SCIM_TOKEN"), "provisioning token to register for the tenant; empty = generated (env SCIM_TOKEN)")
	fs.StringVar(&cfg.adminToken, "admin-token", os.Getenv("CANTARA_ADMIN_TOKEN"), "admin API token; empty = generated (env CANTARA_ADMIN_TOKEN)")
	fs.StringVar(&faults, "faults", os.Getenv("SANDBOX_FAULTS"), "comma-separated fault switches, off unless named (env SANDBOX_FAULTS)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: scimharness sandbox [flags]\n\nServes an embedded Cantara (SCIM at /scim/v2/{tenant}, admin API at /admin/v1).\n\nflags:")
		fs.PrintDefaults()
		fmt.Fprintln(stderr, "\nfault switches:")
		for _, f := range sandbox.KnownFaults() {
			fmt.Fprintln(stderr, "  "+string(f))
		}
	}
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("expected no arguments, got %q", fs.Args())
	}
	var err error
	if cfg.faults, err = sandbox.ParseFaults(faults); err != nil {
		return cfg, err
	}
	return cfg, nil
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

// runSandbox implements `scimharness sandbox`: it serves until SIGINT/SIGTERM.
// Exit status: 0 clean shutdown, 1 runtime failure, 2 bad usage.
func runSandbox(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return serveSandbox(ctx, args, stdout, stderr, nil)
}

// serveSandbox is runSandbox with the stop signal as a context; ready (if
// set) receives the server once it listens, which lets tests drive it.
func serveSandbox(ctx context.Context, args []string, stdout, stderr io.Writer, ready func(*sandbox.Server)) int {
	cfg, err := parseSandboxFlags(args, stderr)
	if err == flag.ErrHelp {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "scimharness sandbox:", err)
		return 2
	}
	logger := slog.New(slog.NewTextHandler(stderr, nil))
	sb, err := sandbox.New(sandbox.Options{AdminToken: cfg.adminToken, Faults: cfg.faults, Logger: logger})
	if err != nil {
		fmt.Fprintln(stderr, "scimharness sandbox:", err)
		return 2
	}
	tenant, err := sb.CreateTenant("Sandbox", cfg.tenant)
	if err != nil {
		fmt.Fprintln(stderr, "scimharness sandbox:", err)
		return 2
	}
	token := cfg.token
	if token == "" {
		if token, _, err = sb.IssueToken(tenant.ID, time.Time{}); err != nil {
			fmt.Fprintln(stderr, "scimharness sandbox:", err)
			return 1
		}
	} else if _, err = sb.RegisterToken(tenant.ID, token); err != nil {
		fmt.Fprintln(stderr, "scimharness sandbox: --token:", err)
		return 2
	}
	srv, err := sandbox.Serve(sb, cfg.addr)
	if err != nil {
		fmt.Fprintln(stderr, "scimharness sandbox:", err)
		return 1
	}
	printCredentials(stdout, srv, tenant.ID, shownOnce(cfg.token, token), shownOnce(cfg.adminToken, sb.AdminToken()), sb.Faults())
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
