package harness

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scimharness/scimharness/reports"
	"github.com/scimharness/scimharness/sandbox"
)

// gatePaths is a slice of the suite quick enough to run twice: contract
// promises, a not-applicable check and pagination over several pages.
var gatePaths = []string{"contract/removal.feature", "contract/updates.feature", "rfc7644/3_12_errors.feature", "rfc7644/3_4_2_4_pagination.feature"}

func readResults(t *testing.T, dir string) reports.ResultsDoc {
	t.Helper()
	doc, err := reports.ReadResultsFile(filepath.Join(dir, reports.ResultsFile))
	require.NoError(t, err)
	return doc
}

// TestTwoSeedsDiffEmpty: two runs of a correct target with different seeds
// (different users, ports, UUIDs) produce results.json that diff empty.
func TestTwoSeedsDiffEmpty(t *testing.T) {
	var docs []reports.ResultsDoc
	for _, seed := range []int64{17, 4242424242} {
		out := t.TempDir()
		_, err := Run(context.Background(), Config{Paths: gatePaths, Seed: seed, OutDir: out, Formats: []string{FormatNone, FormatResults}})
		require.NoError(t, err)
		docs = append(docs, readResults(t, out))
	}
	require.NotEqual(t, docs[0].Run.Target, docs[1].Run.Target, "two sandboxes, two ports")
	d := reports.DiffResults(docs[0], docs[1])
	assert.True(t, d.Empty(), "%+v", d)
	assert.Equal(t, len(docs[0].Scenarios), d.Compared)
}

// TestExpectationsGateARun: a faulty sandbox fails the removal promise; an
// expectations file naming the failing scenarios lets the gate pass and
// marks them in results.json; the same file under --strict with a stale
// entry fails; without it the run fails.
func TestExpectationsGateARun(t *testing.T) {
	run := func(t *testing.T, expect string, strict bool) (Outcome, reports.ResultsDoc, string) {
		out := t.TempDir()
		var console strings.Builder
		outcome, err := Run(context.Background(), Config{
			Paths: []string{"contract/removal.feature"}, Faults: []sandbox.Fault{sandbox.FaultEraseOnDelete}, Seed: 3,
			OutDir: out, Formats: []string{FormatNone, FormatResults}, Stdout: &console, Expect: expect, Strict: strict,
		})
		require.NoError(t, err)
		return outcome, readResults(t, out), console.String()
	}
	plain, doc, _ := run(t, "", false)
	require.Equal(t, ExitFailed, plain.ExitCode)
	var failing []string
	for _, s := range doc.Scenarios {
		if s.Status.IsFailure() {
			failing = append(failing, s.ID)
		}
	}
	require.NotEmpty(t, failing)

	file := filepath.Join(t.TempDir(), "expect.yaml")
	var b strings.Builder
	b.WriteString("expectations:\n")
	for _, id := range failing {
		b.WriteString("  - id: " + id + "\n    reason: Cantara erases removed users (fault erase-on-delete)\n    ticket: CAN-7\n")
	}
	require.NoError(t, os.WriteFile(file, []byte(b.String()), 0o644))
	gated, doc, console := run(t, file, true)
	assert.Equal(t, ExitPassed, gated.ExitCode, console)
	assert.Equal(t, reports.VerdictPartial, doc.Run.Verdict)
	assert.Equal(t, len(failing), doc.Run.Counts.Expected)
	for _, s := range doc.Scenarios {
		if s.Status.IsFailure() {
			require.NotNil(t, s.Expected, s.ID)
			assert.Equal(t, "CAN-7", s.Expected.Ticket)
		}
	}
	assert.Contains(t, console, "Expected failures (")
	assert.Contains(t, console, "expected: Cantara erases removed users (fault erase-on-delete) (CAN-7)")

	stale := file + ".stale"
	require.NoError(t, os.WriteFile(stale, []byte(b.String()+"  - tag: \"@contract-nothing\"\n    reason: gone\n"), 0o644))
	strict, doc, console := run(t, stale, true)
	assert.Equal(t, ExitFailed, strict.ExitCode, console)
	require.NotNil(t, doc.Expectations)
	require.Len(t, doc.Expectations.Notes, 1)
	assert.Equal(t, reports.NoteUnmatched, doc.Expectations.Notes[0].Kind)
	assert.Contains(t, console, "unmatched tag @contract-nothing: names no scenario of this run")
	lax, _, _ := run(t, stale, false)
	assert.Equal(t, ExitPassed, lax.ExitCode, "without --strict a stale entry is only reported")
}

// TestBadExpectationsFileIsAUsageError: the run does not start, and the
// message names the file, line and column.
func TestBadExpectationsFileIsAUsageError(t *testing.T) {
	file := filepath.Join(t.TempDir(), "expect.yaml")
	require.NoError(t, os.WriteFile(file, []byte("expectations:\n  - id: a\n    reason: x\n    tikcet: T-1\n"), 0o644))
	_, err := Run(context.Background(), Config{Expect: file, OutDir: t.TempDir()})
	require.Error(t, err)
	assert.True(t, IsConfigError(err))
	assert.Contains(t, err.Error(), file+":4:5: ")
	assert.Contains(t, err.Error(), "tikcet")

	_, err = Run(context.Background(), Config{Strict: true, OutDir: t.TempDir()})
	assert.ErrorContains(t, err, "expected --expect FILE with it")
}
