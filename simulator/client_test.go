package simulator

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type seen struct {
	method, uri, body string
	header            http.Header
}

func echoServer(t *testing.T, got *seen, status int) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		*got = seen{method: r.Method, uri: r.URL.RequestURI(), body: string(b), header: r.Header.Clone()}
		w.WriteHeader(status)
		_, _ = w.Write([]byte(`{"ok":true}`))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func strPtr(s string) *string { return &s }

func TestClientRequestShape(t *testing.T) {
	const token = "cnt_pt_clientTestTokenClientTestToken0123456"
	tests := []struct {
		name      string
		req       Request
		wantURI   string
		wantBody  string
		wantAuth  string
		wantCT    string
		wantAcc   string
		wantUA    string
		uaPresent bool
	}{
		{
			name: "defaults", req: Request{Method: "GET", Path: "/Users"},
			wantURI: "/scim/v2/t/Users", wantAuth: "Bearer " + token, wantAcc: ContentTypeSCIM, wantUA: DefaultUserAgent, uaPresent: true,
		},
		{
			name:    "raw query sent as given",
			req:     Request{Path: "/Users", RawQuery: `filter=userName+eq+"a@b.c"`},
			wantURI: `/scim/v2/t/Users?filter=userName+eq+"a@b.c"`, wantAuth: "Bearer " + token, wantAcc: ContentTypeSCIM, wantUA: DefaultUserAgent, uaPresent: true,
		},
		{
			name:    "raw query then encoded query",
			req:     Request{Path: "/Users", RawQuery: "filter=x%20eq%20y", Query: map[string][]string{"count": {"2"}}},
			wantURI: "/scim/v2/t/Users?filter=x%20eq%20y&count=2", wantAuth: "Bearer " + token, wantAcc: ContentTypeSCIM, wantUA: DefaultUserAgent, uaPresent: true,
		},
		{
			name:    "struct body is JSON without HTML escaping",
			req:     Request{Method: "POST", Path: "/Users", Body: map[string]any{"a": "<&>"}},
			wantURI: "/scim/v2/t/Users", wantBody: `{"a":"<&>"}`, wantAuth: "Bearer " + token, wantCT: ContentTypeSCIM, wantAcc: ContentTypeSCIM, wantUA: DefaultUserAgent, uaPresent: true,
		},
		{
			name:    "bytes sent as is; headers override defaults",
			req:     Request{Method: "PUT", Path: "/Users/1", Body: []byte("{ }"), Header: http.Header{"Content-Type": {"application/json"}, "User-Agent": {"Okta SCIM Client 1.0.0"}}},
			wantURI: "/scim/v2/t/Users/1", wantBody: "{ }", wantAuth: "Bearer " + token, wantCT: "application/json", wantAcc: ContentTypeSCIM, wantUA: "Okta SCIM Client 1.0.0", uaPresent: true,
		},
		{
			name:    "empty header values suppress defaults",
			req:     Request{Path: "/Users", Header: http.Header{"Accept": {""}, "User-Agent": {""}}},
			wantURI: "/scim/v2/t/Users", wantAuth: "Bearer " + token,
		},
		{
			name:    "token override",
			req:     Request{Path: "/Users", Token: strPtr("other-token-123")},
			wantURI: "/scim/v2/t/Users", wantAuth: "Bearer other-token-123", wantAcc: ContentTypeSCIM, wantUA: DefaultUserAgent, uaPresent: true,
		},
		{
			name:    "empty token override sends no Authorization",
			req:     Request{Path: "/Users", Token: strPtr("")},
			wantURI: "/scim/v2/t/Users", wantAcc: ContentTypeSCIM, wantUA: DefaultUserAgent, uaPresent: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got seen
			srv := echoServer(t, &got, 200)
			c := NewClient(ClientConfig{BaseURL: srv.URL + "/scim/v2/t/", Token: token})
			ex, err := c.Do(context.Background(), tt.req)
			require.NoError(t, err)
			assert.Equal(t, 200, ex.Status)
			assert.Equal(t, tt.wantURI, got.uri)
			assert.Equal(t, tt.wantBody, got.body)
			assert.Equal(t, tt.wantAuth, got.header.Get("Authorization"))
			assert.Equal(t, tt.wantCT, got.header.Get("Content-Type"))
			assert.Equal(t, tt.wantAcc, got.header.Get("Accept"))
			_, uaPresent := got.header["User-Agent"]
			assert.Equal(t, tt.uaPresent, uaPresent)
			assert.Equal(t, tt.wantUA, got.header.Get("User-Agent"))
			assert.NotContains(t, ex.RequestHeader.Get("Authorization"), "cnt_pt_clientTest", "the exchange never holds the real credential")
			assert.NotContains(t, ex.String(), token)
			assert.Equal(t, []*Exchange{ex}, c.Recorder().Exchanges())
		})
	}
}

func TestClientRetries(t *testing.T) {
	tests := []struct {
		name       string
		answers    []int
		retryAfter string
		retries    int
		wantStatus int
		wantCalls  int32
	}{
		{"429 then success", []int{429, 200}, "1", 2, 200, 2},
		{"503 twice then success", []int{503, 503, 201}, "", 2, 201, 3},
		{"retries exhausted returns the last answer", []int{503, 503, 503, 503}, "0", 2, 503, 3},
		{"no retries configured", []int{429, 200}, "", -1, 429, 1},
		{"other errors are not retried", []int{500, 200}, "", 2, 500, 1},
		{"http-date retry-after", []int{429, 200}, time.Now().Add(time.Hour).UTC().Format(http.TimeFormat), 2, 200, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n := calls.Add(1)
				if tt.retryAfter != "" {
					w.Header().Set("Retry-After", tt.retryAfter)
				}
				w.WriteHeader(tt.answers[n-1])
			}))
			defer srv.Close()
			c := NewClient(ClientConfig{BaseURL: srv.URL, Retries: tt.retries, MaxRetryWait: 20 * time.Millisecond})
			start := time.Now()
			ex, err := c.Do(context.Background(), Request{Path: "/Users"})
			require.NoError(t, err)
			assert.Equal(t, tt.wantStatus, ex.Status)
			assert.Equal(t, tt.wantCalls, calls.Load())
			assert.Equal(t, int(tt.wantCalls), ex.Attempt)
			assert.Len(t, c.Recorder().Exchanges(), int(tt.wantCalls), "every attempt is recorded")
			assert.Less(t, time.Since(start), 2*time.Second, "Retry-After is capped")
		})
	}
}

func TestClientRetryHonoursContext(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "30")
		w.WriteHeader(429)
	}))
	defer srv.Close()
	c := NewClient(ClientConfig{BaseURL: srv.URL, MaxRetryWait: time.Minute})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	ex, err := c.Do(ctx, Request{Path: "/Users"})
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrTransport)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Equal(t, 429, ex.Status, "the last real answer is kept")
}

func TestClientTransportError(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	base := srv.URL
	srv.Close()
	c := NewClient(ClientConfig{BaseURL: base, Timeout: time.Second})
	ex, err := c.Do(context.Background(), Request{Path: "/Users"})
	require.Error(t, err)
	assert.True(t, errors.Is(err, ErrTransport))
	require.NotNil(t, ex)
	assert.Error(t, ex.Err)
	assert.Len(t, c.Recorder().Exchanges(), 1)
}

func TestClientTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	c := NewClient(ClientConfig{BaseURL: srv.URL, Timeout: 50 * time.Millisecond})
	_, err := c.Do(context.Background(), Request{Path: "/Users"})
	assert.ErrorIs(t, err, ErrTransport)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
}

func TestClientTimeoutDefaultsToTheHTTPClients(t *testing.T) {
	tests := []struct {
		name string
		cfg  ClientConfig
		want time.Duration
	}{
		{"no client", ClientConfig{}, DefaultTimeout},
		{"client without timeout", ClientConfig{HTTPClient: &http.Client{}}, DefaultTimeout},
		{"client's timeout, longer than the default", ClientConfig{HTTPClient: &http.Client{Timeout: 90 * time.Second}}, 90 * time.Second},
		{"explicit timeout wins", ClientConfig{HTTPClient: &http.Client{Timeout: 90 * time.Second}, Timeout: time.Second}, time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, NewClient(tt.cfg).cfg.Timeout)
		})
	}
}

func TestRetryDelay(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name    string
		header  string
		attempt int
		want    time.Duration
	}{
		{"seconds", "2", 1, 2 * time.Second},
		{"capped", "3600", 1, 5 * time.Second},
		{"http date", now.Add(3 * time.Second).Format(http.TimeFormat), 1, 3 * time.Second},
		{"date in the past", now.Add(-time.Hour).Format(http.TimeFormat), 1, 0},
		{"negative seconds", "-5", 1, 0},
		{"no header backs off", "", 1, 250 * time.Millisecond},
		{"no header second retry", "", 2, 500 * time.Millisecond},
		{"garbage backs off", "soon", 3, time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, retryDelay(tt.header, tt.attempt, 5*time.Second, now))
		})
	}
}

func TestStatusErrorMessage(t *testing.T) {
	ex := &Exchange{Status: 409, ResponseBody: []byte(`{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"409","scimType":"uniqueness","detail":"userName taken"}`)}
	tests := []struct {
		name string
		err  *StatusError
		want string
	}{
		{"one code with detail", &StatusError{Exchange: ex, Expected: []int{201}}, "expected 201, got 409 (uniqueness: userName taken)"},
		{"several codes and context", &StatusError{Exchange: &Exchange{Status: 404}, Expected: []int{200, 204}, Context: "add members"}, "add members: expected 200 or 204, got 404"},
		{"admin error shape", &StatusError{Exchange: &Exchange{Status: 400, ResponseBody: []byte(`{"error":"invalid_expiry","detail":"too far"}`)}, Expected: []int{201}}, "expected 201, got 400 (invalid_expiry: too far)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.err.Error())
		})
	}
}
