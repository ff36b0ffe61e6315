package reports

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const testToken = "cnt_pt_AAAAbbbbCCCCddddEEEEffffGGGGhhhh1234567890_-"

func testScanner() Scanner {
	return Scanner{
		Secrets:  []Secret{{Name: "SCIM_TOKEN", Value: testToken}, {Name: "CANTARA_ADMIN_TOKEN", Value: "admin-secret-value"}, {Name: "SHORT", Value: "abc"}},
		Patterns: map[string]*regexp.Regexp{"a provisioning token": regexp.MustCompile(`cnt_pt_[A-Za-z0-9_\-]{16,}`)},
	}
}

func TestScanFilesFindsSecrets(t *testing.T) {
	embedded := base64.StdEncoding.EncodeToString([]byte("GET /Users\nAuthorization: Bearer admin-secret-value\n"))
	tests := []struct {
		name  string
		files map[string]string
		want  []Leak
	}{
		{"clean reports", map[string]string{"summary.txt": "Bearer [masked]\ncnt_pt_…[masked]\nabc abc\n"}, nil},
		{"known secret in text", map[string]string{"summary.txt": "line one\nAuthorization: Bearer admin-secret-value\n"},
			[]Leak{{File: "summary.txt", Line: 2, What: "CANTARA_ADMIN_TOKEN"}}},
		{"token matches both value and pattern", map[string]string{"junit.xml": "<x>" + testToken + "</x>\n"},
			[]Leak{{File: "junit.xml", Line: 1, What: "SCIM_TOKEN"}, {File: "junit.xml", Line: 1, What: "a provisioning token"}}},
		{"unregistered token by pattern", map[string]string{"junit.xml": "cnt_pt_ZZZZzzzzYYYYyyyyXXXX\n"},
			[]Leak{{File: "junit.xml", Line: 1, What: "a provisioning token"}}},
		{"secret inside a base64 attachment", map[string]string{"cucumber.json": `[{"embeddings":[{"name":"x","mime_type":"text/plain","data":"` + embedded + `"}]}]`},
			[]Leak{{File: "cucumber.json", Line: 0, What: "CANTARA_ADMIN_TOKEN"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := testScanner().ScanFiles(writeFiles(t, tt.files)...)
			require.NoError(t, err)
			for i := range got {
				got[i].File = filepath.Base(got[i].File)
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestScanFilesAsksTheMasker(t *testing.T) {
	content := "masked already: [masked]\nleaked: run-created-secret\nknown: " + testToken + "\n"
	files := writeFiles(t, map[string]string{"summary.txt": content})
	sc := testScanner()
	sc.Mask = func(s string) string {
		s = strings.ReplaceAll(s, "run-created-secret", "[masked]")
		return strings.ReplaceAll(s, testToken, "[masked]")
	}
	got, err := sc.ScanFiles(files...)
	require.NoError(t, err)
	for i := range got {
		got[i].File = filepath.Base(got[i].File)
	}
	assert.Equal(t, []Leak{
		{File: "summary.txt", Line: 2, What: MaskLeak},
		{File: "summary.txt", Line: 3, What: "SCIM_TOKEN"},
		{File: "summary.txt", Line: 3, What: "a provisioning token"},
	}, got, "a line already reported by name is not reported again")
}

func TestLeakStringNeverHoldsTheSecret(t *testing.T) {
	leaks, err := testScanner().ScanFiles(writeFiles(t, map[string]string{"a.txt": testToken})...)
	require.NoError(t, err)
	require.NotEmpty(t, leaks)
	for _, l := range leaks {
		assert.NotContains(t, l.String(), testToken)
	}
}

func TestScanFilesMissingFile(t *testing.T) {
	_, err := testScanner().ScanFiles(filepath.Join(t.TempDir(), "absent"))
	assert.ErrorContains(t, err, "scan")
}

// writeFiles writes name → content into a fresh directory and returns the
// paths, sorted so leaks come out in a stable order.
func writeFiles(t *testing.T, files map[string]string) []string {
	t.Helper()
	dir := t.TempDir()
	var paths []string
	for name, content := range files {
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
		paths = append(paths, path)
	}
	sort.Strings(paths)
	return paths
}
