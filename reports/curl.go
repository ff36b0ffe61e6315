package reports

import (
	"net/url"
	"strings"
)

// adminPathMarker tells an admin API URL from a SCIM one: the two take
// different tokens (cantara-contract.md sections 2 and 3).
const adminPathMarker = "/admin/v1"

// Token variables a curl command names instead of the masked token, so a
// reader pastes the command into a shell where the variable is set.
const (
	SCIMTokenVar  = "$SCIM_TOKEN"
	AdminTokenVar = "$CANTARA_ADMIN_TOKEN"
)

// TokenVar is the environment variable that holds the token for u.
func TokenVar(u string) string {
	if parsed, err := url.Parse(u); err == nil && strings.Contains(parsed.Path, adminPathMarker) {
		return AdminTokenVar
	}
	return SCIMTokenVar
}

// Curl is a shell command that repeats the exchange's request. The
// Authorization header names $SCIM_TOKEN (or $CANTARA_ADMIN_TOKEN for the
// admin API) instead of the masked token; a request sent without one is
// repeated without one. bodyCut says the body shown is shortened: the
// command then reads it from a file the reader saves from exchanges.har.
func Curl(ex Exchange, bodyCut bool) string {
	var b strings.Builder
	b.WriteString("curl -sS -i")
	if ex.Method != "" && ex.Method != "GET" {
		b.WriteString(" -X " + shellQuote(ex.Method))
	}
	b.WriteString(" " + shellQuote(ex.URL))
	for _, h := range ex.RequestHeaders {
		switch strings.ToLower(h.Name) {
		case "content-length", "host", "accept-encoding", "connection":
			continue // curl sets them from what it sends
		case "authorization":
			b.WriteString(" \\\n  -H " + authHeader(h.Value, ex.URL))
			continue
		}
		b.WriteString(" \\\n  -H " + shellQuote(h.Name+": "+h.Value))
	}
	switch {
	case ex.RequestBody == "":
	case bodyCut:
		b.WriteString(" \\\n  --data-binary @request-body.json  # body shortened in this report: take it from exchanges.har")
	default:
		b.WriteString(" \\\n  --data-binary " + shellQuote(ex.RequestBody))
	}
	return b.String()
}

// authHeader rewrites a masked Authorization value to name the token
// variable, in double quotes so the shell expands it. A scheme other than
// Bearer is kept; its credential is never in the report.
func authHeader(value, u string) string {
	scheme, _, _ := strings.Cut(strings.TrimSpace(value), " ")
	if scheme == "" {
		scheme = "Bearer"
	}
	return `"Authorization: ` + strings.ReplaceAll(scheme, `"`, ``) + ` ` + TokenVar(u) + `"`
}

// shellQuote quotes s for a POSIX shell: single quotes, with each single
// quote closed, escaped and reopened.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
