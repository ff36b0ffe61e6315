package reports

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMaskJSONFileMasksTextAndAttachments(t *testing.T) {
	secret := "s3cr3t-value"
	mask := func(s string) string { return strings.ReplaceAll(s, secret, "[masked]") }
	attachment := base64.StdEncoding.EncodeToString([]byte("Authorization: Bearer " + secret))
	doc := `[{"name":"f","elements":[{"steps":[{"result":{"status":"failed","error_message":"got ` + secret + `"},` +
		`"embeddings":[{"name":"t","mime_type":"text/plain","data":"` + attachment + `"}]}]}]}]`
	path := filepath.Join(t.TempDir(), "cucumber.json")
	require.NoError(t, os.WriteFile(path, []byte(doc), 0o644))

	require.NoError(t, MaskJSONFile(path, mask))

	out, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.NotContains(t, string(out), secret)
	assert.Contains(t, string(out), "got [masked]")
	leaks, err := Scanner{Secrets: []Secret{{Name: "X", Value: secret}}}.ScanFiles(path)
	require.NoError(t, err)
	assert.Empty(t, leaks, "the decoded attachment must be masked too")
	assert.Contains(t, string(out), base64.StdEncoding.EncodeToString([]byte("Authorization: Bearer [masked]")))
}

func TestMaskJSONFileRejectsNonJSON(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cucumber.json")
	require.NoError(t, os.WriteFile(path, []byte("not json"), 0o644))
	assert.ErrorContains(t, MaskJSONFile(path, strings.ToUpper), "expected a JSON document")
}

func TestWriteFiles(t *testing.T) {
	tests := []struct {
		set  FileSet
		want []string
	}{
		{FileSet{JUnit: true, Results: true}, []string{SummaryFile, JUnitFile, ResultsFile}},
		{FileSet{JUnit: true}, []string{SummaryFile, JUnitFile}},
		{FileSet{}, []string{SummaryFile}},
		{FileSet{JUnit: true, Results: true, HTML: true, HAR: true}, []string{SummaryFile, JUnitFile, ResultsFile, HTMLFile, HARFile}},
		{FileSet{HTML: true}, []string{SummaryFile, HTMLFile}},
	}
	for _, tt := range tests {
		dir := filepath.Join(t.TempDir(), "out")
		paths, err := WriteFiles(dir, sampleRun(), tt.set)
		require.NoError(t, err)
		var names []string
		for _, p := range paths {
			info, err := os.Stat(p)
			require.NoError(t, err)
			assert.Positive(t, info.Size())
			names = append(names, filepath.Base(p))
		}
		assert.Equal(t, tt.want, names)
	}
}
