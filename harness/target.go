package harness

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/scimharness/scimharness/sandbox"
	"github.com/scimharness/scimharness/simulator"
	"github.com/scimharness/scimharness/steps"
)

// embeddedTenantName labels the tenant each run creates in its sandbox.
const embeddedTenantName = "scimharness run"

// resolvedTarget is the target the scenarios will see, ready to use.
type resolvedTarget struct {
	steps    steps.Target
	describe string          // for the console and the summary; no secret in it
	server   *sandbox.Server // nil for an external target
}

func (r *resolvedTarget) close() {
	if r.server != nil {
		_ = r.server.Close()
	}
}

// resolveTarget starts the embedded sandbox (with a fresh tenant and token)
// when no base URL is configured, or checks the external one.
func resolveTarget(t Target, faults []sandbox.Fault) (*resolvedTarget, error) {
	if !t.Embedded() {
		if len(faults) > 0 {
			return nil, &ConfigError{Setting: settingFaults, Problem: "expected no faults with an external target (they switch defects on in the embedded sandbox only), got " + faultList(faults)}
		}
		if err := validateTarget(t); err != nil {
			return nil, err
		}
		st := steps.Target{
			BaseURL: strings.TrimRight(strings.TrimSpace(t.BaseURL), "/"), Token: strings.TrimSpace(t.Token),
			AdminURL: strings.TrimRight(strings.TrimSpace(t.AdminURL), "/"), AdminToken: strings.TrimSpace(t.AdminToken),
			ExpiredToken: strings.TrimSpace(t.ExpiredToken), RevokedToken: strings.TrimSpace(t.RevokedToken),
		}
		st.TenantID = steps.TenantFromBaseURL(st.BaseURL)
		return &resolvedTarget{steps: st, describe: "external " + st.BaseURL}, nil
	}
	for _, setting := range []struct{ name, value string }{
		{settingToken, t.Token}, {settingAdminURL, t.AdminURL}, {settingAdminToken, t.AdminToken},
	} {
		if strings.TrimSpace(setting.value) != "" {
			return nil, &ConfigError{Setting: setting.name, Problem: "expected SCIM_BASE_URL (--base-url) with it, got none (without a base URL the harness runs against its embedded sandbox)"}
		}
	}
	srv, err := sandbox.Start(sandbox.Options{Faults: faults}, "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("start the embedded sandbox: %w", err)
	}
	sb := srv.Sandbox()
	tenant, err := sb.CreateTenant(embeddedTenantName, "")
	if err != nil {
		_ = srv.Close()
		return nil, fmt.Errorf("create the sandbox tenant: %w", err)
	}
	token, _, err := sb.IssueToken(tenant.ID, time.Time{})
	if err != nil {
		_ = srv.Close()
		return nil, fmt.Errorf("issue the sandbox token: %w", err)
	}
	st := steps.Target{
		BaseURL:      srv.TenantURL(tenant.ID),
		Token:        token,
		TenantID:     tenant.ID,
		AdminURL:     srv.AdminURL(),
		AdminToken:   sb.AdminToken(),
		ExpiredToken: strings.TrimSpace(t.ExpiredToken),
		RevokedToken: strings.TrimSpace(t.RevokedToken),
	}
	describe := "embedded sandbox " + st.BaseURL
	if len(faults) > 0 {
		describe += " (faults: " + faultList(faults) + ")"
	}
	return &resolvedTarget{steps: st, describe: describe, server: srv}, nil
}

// discover asks the target once what it supports. A failure against an
// external target is a configuration problem (wrong URL, wrong token); against
// the embedded sandbox it is a harness bug.
func discover(ctx context.Context, rt *resolvedTarget, m *simulator.Masker) (steps.Capabilities, error) {
	dctx, cancel := context.WithTimeout(ctx, discoveryTimeout)
	defer cancel()
	caps, err := steps.Discover(dctx, rt.steps, m)
	if err != nil {
		msg := m.Mask(err.Error())
		if rt.server == nil {
			return caps, &ConfigError{Setting: settingBaseURL, Problem: "expected the target to answer capability discovery, got: " + msg}
		}
		return caps, errors.New("discover the embedded sandbox: " + msg)
	}
	if caps.Reasons == nil {
		caps.Reasons = map[string]string{}
	}
	caps.Sandbox = rt.server != nil
	if !caps.Sandbox {
		caps.Reasons["sandbox"] = "the target is an external Cantara, not the embedded sandbox"
	}
	return caps, nil
}

// discoveryTimeout bounds the capability probes before the run.
const discoveryTimeout = 60 * time.Second

func faultList(faults []sandbox.Fault) string {
	names := make([]string, len(faults))
	for i, f := range faults {
		names[i] = string(f)
	}
	return strings.Join(names, ",")
}
