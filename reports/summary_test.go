package reports

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite golden files")

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "golden file missing: run go test ./reports -update")
	assert.Equal(t, string(want), string(got))
}

func TestWriteSummaryGolden(t *testing.T) {
	tests := []struct {
		name string
		run  Run
	}{
		{"summary_mixed.golden", sampleRun()},
		{"summary_causes.golden", erasedRun()},
		{"summary_deviation.golden", func() Run {
			r := erasedRun()
			r.Scenarios[2].Expected = &Expected{Reason: "Okta removal lands in sprint 12", Ticket: "CAN-42", Entry: "@idp-okta"}
			return r
		}()},
		{"summary_errored.golden", erroredRun()},
		{"summary_success.golden", Run{Target: "external https://cantara.example/scim/v2/acme", Seed: 7, Duration: 2500 * time1ms,
			Scenarios: []Scenario{{Feature: "Basics", URI: "basics.feature", Line: 3, Name: "An unknown id is 404", Status: Passed}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, WriteSummary(&buf, tt.run))
			golden(t, tt.name, buf.Bytes())
		})
	}
}

func TestWriteSummaryReportsWriteError(t *testing.T) {
	err := WriteSummary(failingWriter{}, sampleRun())
	assert.ErrorIs(t, err, errWrite)
}
