package load

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/scimharness/scimharness/harness"
	"github.com/scimharness/scimharness/simulator"
)

// BenchmarkLoadVersusBare measures, in one run on one machine, what a bare
// net/http server with a map store takes in SCIM-sized creates over
// loopback, and what `load` sustains against the embedded sandbox when
// asked for that same rate; it reports both rates and their ratio.
//
//	go test ./load -run '^$' -bench LoadVersusBare -benchtime 1x
func BenchmarkLoadVersusBare(b *testing.B) {
	const window = 5 * time.Second
	const workers = 64
	for b.Loop() {
		cpu0 := cpuTime()
		bare := bareCreateRate(b, window, workers)
		bareCPU := cpuTime() - cpu0
		ep, err := harness.OpenEndpoint(context.Background(), harness.Target{}, harness.Transport{}, simulator.NewMasker())
		if err != nil {
			b.Fatal(err)
		}
		profile, err := simulator.DefaultProfile()
		if err != nil {
			b.Fatal(err)
		}
		cpu1 := cpuTime()
		r, err := Run(context.Background(), Config{
			BaseURL: ep.BaseURL, Token: ep.Token, HTTPClient: ep.Client, Dialect: simulator.Entra(), Profile: profile,
			Rate: bare, Duration: window, Users: 20_000, Concurrency: workers, Seed: 3,
		})
		loadCPU := cpuTime() - cpu1
		ep.Close(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(bare, "bare-creates/s")
		b.ReportMetric(r.Achieved, "load-requests/s")
		b.ReportMetric(r.Achieved/bare, "load/bare")
		// On a shared machine the wall-clock rates follow the CPU this
		// process got; requests per CPU-second of the process (client and
		// server both run here) compare the two sides independently of it.
		bareReqs := bare * window.Seconds()
		perCPU := func(n float64, d time.Duration) float64 { return n / max(d.Seconds(), 1e-9) }
		b.ReportMetric(perCPU(bareReqs, bareCPU), "bare-creates/cpu-s")
		loadReqs := float64(r.Summary.Requests + r.Cleanup.Requests) // the cleanup's CPU is in loadCPU too
		b.ReportMetric(perCPU(loadReqs, loadCPU), "load-requests/cpu-s")
		b.ReportMetric(perCPU(loadReqs, loadCPU)/perCPU(bareReqs, bareCPU), "load/bare-per-cpu")
		for _, o := range r.Summary.Ops {
			if o.Name == "create POST" {
				b.ReportMetric(float64(o.P50.Microseconds())/1000, "create-service-p50-ms")
			}
		}
		b.ReportMetric(float64(r.ScheduleLag.P50.Microseconds())/1000, "schedule-lag-p50-ms")
		var out bytes.Buffer
		Write(&out, r)
		b.Log(out.String())
	}
}

// cpuTime is the user and system CPU this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// bareCreateRate serves POSTs with a mutex-guarded map on loopback and
// drives it with workers clients for window: the machine's ceiling for a
// SCIM-sized create with no SCIM logic at all.
func bareCreateRate(b *testing.B, window time.Duration, workers int) float64 {
	var mu sync.Mutex
	store := map[string]map[string]any{}
	var seq atomic.Int64
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var doc map[string]any
		if err := json.NewDecoder(r.Body).Decode(&doc); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		id := fmt.Sprint(seq.Add(1))
		doc["id"] = id
		mu.Lock()
		store[id] = doc
		mu.Unlock()
		w.Header().Set("Content-Type", simulator.ContentTypeSCIM)
		w.WriteHeader(http.StatusCreated)
		_ = json.NewEncoder(w).Encode(doc)
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	srv := &http.Server{Handler: h}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()

	profile, err := simulator.DefaultProfile()
	if err != nil {
		b.Fatal(err)
	}
	idp := simulator.NewIdP(nil, simulator.Entra(), profile, nil)
	dir := simulator.NewDirectory(1)
	body, _ := json.Marshal(idp.UserBody(dir.NewUser()))
	tr := &http.Transport{MaxIdleConnsPerHost: workers, MaxIdleConns: workers}
	hc := &http.Client{Transport: tr}
	url := "http://" + ln.Addr().String() + "/Users"
	var done atomic.Int64
	deadline := time.Now().Add(window)
	var wg sync.WaitGroup
	start := time.Now()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(deadline) {
				req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
				req.Header.Set("Content-Type", simulator.ContentTypeSCIM)
				resp, err := hc.Do(req)
				if err != nil {
					continue
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode == http.StatusCreated {
					done.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	tr.CloseIdleConnections()
	return float64(done.Load()) / time.Since(start).Seconds()
}
