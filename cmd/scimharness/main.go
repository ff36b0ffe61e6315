// Command scimharness checks a SCIM 2.0 endpoint against the Cantara
// provisioning contract, playing the identity provider.
//
//	scimharness run       run the conformance scenarios (embedded sandbox unless SCIM_BASE_URL is set)
//	scimharness sandbox   serve the embedded Cantara sandbox
//	scimharness profile   print the embedded attribute profile, or check an edited one
//	scimharness load      can the tenant take the IdP's pace?
//	scimharness converge  after the initial cycle and churn, does Cantara hold what the IdP holds?
//	scimharness merge     combine converge shard results into one verdict
//	scimharness expect    write a starting expectations file from a results.json
//	scimharness diff      compare two results.json: newly failing, fixed, skipped, added, removed
//	scimharness mapping   check a customer's IdP mapping against what Cantara requires
//	scimharness version   print the version
//	scimharness help      explain the commands
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// The first Ctrl-C lets a run finish its scenarios in flight and clean
	// up; once it is seen, the default handling is back, so a second one
	// stops the process at once.
	context.AfterFunc(ctx, stop)
	code := dispatch(ctx, os.Args[1:], os.Stdout, os.Stderr, os.LookupEnv)
	stop()
	os.Exit(code)
}

// lookupEnv is os.LookupEnv, injectable so tests never touch the process environment.
type lookupEnv func(string) (string, bool)

// dispatch runs one subcommand and returns the exit status.
func dispatch(ctx context.Context, args []string, stdout, stderr io.Writer, env lookupEnv) int {
	if len(args) == 0 {
		printHelp(stderr)
		return exitUsage
	}
	switch args[0] {
	case "run":
		return runCommand(ctx, args[1:], stdout, stderr, env)
	case "sandbox":
		return serveSandbox(ctx, args[1:], env, stdout, stderr, nil)
	case "profile":
		return runProfile(args[1:], stdout, stderr)
	case "load":
		return loadCommand(ctx, args[1:], stdout, stderr, env)
	case "converge":
		return convergeCommand(ctx, args[1:], stdout, stderr, env)
	case "merge":
		return mergeCommand(args[1:], stdout, stderr)
	case "expect":
		return expectCommand(args[1:], stdout, stderr)
	case "diff":
		return diffCommand(args[1:], stdout, stderr)
	case "mapping":
		return mappingCommand(ctx, args[1:], stdout, stderr, env)
	case "version", "--version", "-version":
		fmt.Fprintln(stdout, versionString())
		return 0
	case "help", "-h", "-help", "--help":
		if len(args) > 1 && args[1] == "run" {
			return runCommand(ctx, []string{"-h"}, stdout, stdout, env)
		}
		if len(args) > 1 && args[1] == "profile" {
			return runProfile([]string{"-h"}, stdout, stdout)
		}
		if len(args) > 1 && args[1] == "sandbox" {
			return serveSandbox(ctx, []string{"-h"}, env, stdout, stdout, nil)
		}
		if len(args) > 1 && args[1] == "load" {
			return loadCommand(ctx, []string{"-h"}, stdout, stdout, env)
		}
		if len(args) > 1 && args[1] == "converge" {
			return convergeCommand(ctx, []string{"-h"}, stdout, stdout, env)
		}
		if len(args) > 1 && args[1] == "merge" {
			return mergeCommand([]string{"-h"}, stdout, stdout)
		}
		if len(args) > 1 && args[1] == "expect" {
			return expectCommand([]string{"-h"}, stdout, stdout)
		}
		if len(args) > 1 && args[1] == "diff" {
			return diffCommand([]string{"-h"}, stdout, stdout)
		}
		if len(args) > 1 && args[1] == "mapping" {
			return mappingCommand(ctx, []string{"-h"}, stdout, stdout, env)
		}
		printHelp(stdout)
		return 0
	}
	fmt.Fprintf(stderr, "scimharness: expected a command (run, mapping, sandbox, profile, load, converge, merge, expect, diff, version, help), got %q\n\n", args[0])
	printHelp(stderr)
	return exitUsage
}

const exitUsage = 2

func printHelp(w io.Writer) {
	fmt.Fprint(w, `scimharness checks a SCIM 2.0 endpoint against the Cantara provisioning
contract, playing the identity provider.

usage:
  scimharness run [flags] [feature files]   run the scenarios; without SCIM_BASE_URL
                                            against a fresh embedded sandbox
  scimharness run --list                    list the scenarios and their tags
  scimharness run --profile my-profile.json send the SCIM attributes your IdP maps
                                            (env SCIM_PROFILE) instead of the default
  scimharness sandbox [flags]               serve the embedded Cantara sandbox
  scimharness profile [--check FILE]        print the default attribute profile to
                                            start yours from, or check an edited one
  scimharness run --expect FILE [--strict]  known deviations do not fail the run
  scimharness expect init RESULTS.json      a starting expectations file from a run
  scimharness diff OLD.json NEW.json        what changed between two runs' results.json
                                            (--json for machines; exit 1 on a regression)
  scimharness load [flags]                  can the tenant take the IdP's pace? (load -h)
  scimharness converge [flags]              after the initial cycle and churn, does Cantara
                                            hold what the IdP holds? (converge -h)
  scimharness merge SHARD.json...           combine converge or load --shard results
                                            into one verdict
  scimharness mapping check FILE            before go-live: does your IdP's own mapping
                                            give every Cantara account what it needs?
  scimharness version                       print the version
  scimharness help [run|sandbox|profile|load|converge|merge|expect|diff|mapping]
                                            this text, or a command's flags

Reports land in reports/out/: summary.txt, junit.xml, results.json (schema:
docs/results-schema.md), cucumber.json.

exit status of run: 0 every scenario that ran passed (expected failures,
skips and not-applicable checks included), 1 a scenario failed unexpectedly
or errored (the target could not be reached: no verdict on Cantara), or
under --strict an expectations entry no longer holds; 2 bad usage or
configuration. diff: 0 nothing regressed, 1 a regression, 2 bad usage.
load: 0 the tenant kept the pace, 1 it did not, 2 bad usage or configuration.
converge and merge: 0 no drift (load shards: the pace kept), 1 drift or
refused changes, 2 bad usage or configuration.
mapping check: 0 ready, 1 findings that block go-live, 2 bad input (file,
line and column named) or configuration.
`)
}
