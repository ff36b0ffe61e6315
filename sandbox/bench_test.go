package sandbox

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

func benchEnv(b *testing.B) (*Sandbox, http.Handler, string) {
	sb, err := New(Options{AdminToken: "admin-secret"})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := sb.CreateTenant("Bench", "bench"); err != nil {
		b.Fatal(err)
	}
	tok, _, err := sb.IssueToken("bench", time.Time{})
	if err != nil {
		b.Fatal(err)
	}
	return sb, sb.Handler(), tok
}

func benchUserBody(i int) string {
	return fmt.Sprintf(`{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"user%07d@example.com",`+
		`"externalId":"ext-%d","active":true,"displayName":"User %d","name":{"givenName":"Given","familyName":"Family"},`+
		`"emails":[{"type":"work","value":"user%07d@example.com","primary":true}],"locale":"en-US"}`, i, i, i, i)
}

func serve(b *testing.B, h http.Handler, method, target, tok, body string, want int) {
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "application/scim+json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != want {
		b.Fatalf("expected %d, got %d %s", want, rec.Code, rec.Body.String())
	}
}

// BenchmarkCreateUser: full POST /Users through the HTTP handler.
func BenchmarkCreateUser(b *testing.B) {
	_, h, tok := benchEnv(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		serve(b, h, "POST", "/scim/v2/bench/Users", tok, benchUserBody(i), http.StatusCreated)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "creates/s")
}

// BenchmarkFilter: GET /Users?filter=... in tenants of 1k and 100k users.
// An indexed userName look-up should cost about the same at both sizes (the
// ratio is the figure to read, since the machine is shared); the unindexed
// displayName "sw" filter at 100k shows what a scan costs for comparison.
func BenchmarkFilter(b *testing.B) {
	cases := []struct {
		name   string
		users  int
		filter func(i, n int) string
	}{
		{"userName-eq/1k", 1_000, userNameFilter},
		{"userName-eq/100k", 100_000, userNameFilter},
		{"displayName-sw-scan/100k", 100_000, func(i, n int) string {
			return fmt.Sprintf(`displayName sw "User %d"`, (i*7919)%n)
		}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			sb, h, tok := benchEnv(b)
			seedUsers(b, sb, c.users)
			targets := make([]string, 1024)
			for i := range targets {
				targets[i] = "/scim/v2/bench/Users?filter=" + url.QueryEscape(c.filter(i, c.users))
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				serve(b, h, "GET", targets[i%len(targets)], tok, "", http.StatusOK)
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/filter")
		})
	}
}

func userNameFilter(i, n int) string {
	return fmt.Sprintf(`userName eq "USER%07d@example.com"`, (i*7919)%n)
}

// seedUsers fills the bench tenant through the store (the same path POST
// takes, minus HTTP) to keep set-up short.
func seedUsers(b *testing.B, sb *Sandbox, n int) {
	b.Helper()
	err := sb.store.Update("bench", func(tx Tx) error {
		for i := range n {
			u := map[string]any{"id": newID(), "userName": fmt.Sprintf("user%07d@example.com", i),
				"externalId": fmt.Sprint("ext-", i), "displayName": fmt.Sprint("User ", i), "active": true,
				"meta": newMeta("User", time.Now())}
			if err := tx.Put(KindUser, u); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

// BenchmarkSortedPage: GET /Users?sortBy=userName&startIndex=…&count=10 in
// tenants of 1k and 100k users, pages spread over the directory, both
// orders. Answered from the name index, a page should cost about the same
// at both sizes; before it, every user was decoded and sorted per page.
func BenchmarkSortedPage(b *testing.B) {
	for _, users := range []int{1_000, 100_000} {
		b.Run(fmt.Sprintf("%dk", users/1000), func(b *testing.B) {
			sb, h, tok := benchEnv(b)
			seedUsers(b, sb, users)
			targets := make([]string, 1024)
			for i := range targets {
				order := []string{"ascending", "descending"}[i%2]
				targets[i] = fmt.Sprintf("/scim/v2/bench/Users?sortBy=userName&sortOrder=%s&count=10&startIndex=%d", order, 1+(i*7919)%users)
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				serve(b, h, "GET", targets[i%len(targets)], tok, "", http.StatusOK)
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/page")
		})
	}
}
