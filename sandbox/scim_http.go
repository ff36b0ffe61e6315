package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"mime"
	"net/http"
	"strings"

	"github.com/scimharness/scimharness/sandbox/engine"
)

// scimContentType is sent on every SCIM response (RFC 7644 §3.1).
const scimContentType = "application/scim+json"

// authRealm names the protection space in WWW-Authenticate (RFC 6750 §3).
const authRealm = "cantara-scim"

// scimErr applies the numeric-error-status fault to an error document.
func (s *Sandbox) scimErr(e *engine.Error) *engine.Error {
	if s.faults.on(FaultNumericErrorStatus) {
		cp := *e
		cp.StatusAsNumber = true
		return &cp
	}
	return e
}

func writeSCIM(w http.ResponseWriter, status int, body any) {
	buf, err := json.Marshal(body)
	if err != nil {
		status = http.StatusInternalServerError
		buf, _ = json.Marshal(engine.Errorf(status, "", "encoding the response failed"))
	}
	w.Header().Set("Content-Type", scimContentType)
	w.WriteHeader(status)
	_, _ = w.Write(buf)
}

func writeSCIMError(w http.ResponseWriter, e *engine.Error) {
	writeSCIM(w, e.Status, e)
}

// writeUnauthorized is the single answer for every SCIM authentication
// failure, so missing, malformed, unknown, expired, deleted and other-tenant
// tokens are indistinguishable (contract section 2).
func (s *Sandbox) writeUnauthorized(w http.ResponseWriter) {
	w.Header().Set("WWW-Authenticate", `Bearer realm="`+authRealm+`"`)
	writeSCIMError(w, s.scimErr(engine.Errorf(http.StatusUnauthorized, "", "a valid provisioning token is required")))
}

// tenantBase is the absolute tenant URL derived from the request, honouring
// X-Forwarded-Proto/Host so meta.location is right behind a proxy.
func tenantBase(r *http.Request, tenantID string) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	if p := firstForwarded(r.Header.Get("X-Forwarded-Proto")); p == "http" || p == "https" {
		scheme = p
	}
	host := r.Host
	if h := firstForwarded(r.Header.Get("X-Forwarded-Host")); h != "" && !strings.ContainsAny(h, "/ \\") {
		host = h
	}
	return scheme + "://" + host + "/scim/v2/" + tenantID
}

func firstForwarded(v string) string {
	first, _, _ := strings.Cut(v, ",")
	return strings.ToLower(strings.TrimSpace(first))
}

// acceptableBody reports whether the request's Content-Type is JSON: the
// contract accepts application/scim+json and plain application/json; a
// missing type is tolerated because some IdPs omit it.
func acceptableBody(r *http.Request) bool {
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return true
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return false
	}
	return mt == "application/json" || mt == "application/scim+json" || strings.HasSuffix(mt, "+json")
}

// isPlainJSON: the request body is declared application/json (the
// reject-plain-json fault refuses what the contract accepts).
func isPlainJSON(r *http.Request) bool {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return mt == "application/json"
}

// readObject reads a SCIM request body and decodes it as one JSON object.
func (c *scimCtx) readObject() (map[string]any, *engine.Error) {
	raw, e := c.s.readSCIMBody(c.w, c.r, c.s.maxBody, "a body")
	if e != nil {
		return nil, e
	}
	return decodeObject(raw)
}

// readSCIMBody reads a request body of at most limit bytes (what names the
// body in the 413 detail). Every SCIM body, /Bulk included, passes here, so
// the media-type rule and the reject-plain-json fault hold for all of them.
func (s *Sandbox) readSCIMBody(w http.ResponseWriter, r *http.Request, limit int64, what string) ([]byte, *engine.Error) {
	if !acceptableBody(r) || (s.faults.on(FaultRejectPlainJSON) && isPlainJSON(r)) {
		return nil, engine.Errorf(http.StatusUnsupportedMediaType, "",
			"expected Content-Type application/scim+json or application/json, got %q", r.Header.Get("Content-Type"))
	}
	raw, err := readBody(w, r, limit)
	if errors.Is(err, errBodyTooLarge) {
		return nil, engine.Errorf(http.StatusRequestEntityTooLarge, "", "expected %s of at most %d bytes, got more", what, limit)
	}
	if err != nil {
		return nil, engine.Errorf(http.StatusBadRequest, engine.ScimTypeInvalidSyntax, "reading the body failed")
	}
	if e := engine.CheckText(raw); e != nil {
		return nil, e
	}
	return raw, nil
}

// decodeMessage decodes a JSON object body into dst, a SCIM message struct
// (SearchRequest, BulkRequest); what names the message in the 400 detail.
func decodeMessage(raw []byte, dst any, what string) *engine.Error {
	if _, e := decodeObject(raw); e != nil {
		return e
	}
	if err := json.Unmarshal(raw, dst); err != nil {
		return engine.Errorf(http.StatusBadRequest, engine.ScimTypeInvalidSyntax, "expected a %s, got %v", what, err)
	}
	return nil
}

// decodeObject parses one JSON object (numbers as float64, as the engine expects).
func decodeObject(raw []byte) (map[string]any, *engine.Error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, engine.Errorf(http.StatusBadRequest, engine.ScimTypeInvalidSyntax, "expected a JSON object, got malformed JSON: %v", err)
	}
	if dec.More() {
		return nil, engine.Errorf(http.StatusBadRequest, engine.ScimTypeInvalidSyntax, "expected one JSON object, got trailing data")
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, engine.Errorf(http.StatusBadRequest, engine.ScimTypeInvalidSyntax, "expected a JSON object, got %s", jsonKind(v))
	}
	return obj, nil
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case []any:
		return "an array"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	default:
		return "a number"
	}
}
