package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/scimharness/scimharness/reports"
)

// diffCommand is `scimharness diff OLD NEW`: what changed between two
// runs' results.json. Exit 1 when something regressed.
func diffCommand(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("diff", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print the diff as JSON")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `usage: scimharness diff [--json] OLD.json NEW.json

Compares two results.json by scenario id: newly failing, newly errored, fixed,
newly skipped, added and removed scenarios, and the verdict of the IdP
mapping check (run --mapping). Exit status: 0 nothing regressed, 1 a
scenario fails or errors that did not before (an expected failure, named by
NEW's expectations file, is not a regression), or the mapping was ready and
is not now, 2 bad usage.

flags:
`)
		fs.PrintDefaults()
	}
	paths, err := parseInterspersed(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return exitUsage
	}
	if len(paths) != 2 {
		fmt.Fprintf(stderr, "scimharness diff: expected two results.json files (OLD NEW), got %d\n", len(paths))
		return exitUsage
	}
	var docs [2]reports.ResultsDoc
	for i, p := range paths {
		var err error
		if docs[i], err = reports.ReadResultsFile(p); err != nil {
			fmt.Fprintf(stderr, "scimharness diff: %v\n", err)
			return exitUsage
		}
	}
	d := reports.DiffResults(docs[0], docs[1])
	write := reports.WriteDiff
	if *asJSON {
		write = reports.WriteDiffJSON
	}
	if err := write(stdout, d); err != nil {
		fmt.Fprintf(stderr, "scimharness diff: %v\n", err)
		return exitUsage
	}
	if d.Regressed {
		return 1
	}
	return 0
}
