package reports

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
)

// Report file names under the output directory.
const (
	SummaryFile  = "summary.txt"
	JUnitFile    = "junit.xml"
	CucumberFile = "cucumber.json"
)

// WriteFiles writes summary.txt and junit.xml into dir (created if needed).
// The cucumber JSON is written by godog during the run.
func WriteFiles(dir string, r Run) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create report directory: %w", err)
	}
	var summary, junit bytes.Buffer
	if err := WriteSummary(&summary, r); err != nil {
		return err
	}
	if err := WriteJUnit(&junit, r); err != nil {
		return err
	}
	for name, data := range map[string][]byte{SummaryFile: summary.Bytes(), JUnitFile: junit.Bytes()} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
	}
	return nil
}
