package reports

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
)

// Secret is one value that must never appear in a report. Name says which
// one it is ("SCIM_TOKEN") so a leak can be reported without repeating it.
type Secret struct {
	Name  string
	Value string
}

// Scanner looks for secrets in report files: the exact values it was given,
// anything matching a pattern (tokens nobody registered), and anything the
// run's masker would still change (every token that came into play).
type Scanner struct {
	Secrets  []Secret
	Patterns map[string]*regexp.Regexp // name → pattern, e.g. "provisioning token" → cnt_pt_...
	// Mask, when set, is the run's masking function. Masking is idempotent
	// on masked text, so a line it changes still holds a secret.
	Mask func(string) string
}

// MaskLeak names a leak found through Scanner.Mask.
const MaskLeak = "a secret known to the run's masker"

// Leak is one secret found in a file. It never holds the secret itself.
type Leak struct {
	File string // path as walked
	Line int    // 1-based; 0 inside a decoded cucumber embedding
	What string // the secret's name or the pattern's name
}

func (l Leak) String() string {
	if l.Line == 0 {
		return fmt.Sprintf("%s (in a base64 attachment): %s", l.File, l.What)
	}
	return fmt.Sprintf("%s:%d: %s", l.File, l.Line, l.What)
}

// minScanLen keeps trivially short "secrets" from matching everywhere.
const minScanLen = 6

// ScanFiles reads each file and reports every secret it finds. It is given
// the report files a run wrote, never a whole directory: --out may name a
// directory holding the user's own files, which are not ours to judge (or
// delete). Base64 attachments in JSON files (cucumber "embeddings") are
// decoded and scanned too, since a transcript attached there is not
// readable as text.
func (s Scanner) ScanFiles(paths ...string) ([]Leak, error) {
	var leaks []Leak
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			return leaks, fmt.Errorf("scan %s for secrets: %w", path, err)
		}
		leaks = append(leaks, s.scanText(path, data)...)
		if strings.HasSuffix(path, ".json") {
			for _, att := range jsonAttachments(data) {
				for _, l := range s.scanText(path, att) {
					l.Line = 0
					leaks = append(leaks, l)
				}
			}
		}
	}
	return leaks, nil
}

func (s Scanner) scanText(file string, data []byte) []Leak {
	var leaks []Leak
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 64*1024*1024)
	names := make([]string, 0, len(s.Patterns))
	for n := range s.Patterns {
		names = append(names, n)
	}
	sort.Strings(names)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		found := len(leaks)
		for _, sec := range s.Secrets {
			if len(sec.Value) >= minScanLen && strings.Contains(line, sec.Value) {
				leaks = append(leaks, Leak{File: file, Line: n, What: sec.Name})
			}
		}
		for _, name := range names {
			if s.Patterns[name].MatchString(line) {
				leaks = append(leaks, Leak{File: file, Line: n, What: name})
			}
		}
		if len(leaks) == found && s.Mask != nil && s.Mask(line) != line {
			leaks = append(leaks, Leak{File: file, Line: n, What: MaskLeak})
		}
	}
	return leaks
}

// jsonAttachments decodes every {"mime_type":..., "data": base64} object in
// a JSON document. Undecodable documents or data yield nothing: the raw
// scan already covered the text.
func jsonAttachments(data []byte) [][]byte {
	var doc any
	if json.Unmarshal(data, &doc) != nil {
		return nil
	}
	var out [][]byte
	walkJSON(doc, func(obj map[string]any) {
		if raw, ok := embeddingData(obj); ok {
			if dec, err := base64.StdEncoding.DecodeString(raw); err == nil {
				out = append(out, dec)
			}
		}
	})
	return out
}

func embeddingData(obj map[string]any) (string, bool) {
	_, hasMime := obj["mime_type"]
	raw, isString := obj["data"].(string)
	return raw, hasMime && isString
}

func walkJSON(v any, visit func(map[string]any)) {
	switch t := v.(type) {
	case map[string]any:
		visit(t)
		for _, child := range t {
			walkJSON(child, visit)
		}
	case []any:
		for _, child := range t {
			walkJSON(child, visit)
		}
	}
}
