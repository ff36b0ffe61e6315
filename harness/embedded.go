package harness

import (
	"context"
	"io"
	"net/http"

	"github.com/scimharness/scimharness/sandbox"
	"github.com/scimharness/scimharness/simulator"
)

// Endpoint is a target resolved for traffic other than a conformance run
// (`scimharness load`): the SCIM base URL and token to send, the one HTTP
// client with the Transport applied, and, without a base URL, the embedded
// sandbox behind them. It is resolved exactly as `run` resolves its target.
type Endpoint struct {
	BaseURL  string
	Token    string       // the provisioning token; known to the Masker given to OpenEndpoint
	Describe string       // for the console; no secret in it
	Embedded bool         // the embedded sandbox, started for this endpoint
	Client   *http.Client // per-request timeout, CA bundle and verification applied
	// The admin API, when the target has one (always for the sandbox):
	// `scimharness mapping check` reads back what the Cantara account shows.
	AdminURL, AdminToken, TenantID string

	rt *resolvedTarget
}

// OpenEndpoint resolves t: without a base URL it starts the embedded
// sandbox and creates a tenant and a provisioning token in it through the
// sandbox's admin API, as an administrator would; with one it checks the
// settings. Every secret in play is added to m. A bad setting is a
// *ConfigError. Close releases what OpenEndpoint started. Faults switch
// defects on in the embedded sandbox (a *ConfigError with an external target).
func OpenEndpoint(ctx context.Context, t Target, tr Transport, m *simulator.Masker, faults ...sandbox.Fault) (*Endpoint, error) {
	m.Add(t.Token, t.AdminToken, t.ExpiredToken, t.RevokedToken)
	hc, err := newHTTPClient(tr)
	if err != nil {
		return nil, err
	}
	rt, err := resolveTarget(ctx, t, faults, m, hc)
	if err != nil {
		return nil, err
	}
	m.Add(rt.steps.Secrets()...)
	describe := rt.describe
	if tr.InsecureSkipVerify {
		describe += " — " + insecureWarning
	}
	return &Endpoint{
		BaseURL: rt.steps.BaseURL, Token: rt.steps.Token, Describe: m.Mask(describe),
		Embedded: rt.server != nil, Client: hc, rt: rt,
		AdminURL: rt.steps.AdminURL, AdminToken: rt.steps.AdminToken, TenantID: rt.steps.TenantID,
	}, nil
}

// Close stops the embedded sandbox, if one was started.
func (e *Endpoint) Close(ctx context.Context) {
	if e != nil && e.rt != nil {
		e.rt.close(ctx, io.Discard)
	}
}

// PrintTransport announces the transport settings that differ from the
// defaults (the insecure one loudly), as `run` does before any request.
func PrintTransport(w io.Writer, tr Transport) { printTransport(w, tr) }

// CertificateConfigError turns a failure to verify the target's TLS
// certificate into the *ConfigError `run` reports (naming --ca-file);
// any other error gives nil.
func CertificateConfigError(err error, m *simulator.Masker) error {
	why, ok := certificateProblem(err)
	if !ok {
		return nil
	}
	return &ConfigError{Setting: settingCAFile, Problem: m.Mask(why)}
}
