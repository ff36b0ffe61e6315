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

// BenchmarkFilterUserName100k: GET /Users?filter=userName eq "x" in a
// tenant of 100k users; the index answers it without a scan.
func BenchmarkFilterUserName100k(b *testing.B) {
	const n = 100_000
	sb, h, tok := benchEnv(b)
	// Seed through the store (the same path POST takes, minus HTTP) to keep setup short.
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
	targets := make([]string, 1024)
	for i := range targets {
		targets[i] = "/scim/v2/bench/Users?filter=" + url.QueryEscape(fmt.Sprintf(`userName eq "USER%07d@example.com"`, (i*7919)%n))
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		serve(b, h, "GET", targets[i%len(targets)], tok, "", http.StatusOK)
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/filter")
}
