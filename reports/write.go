package reports

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Report file names under the output directory.
const (
	SummaryFile  = "summary.txt"
	JUnitFile    = "junit.xml"
	CucumberFile = "cucumber.json" // written by godog during the run
)

// WriteFiles writes summary.txt, and junit.xml when asked, into dir
// (created if needed) and returns the paths written.
func WriteFiles(dir string, r Run, junit bool) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create report directory: %w", err)
	}
	writers := []reportFile{{SummaryFile, WriteSummary}}
	if junit {
		writers = append(writers, reportFile{JUnitFile, WriteJUnit})
	}
	var paths []string
	for _, w := range writers {
		var buf bytes.Buffer
		if err := w.write(&buf, r); err != nil {
			return paths, err
		}
		path := filepath.Join(dir, w.name)
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			return paths, fmt.Errorf("write %s: %w", w.name, err)
		}
		paths = append(paths, path)
	}
	return paths, nil
}

// reportFile is one file and the function that renders it.
type reportFile struct {
	name  string
	write func(io.Writer, Run) error
}
