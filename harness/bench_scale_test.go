package harness

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/scimharness/scimharness/reports"
	"github.com/scimharness/scimharness/sandbox"
)

// BenchmarkSuiteTenantSize runs the whole suite against an empty tenant and
// against one already holding 100k users (created through SCIM, as an IdP
// would have), in the same run, and reports the ratio of the two suite
// times: a scenario must not read what it did not create unless it tests
// listing itself, so the ratio should stay near 1. The slowest scenarios
// at 100k, relative to empty, are logged to show any that scan.
//
//	go test ./harness -run '^$' -bench SuiteTenantSize -benchtime 1x
func BenchmarkSuiteTenantSize(b *testing.B) {
	for b.Loop() {
		empty, emptyRun := suiteAgainst(b, 0)
		full, fullRun := suiteAgainst(b, 100_000)
		b.ReportMetric(empty.Seconds(), "s-empty")
		b.ReportMetric(full.Seconds(), "s-100k")
		b.ReportMetric(full.Seconds()/empty.Seconds(), "ratio-100k/empty")
		logSlowest(b, emptyRun, fullRun)
	}
}

// suiteAgainst starts a sandbox, fills one tenant with users, then times a
// full run of the suite against that tenant as an external target.
func suiteAgainst(b *testing.B, users int) (time.Duration, reports.Run) {
	srv, err := sandbox.Start(sandbox.Options{}, "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	sb := srv.Sandbox()
	tenant, err := sb.CreateTenant("size", "")
	if err != nil {
		b.Fatal(err)
	}
	token, _, err := sb.IssueToken(tenant.ID, time.Time{})
	if err != nil {
		b.Fatal(err)
	}
	h := sb.Handler()
	for i := range users {
		body := fmt.Sprintf(`{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"bystander.%07d@example.com",`+
			`"externalId":"by-%d","active":true,"displayName":"Bystander %d","name":{"givenName":"By","familyName":"Stander"},`+
			`"emails":[{"type":"work","value":"bystander.%07d@example.com"}],"locale":"en-US"}`, i, i, i, i)
		req := httptest.NewRequest(http.MethodPost, "/scim/v2/"+tenant.ID+"/Users", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/scim+json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusCreated {
			b.Fatalf("fill user %d: expected 201, got %d %s", i, rec.Code, rec.Body.String())
		}
	}
	start := time.Now()
	outcome, err := Run(context.Background(), Config{
		Target: Target{BaseURL: srv.TenantURL(tenant.ID), Token: token, AdminURL: srv.AdminURL(), AdminToken: sb.AdminToken()},
		Seed:   1, OutDir: b.TempDir(), Formats: []string{FormatNone}, Stdout: io.Discard,
	})
	took := time.Since(start)
	if err != nil {
		b.Fatal(err)
	}
	if outcome.ExitCode != ExitPassed {
		for _, s := range outcome.Run.Failures() {
			b.Logf("failed at %d users: %s: %s", users, s.Name, s.FailureLine())
		}
		b.Fatalf("expected the suite to pass against a tenant of %d users, got exit %d", users, outcome.ExitCode)
	}
	return took, outcome.Run
}

// logSlowest names the scenarios that took longest at 100k compared with empty.
func logSlowest(b *testing.B, empty, full reports.Run) {
	base := map[string]time.Duration{}
	for _, s := range empty.Scenarios {
		base[s.ID] = s.Duration
	}
	type row struct {
		name  string
		extra time.Duration
	}
	var rows []row
	for _, s := range full.Scenarios {
		rows = append(rows, row{s.Name, s.Duration - base[s.ID]})
	}
	slices.SortFunc(rows, func(a, b row) int { return int(b.extra - a.extra) })
	for _, r := range rows[:min(8, len(rows))] {
		b.Logf("+%s at 100k: %s", r.extra.Round(time.Millisecond), r.name)
	}
}
