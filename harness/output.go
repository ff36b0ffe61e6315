package harness

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/scimharness/scimharness/reports"
	"github.com/scimharness/scimharness/simulator"
)

// prepareOutDir creates the report directory and removes the previous
// run's reports, so a stale file never passes for this run's.
func prepareOutDir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return &ConfigError{Setting: "--out", Problem: fmt.Sprintf("expected a writable report directory, got: %v", err)}
	}
	for _, name := range []string{reports.SummaryFile, reports.JUnitFile, reports.CucumberFile, reports.ResultsFile, reports.HTMLFile, reports.HARFile} {
		if err := os.Remove(filepath.Join(dir, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("remove the previous %s: %w", name, err)
		}
	}
	return nil
}

// writeReports masks the cucumber JSON godog wrote and writes summary.txt
// and the files asked for (junit.xml, results.json, report.html, exchanges.har).
func writeReports(dir string, run reports.Run, plan formatPlan, m *simulator.Masker) ([]string, error) {
	var files []string
	if plan.cucumber {
		path := filepath.Join(dir, reports.CucumberFile)
		if err := reports.MaskJSONFile(path, m.Mask); err != nil {
			return files, err
		}
		files = append(files, path)
	}
	written, err := reports.WriteFiles(dir, run, plan.files)
	return append(files, written...), err
}
