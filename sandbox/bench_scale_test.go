package sandbox

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// BenchmarkTenantMemory fills one tenant through the SCIM handler with
// users carrying the full profile (contract section 4: the eight required
// attributes and the work phone) and each in two groups, pushed in member
// batches as IdPs do, then reports the heap in use and the process RSS per
// 100k users, and creates/s. 1M users run only with SCIMHARNESS_BENCH_1M=1
// (about ten minutes on two cores):
//
//	go test ./sandbox -run '^$' -bench TenantMemory -benchtime 1x
func BenchmarkTenantMemory(b *testing.B) {
	sizes := []int{100_000}
	if on, _ := strconv.ParseBool(os.Getenv("SCIMHARNESS_BENCH_1M")); on {
		sizes = append(sizes, 1_000_000)
	}
	for _, n := range sizes {
		b.Run(fmt.Sprintf("users=%dk", n/1000), func(b *testing.B) {
			for b.Loop() {
				fillTenant(b, n)
			}
		})
	}
}

// groupSize is the members per group: n users in two groups each.
const groupSize = 200

func fillTenant(b *testing.B, n int) {
	runtime.GC()
	debug.FreeOSMemory()
	before := heapInUse()
	sb, h, tok := benchEnv(b)
	ids := make([]string, n)
	start, cpu0 := time.Now(), cpuTime()
	for i := range n {
		rec := serveRec(h, "POST", "/scim/v2/bench/Users", tok, fullUserBody(i))
		if rec.Code != http.StatusCreated {
			b.Fatalf("create user %d: expected 201, got %d %s", i, rec.Code, rec.Body.String())
		}
		ids[i] = idOf(rec.Body.String())
	}
	creates, createsCPU := time.Since(start), cpuTime()-cpu0
	groups := max(1, 2*n/groupSize)
	for g := range groups {
		rec := serveRec(h, "POST", "/scim/v2/bench/Groups", tok, fmt.Sprintf(`{"displayName":"Group %d"}`, g))
		if rec.Code != http.StatusCreated {
			b.Fatalf("create group: %d %s", rec.Code, rec.Body.String())
		}
		gid := idOf(rec.Body.String())
		// Users g*groupSize/2 ... in the group: each user lands in two groups.
		first := (g * groupSize / 2) % n
		for batch := 0; batch < groupSize; batch += 100 {
			var vals []string
			for k := batch; k < batch+100 && k < groupSize; k++ {
				vals = append(vals, fmt.Sprintf(`{"value":%q}`, ids[(first+k)%n]))
			}
			body := `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"members","value":[` + strings.Join(vals, ",") + `]}]}`
			if rec := serveRec(h, "PATCH", "/scim/v2/bench/Groups/"+gid, tok, body); rec.Code != http.StatusOK && rec.Code != http.StatusNoContent {
				b.Fatalf("add members: %d %s", rec.Code, rec.Body.String())
			}
		}
	}
	runtime.GC()
	debug.FreeOSMemory()
	heap := heapInUse() - before

	per := float64(100_000) / float64(n)
	b.ReportMetric(float64(heap)/(1<<20)*per, "heapMB/100k-users")
	b.ReportMetric(float64(rss())/(1<<20)*per, "rssMB/100k-users")
	b.ReportMetric(float64(rss())/(1<<20), "rssMB")
	b.ReportMetric(float64(n)/creates.Seconds(), "creates/s")
	// Creates per CPU-second: the figure a busy shared machine cannot skew.
	b.ReportMetric(float64(n)/createsCPU.Seconds(), "creates/cpu-s")
	runtime.KeepAlive(sb)
}

func fullUserBody(i int) string {
	return fmt.Sprintf(`{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"first.last.%07d@example.com",`+
		`"externalId":"%08x-1c2d-4e5f-8a9b-%012x","active":true,"displayName":"First%d Last%d",`+
		`"name":{"givenName":"First%d","familyName":"Last%d"},`+
		`"emails":[{"type":"work","value":"first.last.%07d@example.com","primary":true}],`+
		`"phoneNumbers":[{"type":"work","value":"+1555010%04d"}],"locale":"en-US"}`, i, i, i, i, i, i, i, i, i%10000)
}

func serveRec(h http.Handler, method, target, tok, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "application/scim+json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func idOf(body string) string {
	const key = `"id":"`
	i := strings.Index(body, key)
	if i < 0 {
		return ""
	}
	rest := body[i+len(key):]
	return rest[:strings.IndexByte(rest, '"')]
}

// cpuTime is the user and system CPU this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func heapInUse() uint64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

// rss reads VmRSS from /proc/self/status (Linux); 0 elsewhere.
func rss() uint64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseUint(f[1], 10, 64)
			return kb << 10
		}
	}
	return 0
}
