package simulator

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Defaults for ClientConfig zero values.
const (
	DefaultTimeout      = 30 * time.Second
	DefaultRetries      = 2
	DefaultMaxRetryWait = 5 * time.Second
	DefaultUserAgent    = "scimharness-simulator/1"
	ContentTypeSCIM     = "application/scim+json"
	// maxResponseBody keeps a runaway target from exhausting memory.
	maxResponseBody = 16 << 20
)

// ClientConfig configures NewClient. Zero values take the defaults above.
type ClientConfig struct {
	BaseURL      string // tenant URL, e.g. https://host/scim/v2/<tid>; request paths are appended
	Token        string // bearer token sent unless a Request overrides it
	Timeout      time.Duration
	Retries      int // retries after 429/503; negative → none
	MaxRetryWait time.Duration
	UserAgent    string // sent unless the request sets User-Agent itself
	Masker       *Masker
	Recorder     *Recorder
	HTTPClient   *http.Client
}

// Client is the IdP's HTTP side: bearer auth, SCIM content types, timeouts,
// retries on 429/503 honouring Retry-After, and every exchange recorded
// with secrets masked. Safe for concurrent use.
type Client struct {
	cfg ClientConfig
	hc  *http.Client
}

// Request is one call. Path is relative to the base URL ("/Users/123").
// RawQuery is sent exactly as given so a dialect controls its encoding
// (`+` versus `%20`); Query is encoded by net/url and appended after it.
type Request struct {
	Method   string
	Path     string
	RawQuery string
	Query    url.Values
	// Body: nil → none; []byte / json.RawMessage / string → sent as is;
	// anything else is JSON-encoded (no HTML escaping, no trailing newline).
	Body   any
	Header http.Header // a key present with an empty value suppresses the client default (e.g. Accept)
	// Token overrides the configured token; a pointer to "" sends no
	// Authorization header at all.
	Token *string
	Note  string // recorded on the exchange, e.g. "provision: look-up"
}

// NewClient builds a Client. The Masker learns the configured token at once.
func NewClient(cfg ClientConfig) *Client {
	if cfg.Timeout <= 0 && cfg.HTTPClient != nil {
		// The caller's client carries the run's --timeout; the default
		// would otherwise cut a longer one short.
		cfg.Timeout = cfg.HTTPClient.Timeout
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.Retries == 0 {
		cfg.Retries = DefaultRetries
	}
	if cfg.Retries < 0 {
		cfg.Retries = 0
	}
	if cfg.MaxRetryWait <= 0 {
		cfg.MaxRetryWait = DefaultMaxRetryWait
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = DefaultUserAgent
	}
	if cfg.Masker == nil {
		cfg.Masker = NewMasker()
	}
	if cfg.Recorder == nil {
		cfg.Recorder = NewRecorder(0)
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	cfg.Masker.Add(cfg.Token)
	hc := cfg.HTTPClient
	if hc == nil {
		hc = &http.Client{}
	}
	return &Client{cfg: cfg, hc: hc}
}

// BaseURL is the configured base URL without a trailing slash.
func (c *Client) BaseURL() string { return c.cfg.BaseURL }

// Masker is the masker shared by everything this client records.
func (c *Client) Masker() *Masker { return c.cfg.Masker }

// Recorder is where every exchange goes.
func (c *Client) Recorder() *Recorder { return c.cfg.Recorder }

// WithToken returns a client sharing everything but the token (the token is
// added to the Masker).
func (c *Client) WithToken(token string) *Client {
	cfg := c.cfg
	cfg.Token = token
	cfg.Masker.Add(token)
	return &Client{cfg: cfg, hc: c.hc}
}

// Do sends r, retrying after 429/503, and returns the last exchange. Any
// HTTP answer, whatever its status, is a nil error: judging statuses is the
// caller's business. No answer at all returns an error wrapping
// ErrTransport (and the context's error when it was cancelled).
func (c *Client) Do(ctx context.Context, r Request) (*Exchange, error) {
	body, err := encodeBody(r.Body)
	if err != nil {
		return nil, fmt.Errorf("encode request body: %w", err)
	}
	target := c.cfg.BaseURL + r.Path
	query := r.RawQuery
	if len(r.Query) > 0 {
		if query != "" {
			query += "&"
		}
		query += r.Query.Encode()
	}
	if query != "" {
		target += "?" + query
	}
	method := r.Method
	if method == "" {
		method = http.MethodGet
	}
	for attempt := 1; ; attempt++ {
		ex, err := c.once(ctx, method, target, body, r, attempt)
		if err != nil {
			return ex, err
		}
		if attempt > c.cfg.Retries || (ex.Status != http.StatusTooManyRequests && ex.Status != http.StatusServiceUnavailable) {
			return ex, nil
		}
		wait := retryDelay(ex.ResponseHeader.Get("Retry-After"), attempt, c.cfg.MaxRetryWait, time.Now())
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			// The last answer is real; the caller sees it plus why we stopped.
			return ex, fmt.Errorf("%w: waiting to retry %s %s: %w", ErrTransport, method, c.cfg.Masker.Mask(target), ctx.Err())
		case <-t.C:
		}
	}
}

func (c *Client) once(ctx context.Context, method, target string, body []byte, r Request, attempt int) (*Exchange, error) {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, target, rd)
	if err != nil {
		return nil, fmt.Errorf("build request %s %s: %w", method, c.cfg.Masker.Mask(target), err)
	}
	c.setHeaders(req, r, body != nil)
	ex := &Exchange{
		Method:        method,
		URL:           target,
		RequestHeader: maskedHeader(req.Header, c.cfg.Masker),
		RequestBody:   body,
		Started:       time.Now(),
		Attempt:       attempt,
		Note:          r.Note,
		masker:        c.cfg.Masker,
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		ex.Duration = time.Since(ex.Started)
		ex.Err = err
		c.cfg.Recorder.Record(ex)
		return ex, fmt.Errorf("%w: %s %s: %w", ErrTransport, method, c.cfg.Masker.Mask(target), err)
	}
	defer resp.Body.Close()
	respBody, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBody))
	ex.Duration = time.Since(ex.Started)
	ex.Status = resp.StatusCode
	ex.ResponseHeader = resp.Header.Clone()
	ex.ResponseBody = respBody
	if err != nil {
		ex.Err = err
		c.cfg.Recorder.Record(ex)
		return ex, fmt.Errorf("%w: reading answer to %s %s: %w", ErrTransport, method, c.cfg.Masker.Mask(target), err)
	}
	c.cfg.Recorder.Record(ex)
	return ex, nil
}

// setHeaders applies client defaults, then the request's own headers; a
// request header with an empty value removes the header (net/http then
// omits it, which is how "empty User-Agent" goes on the wire).
func (c *Client) setHeaders(req *http.Request, r Request, hasBody bool) {
	req.Header.Set("User-Agent", c.cfg.UserAgent)
	req.Header.Set("Accept", ContentTypeSCIM)
	if hasBody {
		req.Header.Set("Content-Type", ContentTypeSCIM)
	}
	for name, values := range r.Header {
		if len(values) == 0 || (len(values) == 1 && values[0] == "") {
			req.Header.Del(name)
			if http.CanonicalHeaderKey(name) == "User-Agent" {
				// net/http adds "Go-http-client/1.1" when the key is absent;
				// an explicit empty value makes it send none.
				req.Header["User-Agent"] = []string{""}
			}
			continue
		}
		req.Header[http.CanonicalHeaderKey(name)] = append([]string(nil), values...)
	}
	token := c.cfg.Token
	if r.Token != nil {
		token = *r.Token
		c.cfg.Masker.Add(token) // another tenant's or an expired token is a secret too
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
}

// maskedHeader copies h with the Authorization value masked, so an
// Exchange never holds a usable credential.
func maskedHeader(h http.Header, m *Masker) http.Header {
	out := h.Clone()
	for name, values := range out {
		for i, v := range values {
			out[name][i] = m.MaskHeaderValue(name, v)
		}
	}
	return out
}

func encodeBody(body any) ([]byte, error) {
	switch b := body.(type) {
	case nil:
		return nil, nil
	case []byte:
		return b, nil
	case json.RawMessage:
		return []byte(b), nil
	case string:
		return []byte(b), nil
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(body); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// retryDelay reads Retry-After (delta-seconds or an HTTP date, RFC 9110
// §10.2.3); without one it backs off exponentially from 250ms. Always
// capped so a hostile target cannot stall the run.
func retryDelay(header string, attempt int, max time.Duration, now time.Time) time.Duration {
	var d time.Duration
	header = strings.TrimSpace(header)
	if secs, err := strconv.Atoi(header); err == nil && header != "" {
		d = time.Duration(secs) * time.Second
	} else if at, err := http.ParseTime(header); err == nil {
		d = at.Sub(now)
	} else {
		d = 250 * time.Millisecond << (attempt - 1)
	}
	if d < 0 {
		d = 0
	}
	if d > max {
		d = max
	}
	return d
}
