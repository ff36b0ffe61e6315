package reports

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"time"
)

// HARFile is the HAR export of every exchange of the run.
const HARFile = "exchanges.har"

// HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/), the fields a
// viewer needs. Custom fields start with "_", as the spec asks.
type (
	harDoc struct {
		Log harLog `json:"log"`
	}
	harLog struct {
		Version string     `json:"version"`
		Creator harCreator `json:"creator"`
		Entries []harEntry `json:"entries"`
		Comment string     `json:"comment,omitempty"`
	}
	harCreator struct {
		Name    string `json:"name"`
		Version string `json:"version"`
	}
	harEntry struct {
		StartedDateTime string      `json:"startedDateTime"`
		Time            float64     `json:"time"`
		Request         harRequest  `json:"request"`
		Response        harResponse `json:"response"`
		Cache           struct{}    `json:"cache"`
		Timings         harTimings  `json:"timings"`
		Comment         string      `json:"comment"`
		Error           string      `json:"_error,omitempty"`
	}
	harRequest struct {
		Method      string      `json:"method"`
		URL         string      `json:"url"`
		HTTPVersion string      `json:"httpVersion"`
		Cookies     []harNV     `json:"cookies"`
		Headers     []harNV     `json:"headers"`
		QueryString []harNV     `json:"queryString"`
		PostData    *harPayload `json:"postData,omitempty"`
		HeadersSize int         `json:"headersSize"`
		BodySize    int         `json:"bodySize"`
	}
	harResponse struct {
		Status      int        `json:"status"`
		StatusText  string     `json:"statusText"`
		HTTPVersion string     `json:"httpVersion"`
		Cookies     []harNV    `json:"cookies"`
		Headers     []harNV    `json:"headers"`
		Content     harContent `json:"content"`
		RedirectURL string     `json:"redirectURL"`
		HeadersSize int        `json:"headersSize"`
		BodySize    int        `json:"bodySize"`
	}
	harNV struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	}
	harPayload struct {
		MimeType string  `json:"mimeType"`
		Params   []harNV `json:"params"`
		Text     string  `json:"text"`
	}
	harContent struct {
		Size     int    `json:"size"`
		MimeType string `json:"mimeType"`
		Text     string `json:"text,omitempty"`
	}
	harTimings struct {
		Send    float64 `json:"send"`
		Wait    float64 `json:"wait"`
		Receive float64 `json:"receive"`
	}
)

// WriteHAR writes every exchange of the run as HAR 1.2, in run order, each
// entry's comment naming the scenario (its stable id and title) and what
// the IdP was doing. The exchanges are masked already; nothing is added
// that the model does not hold.
func WriteHAR(w io.Writer, r Run) error {
	doc := harDoc{Log: harLog{
		Version: "1.2",
		Creator: harCreator{Name: "scimharness", Version: harnessVersion()},
		Entries: []harEntry{},
		Comment: fmt.Sprintf("target %s, seed %d", r.Target, r.Seed),
	}}
	for _, s := range r.Scenarios {
		for _, ex := range s.Exchanges {
			doc.Log.Entries = append(doc.Log.Entries, harEntryFor(s, ex))
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}

func harEntryFor(s Scenario, ex Exchange) harEntry {
	started := ex.Started
	if started.IsZero() {
		started = time.Unix(0, 0) // HAR requires a date; the model had none
	}
	ms := float64(ex.Duration) / float64(time.Millisecond)
	e := harEntry{
		StartedDateTime: started.UTC().Format(time.RFC3339Nano),
		Time:            ms,
		Request: harRequest{
			Method: ex.Method, URL: ex.URL, HTTPVersion: "HTTP/1.1",
			Cookies: []harNV{}, Headers: harHeaders(ex.RequestHeaders), QueryString: harQuery(ex.URL),
			HeadersSize: -1, BodySize: len(ex.RequestBody),
		},
		Response: harResponse{
			Status: ex.Status, StatusText: http.StatusText(ex.Status), HTTPVersion: "HTTP/1.1",
			Cookies: []harNV{}, Headers: harHeaders(ex.ResponseHeaders),
			Content:     harContent{Size: len(ex.ResponseBody), MimeType: headerValue(ex.ResponseHeaders, "Content-Type"), Text: ex.ResponseBody},
			HeadersSize: -1, BodySize: len(ex.ResponseBody),
		},
		Timings: harTimings{Send: 0, Wait: ms, Receive: 0},
		Comment: harComment(s, ex),
		Error:   ex.Error,
	}
	if ex.RequestBody != "" {
		e.Request.PostData = &harPayload{MimeType: headerValue(ex.RequestHeaders, "Content-Type"), Params: []harNV{}, Text: ex.RequestBody}
	}
	if ex.Status == 0 {
		e.Response.BodySize = -1 // no response arrived
	}
	return e
}

// harComment names the scenario first: a viewer lists entries by comment.
func harComment(s Scenario, ex Exchange) string {
	parts := []string{"scenario " + s.ID}
	if s.Name != "" {
		parts = append(parts, s.Name)
	}
	switch {
	case ex.Step >= 0 && ex.Step < len(s.Steps):
		parts = append(parts, "step "+strings.TrimSpace(s.Steps[ex.Step].Keyword+s.Steps[ex.Step].Text))
	case ex.Step < 0:
		parts = append(parts, "hook (set-up or cleanup)")
	}
	if ex.Note != "" {
		parts = append(parts, ex.Note)
	}
	return strings.Join(parts, " — ")
}

func harHeaders(hs []Header) []harNV {
	out := make([]harNV, 0, len(hs))
	for _, h := range hs {
		out = append(out, harNV(h))
	}
	return out
}

func harQuery(u string) []harNV {
	out := []harNV{}
	parsed, err := url.Parse(u)
	if err != nil {
		return out
	}
	for _, pair := range strings.Split(parsed.RawQuery, "&") {
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		if dk, err := url.QueryUnescape(k); err == nil {
			k = dk
		}
		if dv, err := url.QueryUnescape(v); err == nil {
			v = dv
		}
		out = append(out, harNV{Name: k, Value: v})
	}
	return out
}

func headerValue(hs []Header, name string) string {
	for _, h := range hs {
		if strings.EqualFold(h.Name, name) {
			return h.Value
		}
	}
	return ""
}

// harnessVersion is the module version the binary was built from, or
// "devel" for a build from a work tree.
func harnessVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}
