package harness

import (
	"fmt"
	"os"
	"regexp"
	"strings"

	"github.com/scimharness/scimharness/reports"
	"github.com/scimharness/scimharness/simulator"
	"github.com/scimharness/scimharness/steps"
)

// LeakError means a report file held a secret. That is a harness bug, not a
// property of the target; the leaking files have been deleted.
type LeakError struct {
	Leaks   []reports.Leak
	Removed []string
}

func (e *LeakError) Error() string {
	lines := make([]string, len(e.Leaks))
	for i, l := range e.Leaks {
		lines[i] = "  " + l.String()
	}
	return fmt.Sprintf("HARNESS BUG: expected no secret in the reports, got %d:\n%s\nremoved %s; please report this",
		len(e.Leaks), strings.Join(lines, "\n"), strings.Join(e.Removed, ", "))
}

// tokenPatterns find tokens nobody registered with the Masker: sandbox
// provisioning tokens (cantara-contract.md section 3: a recognisable prefix)
// and sandbox admin tokens.
var tokenPatterns = map[string]*regexp.Regexp{
	"a provisioning token (" + simulator.TokenPrefix + "...)": regexp.MustCompile(regexp.QuoteMeta(simulator.TokenPrefix) + `[A-Za-z0-9_\-]{16,}`),
	"a sandbox admin token (cnt_adm_...)":                     regexp.MustCompile(`cnt_adm_[A-Za-z0-9_\-]{16,}`),
}

// scanReports fails the run when any report file it wrote holds a secret (a
// target token, anything token-shaped, anything the run's Masker would
// still mask), deleting the files that do so that no CI artefact publishes
// one. Only the run's own files: --out may hold the user's files too.
func scanReports(files []string, t steps.Target, m *simulator.Masker) error {
	sc := reports.Scanner{
		Secrets: []reports.Secret{
			{Name: "SCIM_TOKEN", Value: t.Token},
			{Name: "CANTARA_ADMIN_TOKEN", Value: t.AdminToken},
			{Name: "SCIM_EXPIRED_TOKEN", Value: t.ExpiredToken},
			{Name: "SCIM_REVOKED_TOKEN", Value: t.RevokedToken},
		},
		Patterns: tokenPatterns,
		Mask:     m.Mask,
	}
	leaks, err := sc.ScanFiles(files...)
	if err != nil {
		return err
	}
	if len(leaks) == 0 {
		return nil
	}
	leakErr := &LeakError{Leaks: leaks}
	seen := map[string]bool{}
	for _, l := range leaks {
		if !seen[l.File] {
			seen[l.File] = true
			if os.Remove(l.File) == nil {
				leakErr.Removed = append(leakErr.Removed, l.File)
			}
		}
	}
	return leakErr
}
