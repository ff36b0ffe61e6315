package simulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ErrTransport marks a harness fault: the request never got an HTTP answer
// (connection refused, timeout, TLS). It is not a conformance failure and
// reports show it differently.
var ErrTransport = errors.New("transport error")

// StatusError is an answer with a status the IdP did not expect. It carries
// the exchange so a failing step can attach the transcript.
type StatusError struct {
	Exchange *Exchange
	Expected []int
	Context  string // what was attempted, e.g. "provision: create"
}

// Error reads "expected 201, got 409 (uniqueness: userName taken)".
func (e *StatusError) Error() string {
	got := 0
	if e.Exchange != nil {
		got = e.Exchange.Status
	}
	var b strings.Builder
	if e.Context != "" {
		b.WriteString(e.Context + ": ")
	}
	fmt.Fprintf(&b, "expected %s, got %d", statusList(e.Expected), got)
	if d := scimErrorDetail(e.Exchange); d != "" {
		fmt.Fprintf(&b, " (%s)", d)
	}
	if e.Exchange != nil {
		return e.Exchange.masker.Mask(b.String())
	}
	return b.String()
}

func statusList(codes []int) string {
	parts := make([]string, len(codes))
	for i, c := range codes {
		parts[i] = strconv.Itoa(c)
	}
	switch len(parts) {
	case 0:
		return "a success status"
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " or " + parts[len(parts)-1]
}

// scimErrorDetail pulls "scimType: detail" out of an RFC 7644 §3.12 error
// body (or the admin API's {"error","detail"}), short enough for one line.
func scimErrorDetail(e *Exchange) string {
	if e == nil || len(e.ResponseBody) == 0 {
		return ""
	}
	var doc struct {
		ScimType string `json:"scimType"`
		Detail   string `json:"detail"`
		Error    string `json:"error"`
	}
	if json.Unmarshal(e.ResponseBody, &doc) != nil {
		return ""
	}
	kind := doc.ScimType
	if kind == "" {
		kind = doc.Error
	}
	d := doc.Detail
	if kind != "" && d != "" {
		d = kind + ": " + d
	} else if kind != "" {
		d = kind
	}
	const max = 200
	if r := []rune(d); len(r) > max {
		d = string(r[:max]) + "…"
	}
	return d
}

// expectStatus returns a *StatusError unless e's status is one of want.
func expectStatus(e *Exchange, context string, want ...int) error {
	for _, w := range want {
		if e.Status == w {
			return nil
		}
	}
	return &StatusError{Exchange: e, Expected: want, Context: context}
}

// ResponseError is an answer with the expected status but a body the IdP
// cannot use ("expected an id in the 201 body, got none").
type ResponseError struct {
	Exchange *Exchange
	Context  string
	Expected string
	Got      string
}

func (e *ResponseError) Error() string {
	msg := fmt.Sprintf("expected %s, got %s", e.Expected, e.Got)
	if e.Context != "" {
		msg = e.Context + ": " + msg
	}
	if e.Exchange != nil {
		return e.Exchange.masker.Mask(msg)
	}
	return msg
}
