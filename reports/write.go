package reports

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Report file names under the output directory (HTMLFile and HARFile are
// next to their writers).
const (
	SummaryFile  = "summary.txt"
	JUnitFile    = "junit.xml"
	CucumberFile = "cucumber.json" // written by godog during the run
)

// FileSet says which report files besides summary.txt a run writes (the
// --format switches).
type FileSet struct {
	JUnit   bool // junit.xml
	Results bool // results.json
	HTML    bool // report.html
	HAR     bool // exchanges.har
}

// WriteFiles writes summary.txt and the files set asks for into dir
// (created if needed) and returns the paths written.
func WriteFiles(dir string, r Run, set FileSet) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create report directory: %w", err)
	}
	writers := []reportFile{{SummaryFile, WriteSummary}}
	if set.JUnit {
		writers = append(writers, reportFile{JUnitFile, WriteJUnit})
	}
	if set.Results {
		writers = append(writers, reportFile{ResultsFile, WriteResultsJSON})
	}
	if set.HTML {
		writers = append(writers, reportFile{HTMLFile, WriteHTML})
	}
	if set.HAR {
		writers = append(writers, reportFile{HARFile, WriteHAR})
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
