package harness

import (
	"context"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scimharness/scimharness/features"
	"github.com/scimharness/scimharness/reports"
	"github.com/scimharness/scimharness/sandbox"
)

// rfcFeatureFiles lists the RFC 7643/7644 feature files of the embedded features.
func rfcFeatureFiles(t *testing.T) []string {
	t.Helper()
	var out []string
	err := fs.WalkDir(features.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".feature") &&
			(strings.HasPrefix(p, "rfc7643/") || strings.HasPrefix(p, "rfc7644/")) {
			out = append(out, p)
		}
		return err
	})
	require.NoError(t, err)
	require.NotEmpty(t, out)
	return out
}

// declaresUnsupported matches the scenarios that check what a target
// declaring a capability unsupported must answer.
var declaresUnsupported = regexp.MustCompile(`(?i)declares (\w+) unsupported`)

// TestCapabilitySwitchesGateTheRFCFeatures runs the RFC features against a
// sandbox that honestly lacks one capability (declared unsupported in
// /ServiceProviderConfig and not offered): the scenarios that need it are
// skipped with a reason naming it, the checks for targets that declare it
// unsupported pass, and nothing fails. The sandbox runs as an external
// target because harness.Config has no capability switches of its own.
// Not parallel: godog keeps run state in process environment variables.
func TestCapabilitySwitchesGateTheRFCFeatures(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the RFC features once per capability")
	}
	files := rfcFeatureFiles(t)
	for _, c := range sandbox.KnownCapabilities() {
		t.Run(string(c), func(t *testing.T) {
			srv, err := sandbox.Start(sandbox.Options{Disable: []sandbox.Capability{c}}, "")
			require.NoError(t, err)
			t.Cleanup(func() { _ = srv.Close() })
			tenant, err := srv.Sandbox().CreateTenant("capability "+string(c)+" off", "")
			require.NoError(t, err)
			token, _, err := srv.Sandbox().IssueToken(tenant.ID, srv.Sandbox().Clock().Now().Add(sandbox.MaxTokenTTL))
			require.NoError(t, err)

			var console strings.Builder
			outcome, err := Run(context.Background(), Config{
				Target: Target{BaseURL: srv.TenantURL(tenant.ID), Token: token, AdminURL: srv.AdminURL(), AdminToken: srv.Sandbox().AdminToken()},
				Paths:  files, Seed: 7, OutDir: t.TempDir(), Formats: []string{FormatNone, FormatJUnit}, Stdout: &console,
			})
			require.NoError(t, err, console.String())
			assert.Equal(t, ExitPassed, outcome.ExitCode, "with %s off:\n%s", c, failures(outcome))
			assert.NotContains(t, console.String(), token)

			needTag := "@needs-" + string(c)
			var gated, declared int
			for _, s := range outcome.Run.Scenarios {
				if s.Status == reports.Skipped {
					assert.NotEmpty(t, s.SkipReason, "%s: %q skipped without a reason", s.URI, s.Name)
				}
				if slices.Contains(s.Tags, needTag) {
					gated++
					if assert.Equal(t, reports.Skipped, s.Status, "%s: %q needs %s, which is off", s.URI, s.Name, c) {
						assert.Contains(t, s.SkipReason, string(c), "%s: %q", s.URI, s.Name)
					}
				}
				if m := declaresUnsupported.FindStringSubmatch(s.Name); m != nil && strings.EqualFold(m[1], string(c)) {
					declared++
					assert.Equal(t, reports.Passed, s.Status, "%s: %q: %s", s.URI, s.Name, s.SkipReason+s.Failure)
				}
			}
			assert.Positive(t, gated, "expected scenarios tagged %s", needTag)
			t.Logf("%s off: %d scenarios gated by %s skipped, %d 'declares %s unsupported' checks passed; counts %+v",
				c, gated, needTag, declared, c, outcome.Run.Counts())
		})
	}
}

// TestDeclaresUnsupportedChecksSkipWhenSupported is the control: against
// the full sandbox every "declares X unsupported" check is not applicable
// (neither a pass nor a gap), with a reason saying the target declares X
// supported.
func TestDeclaresUnsupportedChecksSkipWhenSupported(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the RFC error features")
	}
	var console strings.Builder
	outcome, err := Run(context.Background(), Config{
		Paths: []string{"rfc7644/3_12_errors.feature"}, Seed: 7, OutDir: t.TempDir(),
		Formats: []string{FormatNone, FormatJUnit}, Stdout: &console,
	})
	require.NoError(t, err, console.String())
	var n int
	for _, s := range outcome.Run.Scenarios {
		if m := declaresUnsupported.FindStringSubmatch(s.Name); m != nil {
			n++
			assert.Equal(t, reports.NotApplicable, s.Status, "%q", s.Name)
			assert.Contains(t, strings.ToLower(s.SkipReason), strings.ToLower(m[1])+" supported", "%q", s.Name)
		}
	}
	assert.GreaterOrEqual(t, n, 2, "expected the patch and bulk 501 checks")
}
