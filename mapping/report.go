package mapping

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
)

// JSONFile is the check's result file in the report directory.
const JSONFile = "mapping.json"

// TextFile is the console report, kept beside the run's other reports.
const TextFile = "mapping.txt"

// maxProblemLines caps the per-user lines of one attribute on the console
// (mapping.json holds every cell).
const maxProblemLines = 5

// WriteText prints the report a customer reads: the mapping, what Cantara
// requires, the findings, the dry run per attribute and per user, the verdict.
func WriteText(w io.Writer, r *Result) error {
	ew := &errWriter{w: w}
	ew.printf("mapping check: %s — %s, %d rows; sent in the %s dialect\n", r.Mapping.File, formatTitle(r.Mapping.Format), r.Mapping.Rows, r.Mapping.Dialect)
	if r.Target != "" {
		ew.printf("target: %s\n", r.Target)
	}
	required := 0
	for _, q := range r.Requirements {
		if q.Required {
			required++
		}
	}
	ew.printf("what Cantara requires: %d attributes (from the target, not from your file)", required)
	if r.RequirementsNote != "" {
		ew.printf("; %s", r.RequirementsNote)
	}
	ew.printf("\n\n")
	if len(r.Findings) == 0 {
		ew.printf("findings: none\n")
	} else {
		ew.printf("findings:\n")
		for _, f := range r.Findings {
			who := map[Blame]string{BlameMapping: "your mapping", BlameCantara: "Cantara's fault", BlameHarness: "no verdict"}[f.Blame]
			ew.printf("  %-7s [%s, %s] %s\n", strings.ToUpper(string(f.Severity)), f.Code, who, f.Message)
			ew.printf("          why: %s\n          fix: %s\n", f.Why, f.Fix)
		}
	}
	if dr := r.DryRun; dr != nil {
		shown := "SCIM and the admin API (what the Cantara account shows)"
		if !dr.AdminChecked {
			shown = "SCIM only (no admin API: what the Cantara account shows is not checked)"
		}
		ew.printf("\ndry run: %d users, %s; provisioned in the %s dialect, read back through %s\n", dr.Users, dr.UsersFrom, r.Mapping.Dialect, shown)
		tw := tabwriter.NewWriter(ew, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "  attribute\tsent\tstored\tshown\tok\tverdicts")
		for _, a := range r.attributeOutcomes() {
			vs := make([]string, len(a.Verdicts))
			for i, v := range a.Verdicts {
				vs[i] = fmt.Sprintf("%d %s", v.Count, v.Verdict)
			}
			fmt.Fprintf(tw, "  %s\t%d/%d\t%d/%d\t%d/%d\t%d/%d\t%s\n", a.Attribute, a.Sent, a.Users, a.Stored, a.Users, a.Shown, a.Users, a.OK, a.Users, strings.Join(vs, ", "))
		}
		_ = tw.Flush()
		groups := byAttribute(dr)
		problems := false
		for _, q := range r.Requirements {
			g := groups[q.SCIM]
			var bad []Cell
			for _, c := range dr.Cells {
				if c.Attribute == q.SCIM && c.Verdict != VerdictOK {
					bad = append(bad, c)
				}
			}
			if len(bad) == 0 || len(g[VerdictNotMapped]) == len(bad) {
				continue // all fine, or "not mapped" for everyone: the finding says it
			}
			if !problems {
				ew.printf("\nper user (source → sent → SCIM stored → Cantara shows: verdict):\n")
				problems = true
			}
			for _, c := range bad[:min(maxProblemLines, len(bad))] {
				ew.printf("  %s  %s: %s → %s → %s → %s: %s\n", c.User, c.Attribute, c.Source, valueText(c.Sent), valueText(c.Stored), valueText(c.Shown), verdictText(c))
			}
			if len(bad) > maxProblemLines {
				ew.printf("  ... and %d more for %s (all in %s)\n", len(bad)-maxProblemLines, q.SCIM, JSONFile)
			}
		}
		if len(r.Sentences) > 0 {
			ew.printf("\n")
			for _, s := range r.Sentences {
				ew.printf("  %s\n", s)
			}
		}
		ew.printf("\ncleanup: removed %d user(s) the check created", dr.Removed)
		if len(dr.Cleanup) > 0 {
			ew.printf("; could not remove %d: %s", len(dr.Cleanup), strings.Join(dr.Cleanup, "; "))
		}
		ew.printf("\n")
	}
	ew.printf("\n%s\n", r.Summary)
	return ew.err
}

func verdictText(c Cell) string {
	s := c.Verdict
	switch c.Blame {
	case BlameMapping:
		s += " (your mapping)"
	case BlameCantara:
		s += " (Cantara's fault)"
	case BlameHarness:
		s += " (no verdict)"
	}
	if c.Detail != "" {
		s += ": " + c.Detail
	}
	return s
}

func valueText(s *string) string {
	if s == nil {
		return "(nothing)"
	}
	return fmt.Sprintf("%q", *s)
}

func formatTitle(f Format) string {
	switch f {
	case FormatEntra:
		return "Entra ID synchronization schema"
	case FormatOkta:
		return "Okta profile mapping"
	case FormatTable:
		return "mapping table"
	case FormatProfile:
		return "scimharness profile with sources"
	}
	return string(f)
}

// WriteFiles writes mapping.json and mapping.txt into dir and returns their paths.
func WriteFiles(dir string, r *Result) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create the report directory: %w", err)
	}
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode %s: %w", JSONFile, err)
	}
	jsonPath := filepath.Join(dir, JSONFile)
	if err := os.WriteFile(jsonPath, append(data, '\n'), 0o644); err != nil {
		return nil, fmt.Errorf("write %s: %w", jsonPath, err)
	}
	var b strings.Builder
	_ = WriteText(&b, r)
	textPath := filepath.Join(dir, TextFile)
	if err := os.WriteFile(textPath, []byte(b.String()), 0o644); err != nil {
		return []string{jsonPath}, fmt.Errorf("write %s: %w", textPath, err)
	}
	return []string{jsonPath, textPath}, nil
}

// errWriter keeps the first write error, so the report code stays linear.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

func (e *errWriter) printf(format string, args ...any) { fmt.Fprintf(e, format, args...) }
