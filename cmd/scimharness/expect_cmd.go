package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/scimharness/scimharness/expect"
	"github.com/scimharness/scimharness/reports"
)

// expectCommand is `scimharness expect init RESULTS`: a starting
// expectations file from a run's results.json.
func expectCommand(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("expect", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "", "write the file here instead of standard output (refuses to overwrite)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `usage: scimharness expect init [-o FILE] RESULTS.json

Writes a starting expectations file from a run's results.json: one entry per
failed scenario, by id, its reason the failure as recorded. Review each entry
(why is the deviation accepted?), add a ticket and an until date, then run
  scimharness run --expect FILE [--strict]

An entry selects scenarios by exactly one of:
  id: contract/removal.feature/...   a scenario id (scimharness run --list)
  requirement: RFC7644-3.12-501      a requirement id (its @req- tag)
  tag: "@contract-removal"           a tag; an RFC section tag covers its subsections
and carries reason (required), ticket and until (YYYY-MM-DD) (optional).
An expected failure does not fail the run. An expected failure that passes
("fixed"), an entry past its until date or matching nothing is reported,
and fails the run under --strict.

flags:
`)
		fs.PrintDefaults()
	}
	if len(args) == 0 || args[0] != "init" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help") {
			fs.SetOutput(stdout)
			fs.Usage()
			return 0
		}
		fmt.Fprintln(stderr, "scimharness expect: expected the subcommand init, got", quoteArgs(args))
		fs.Usage()
		return exitUsage
	}
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return exitUsage
	}
	if fs.NArg() != 1 {
		fmt.Fprintf(stderr, "scimharness expect init: expected one results.json, got %d arguments\n", fs.NArg())
		return exitUsage
	}
	doc, err := reports.ReadResultsFile(fs.Arg(0))
	if err != nil {
		fmt.Fprintf(stderr, "scimharness expect init: %v\n", err)
		return exitUsage
	}
	text, err := expect.Init(doc)
	if err != nil {
		fmt.Fprintf(stderr, "scimharness expect init: %v\n", err)
		return exitUsage
	}
	if *out == "" {
		_, _ = stdout.Write(text)
		return 0
	}
	f, err := os.OpenFile(*out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		fmt.Fprintf(stderr, "scimharness expect init: %v (an existing file is never overwritten)\n", err)
		return exitUsage
	}
	_, err = f.Write(text)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		fmt.Fprintf(stderr, "scimharness expect init: %v\n", err)
		return exitUsage
	}
	fmt.Fprintf(stdout, "wrote %s\n", *out)
	return 0
}

func quoteArgs(args []string) string {
	if len(args) == 0 {
		return "nothing"
	}
	return fmt.Sprintf("%q", args[0])
}
