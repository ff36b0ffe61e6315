package harness

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/scimharness/scimharness/reports"
	"github.com/scimharness/scimharness/sandbox"
)

// BenchmarkSuiteTenantSize runs the whole suite against an empty tenant and
// against one already holding 100k users (created through SCIM, as an IdP
// would have), both tenants of one sandbox as a Cantara server hosts many,
// and reports the ratio of the two suite times: a scenario must not read
// what it did not create unless it tests listing itself, so the ratio
// should stay near 1. The suites alternate, empty then full, three times,
// and the medians are compared: one sub-second suite on a shared machine
// is too noisy to judge alone. The slowest scenarios at 100k, relative to
// empty, are logged to show any that scan.
//
//	go test ./harness -run '^$' -bench SuiteTenantSize -benchtime 1x
//
// SCIMHARNESS_BENCH_CONCURRENCY=1 runs the suites one scenario at a time.
func BenchmarkSuiteTenantSize(b *testing.B) {
	const rounds = 3
	for b.Loop() {
		srv, err := sandbox.Start(sandbox.Options{}, "127.0.0.1:0")
		if err != nil {
			b.Fatal(err)
		}
		emptyT := newBenchTenant(b, srv, "empty", 0)
		fullT := newBenchTenant(b, srv, "size", 100_000)
		var empties, fulls []time.Duration
		var emptyRun, fullRun reports.Run
		for range rounds {
			var d time.Duration
			d, emptyRun = emptyT.suite(b)
			empties = append(empties, d)
			d, fullRun = fullT.suite(b)
			fulls = append(fulls, d)
		}
		srv.Close()
		empty, full := median(empties), median(fulls)
		b.ReportMetric(empty.Seconds(), "s-empty")
		b.ReportMetric(full.Seconds(), "s-100k")
		b.ReportMetric(full.Seconds()/empty.Seconds(), "ratio-100k/empty")
		b.Logf("suite times, empty: %v; 100k: %v", empties, fulls)
		logSlowest(b, emptyRun, fullRun)
	}
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

// benchTenant is one tenant of the benchmark's sandbox, reached as an
// external target.
type benchTenant struct {
	users  int
	target Target
}

// newBenchTenant creates a tenant and fills it with users through SCIM.
func newBenchTenant(b *testing.B, srv *sandbox.Server, name string, users int) benchTenant {
	sb := srv.Sandbox()
	tenant, err := sb.CreateTenant(name, "")
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
	return benchTenant{users: users, target: Target{BaseURL: srv.TenantURL(tenant.ID), Token: token, AdminURL: srv.AdminURL(), AdminToken: sb.AdminToken()}}
}

// suite times one full run of the suite against the tenant.
func (t benchTenant) suite(b *testing.B) (time.Duration, reports.Run) {
	start := time.Now()
	outcome, err := Run(context.Background(), Config{
		Target: t.target, Seed: 1, OutDir: b.TempDir(), Formats: []string{FormatNone}, Stdout: io.Discard,
		Concurrency: benchConcurrency(),
	})
	took := time.Since(start)
	if err != nil {
		b.Fatal(err)
	}
	if outcome.ExitCode != ExitPassed {
		for _, s := range outcome.Run.Failures() {
			b.Logf("failed at %d users: %s: %s", t.users, s.Name, s.FailureLine())
		}
		b.Fatalf("expected the suite to pass against a tenant of %d users, got exit %d", t.users, outcome.ExitCode)
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

// benchConcurrency is SCIMHARNESS_BENCH_CONCURRENCY, else the default: 1
// shows which scenarios themselves grow with the tenant, undisturbed by
// the others.
func benchConcurrency() int {
	n, _ := strconv.Atoi(os.Getenv("SCIMHARNESS_BENCH_CONCURRENCY"))
	return n
}
