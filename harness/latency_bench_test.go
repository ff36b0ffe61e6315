package harness

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/scimharness/scimharness/admin"
	"github.com/scimharness/scimharness/simulator"
)

// benchLatency is what the proxy adds to every round trip: a target in
// another region.
const benchLatency = 50 * time.Millisecond

// BenchmarkSuiteLatency runs the full suite against a long-lived sandbox
// behind a proxy that adds benchLatency to every request, sequentially,
// at DefaultConcurrency and at twice that, and reports each run's seconds
// and the speed-up over the sequential run measured in the same benchmark.
// It also runs the suite without the proxy at DefaultConcurrency: when that
// is a small fraction of the proxied time, the latency, not the sandbox,
// is what the run waits on. Every run must pass.
//
//	go test -run '^$' -bench BenchmarkSuiteLatency -benchtime 1x ./harness/
func BenchmarkSuiteLatency(b *testing.B) {
	l := startLiveSandbox(b)
	expired, revoked := userSuppliedTokens(b, l)
	p := startProxy(b, l.srv.URL, benchLatency, nil)
	far := l.targetAt(p.URL)
	near := l.target
	for _, t := range []*Target{&far, &near} {
		t.ExpiredToken, t.RevokedToken = expired, revoked
	}
	runs := []struct {
		unit        string
		target      Target
		concurrency int
	}{
		{"s-sequential/op", far, 1},
		{"s-default/op", far, DefaultConcurrency},
		{"s-double/op", far, 2 * DefaultConcurrency},
		{"s-no-latency/op", near, DefaultConcurrency},
	}
	took := make([]time.Duration, len(runs))
	requests := 0
	for b.Loop() {
		for i, r := range runs {
			before := p.requests()
			start := time.Now()
			outcome, err := Run(context.Background(), Config{
				Target: r.target, OutDir: b.TempDir(), Seed: 20261203, Stdout: io.Discard,
				Formats: []string{FormatNone}, Concurrency: r.concurrency,
			})
			took[i] += time.Since(start)
			require.NoError(b, err)
			require.Equal(b, ExitPassed, outcome.ExitCode, failures(outcome))
			if r.concurrency == 1 {
				requests = p.requests() - before
			}
		}
	}
	for i, r := range runs {
		b.ReportMetric(took[i].Seconds()/float64(b.N), r.unit)
	}
	b.ReportMetric(took[0].Seconds()/took[1].Seconds(), "x-speedup-default")
	b.ReportMetric(took[0].Seconds()/took[2].Seconds(), "x-speedup-double")
	b.ReportMetric(float64(requests), "requests/run")
}

// userSuppliedTokens plays the user who let one token expire and deleted
// another (SCIM_EXPIRED_TOKEN, SCIM_REVOKED_TOKEN), so that no scenario is
// skipped for want of them.
func userSuppliedTokens(b *testing.B, l *liveSandbox) (expired, revoked string) {
	b.Helper()
	sb := l.srv.Sandbox()
	revoked, info, err := sb.IssueToken(l.tenant, time.Time{})
	require.NoError(b, err)
	ac := admin.New(l.srv.AdminURL(), sb.AdminToken(), nil, simulator.NewMasker(sb.AdminToken()))
	require.NoError(b, ac.DeleteToken(context.Background(), l.tenant, info.ID))
	expired, _, err = sb.IssueToken(l.tenant, sb.Clock().Now().Add(time.Minute))
	require.NoError(b, err)
	sb.Clock().Advance(2 * time.Minute)
	return expired, revoked
}
