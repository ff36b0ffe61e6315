package simulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"
)

// maxTranscriptBody is where a transcript cuts a body (issue 3: reports
// stay readable; the full body is still on the Exchange).
const maxTranscriptBody = 8 << 10

// Exchange is one HTTP request and its answer, as the IdP saw it. Bodies are
// kept raw because assertions need them; anything that leaves the process
// (reports, errors, logs) must go through String, which masks secrets.
// RequestHeader never holds the real Authorization value: the client stores
// it masked.
type Exchange struct {
	Method         string
	URL            string
	RequestHeader  http.Header
	RequestBody    []byte
	Status         int
	ResponseHeader http.Header
	ResponseBody   []byte
	Started        time.Time
	Duration       time.Duration
	Err            error  // transport error; Status is 0 then
	Attempt        int    // 1 for the first try, 2+ for retries after 429/503
	Note           string // what the IdP was doing, e.g. "provision: look-up"

	masker *Masker
}

// String is a readable transcript of the exchange with secrets masked:
// request line, headers and body, then status, headers and body.
func (e *Exchange) String() string {
	if e == nil {
		return "(no exchange)"
	}
	var b strings.Builder
	if e.Note != "" {
		fmt.Fprintf(&b, "# %s\n", e.Note)
	}
	fmt.Fprintf(&b, "> %s %s\n", e.Method, e.URL)
	writeHeaders(&b, "> ", e.RequestHeader, e.masker)
	writeBody(&b, "> ", e.RequestBody)
	switch {
	case e.Err != nil:
		fmt.Fprintf(&b, "< transport error after %s: %v\n", e.Duration.Round(time.Millisecond), e.Err)
	default:
		fmt.Fprintf(&b, "< %d %s (%s", e.Status, http.StatusText(e.Status), e.Duration.Round(time.Millisecond))
		if e.Attempt > 1 {
			fmt.Fprintf(&b, ", attempt %d", e.Attempt)
		}
		b.WriteString(")\n")
		writeHeaders(&b, "< ", e.ResponseHeader, e.masker)
		writeBody(&b, "< ", e.ResponseBody)
	}
	return e.masker.Mask(b.String())
}

// Summary is the one-line form: "POST /Users → 201 (12ms)".
func (e *Exchange) Summary() string {
	if e == nil {
		return "(no exchange)"
	}
	if e.Err != nil {
		return e.masker.Mask(fmt.Sprintf("%s %s → transport error: %v", e.Method, e.URL, e.Err))
	}
	return e.masker.Mask(fmt.Sprintf("%s %s → %d (%s)", e.Method, e.URL, e.Status, e.Duration.Round(time.Millisecond)))
}

func writeHeaders(b *strings.Builder, prefix string, h http.Header, m *Masker) {
	names := make([]string, 0, len(h))
	for name := range h {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		for _, v := range h[name] {
			fmt.Fprintf(b, "%s%s: %s\n", prefix, name, m.MaskHeaderValue(name, v))
		}
	}
}

// writeBody pretty-prints JSON bodies (so a reviewer reads them) and cuts
// anything over maxTranscriptBody.
func writeBody(b *strings.Builder, prefix string, body []byte) {
	if len(body) == 0 {
		return
	}
	text := body
	var pretty bytes.Buffer
	if json.Valid(body) && json.Indent(&pretty, body, "", "  ") == nil {
		text = pretty.Bytes()
	}
	cut := 0
	if len(text) > maxTranscriptBody {
		cut = len(text) - maxTranscriptBody
		text = text[:maxTranscriptBody]
	}
	b.WriteString(prefix + "\n")
	for _, line := range strings.Split(string(text), "\n") {
		b.WriteString(prefix)
		b.WriteString(line)
		b.WriteByte('\n')
	}
	if cut > 0 {
		fmt.Fprintf(b, "%s… [%d more bytes truncated]\n", prefix, cut)
	}
}

// Mask runs s through the masker of the client that made the exchange, for
// a report that copies the exchange field by field rather than as String.
func (e *Exchange) Mask(s string) string { return e.masker.Mask(s) }

// MaskHeader masks one header value as the transcript does.
func (e *Exchange) MaskHeader(name, value string) string {
	return e.masker.MaskHeaderValue(name, value)
}
