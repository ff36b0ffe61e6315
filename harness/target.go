package harness

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
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
	token    *steps.RunToken // the scenarios' token; nil until runToken sets it
	client   *http.Client    // the run's one HTTP client (Transport applied)
}

// close deletes the tokens the run generated for itself (a warning, never
// a secret, when that fails) and stops the embedded sandbox.
func (r *resolvedTarget) close(ctx context.Context, log io.Writer) {
	if r.token != nil && r.server == nil {
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), discoveryTimeout)
		defer cancel()
		if err := r.token.Close(cctx); err != nil {
			fmt.Fprintf(log, "warning: %v (delete it in the Administration Console)\n", err)
		}
	}
	if r.server != nil {
		_ = r.server.Close()
	}
}

// runToken settles the token the scenarios send. With the admin API the
// harness generates its own, with the longest expiry the target allows,
// because the user's SCIM_TOKEN may have the default 30 days and the expiry
// scenarios move a sandbox clock past that. Without it, SCIM_TOKEN as given.
func (r *resolvedTarget) runToken(ctx context.Context, caps steps.Capabilities, m *simulator.Masker, log io.Writer) *steps.RunToken {
	if r.token != nil {
		return r.token
	}
	r.token = steps.StaticRunToken(r.steps.Token)
	if !caps.Admin {
		return r.token
	}
	ac := steps.NewAdminClient(r.steps.AdminURL, r.steps.AdminToken, nil, m, r.client)
	minted, err := steps.MintRunToken(ctx, ac, r.steps.Tenant())
	if err != nil {
		fmt.Fprintf(log, "warning: the scenarios use SCIM_TOKEN as given: %s\n", m.Mask(err.Error()))
		return r.token
	}
	r.token = minted
	fmt.Fprintln(log, "run token: generated through the admin API for this run; deleted at the end")
	return r.token
}

// resolveTarget starts the embedded sandbox (with a fresh tenant and token)
// when no base URL is configured, or checks the external one. hc is the
// run's HTTP client: every request, the sandbox set-up included, uses it.
func resolveTarget(ctx context.Context, t Target, faults []sandbox.Fault, m *simulator.Masker, hc *http.Client) (*resolvedTarget, error) {
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
		return &resolvedTarget{steps: st, describe: "external " + st.BaseURL, client: hc}, nil
	}
	if err := validateEmbedded(t); err != nil {
		return nil, err
	}
	srv, err := sandbox.Start(sandbox.Options{Faults: faults}, "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("start the embedded sandbox: %w", err)
	}
	st, token, err := provisionEmbedded(ctx, srv, t, m, hc)
	if err != nil {
		_ = srv.Close()
		return nil, fmt.Errorf("set up the embedded sandbox: %w", err)
	}
	describe := "embedded sandbox " + st.BaseURL
	if len(faults) > 0 {
		describe += " (faults: " + faultList(faults) + ")"
	}
	return &resolvedTarget{steps: st, describe: describe, server: srv, token: token, client: hc}, nil
}

// validateEmbedded refuses target settings that only an external target
// uses: without a base URL they would be silently ignored.
func validateEmbedded(t Target) error {
	for _, setting := range []struct{ name, value string }{
		{settingToken, t.Token}, {settingAdminURL, t.AdminURL}, {settingAdminToken, t.AdminToken},
	} {
		if strings.TrimSpace(setting.value) != "" {
			return &ConfigError{Setting: setting.name, Problem: "expected SCIM_BASE_URL (--base-url) with it, got none (without a base URL the harness runs against its embedded sandbox)"}
		}
	}
	return nil
}

// provisionEmbedded does, through the sandbox's admin API, what a Cantara
// administrator does before configuring an IdP: create a tenant and a
// provisioning token. It also plays the user who expired one token and
// deleted another by hand (SCIM_EXPIRED_TOKEN, SCIM_REVOKED_TOKEN), so the
// scenarios for user-supplied tokens run against the sandbox too.
func provisionEmbedded(ctx context.Context, srv *sandbox.Server, t Target, m *simulator.Masker, hc *http.Client) (steps.Target, *steps.RunToken, error) {
	adminToken := srv.Sandbox().AdminToken()
	m.Add(adminToken)
	ac := steps.NewAdminClient(srv.AdminURL(), adminToken, nil, m, hc)
	tenant, err := ac.CreateTenant(ctx, embeddedTenantName, "")
	if err != nil {
		return steps.Target{}, nil, err
	}
	now, err := ac.Clock(ctx)
	if err != nil {
		return steps.Target{}, nil, err
	}
	// The longest expiry the contract allows, renewed after clock advances:
	// the sandbox clock never goes back and the run's token must outlive it.
	token, err := steps.MintRunToken(ctx, ac, tenant.ID)
	if err != nil {
		return steps.Target{}, nil, err
	}
	st := steps.Target{
		BaseURL: srv.TenantURL(tenant.ID), Token: token.Secret(), TenantID: tenant.ID,
		AdminURL: srv.AdminURL(), AdminToken: adminToken,
		ExpiredToken: strings.TrimSpace(t.ExpiredToken), RevokedToken: strings.TrimSpace(t.RevokedToken),
	}
	if st.RevokedToken == "" {
		revoked, err := ac.CreateToken(ctx, tenant.ID, nil)
		if err != nil {
			return st, nil, err
		}
		if err := ac.DeleteToken(ctx, tenant.ID, revoked.ID); err != nil {
			return st, nil, err
		}
		st.RevokedToken = revoked.Secret
	}
	if st.ExpiredToken == "" {
		soon := now.Add(time.Minute)
		expired, err := ac.CreateToken(ctx, tenant.ID, &soon)
		if err != nil {
			return st, nil, err
		}
		if _, err := ac.AdvanceClock(ctx, 2*time.Minute); err != nil {
			return st, nil, err
		}
		st.ExpiredToken = expired.Secret
	}
	return st, token, nil
}

// discover asks the target once what it supports. A failure against an
// external target is a configuration problem (wrong URL, wrong token); against
// the embedded sandbox it is a harness bug.
func discover(ctx context.Context, rt *resolvedTarget, m *simulator.Masker) (steps.Capabilities, error) {
	bound := discoveryTimeout
	if rt.client != nil {
		bound = max(bound, 2*rt.client.Timeout) // a longer --timeout must not be cut short here
	}
	dctx, cancel := context.WithTimeout(ctx, bound)
	defer cancel()
	caps, err := steps.DiscoverWithClient(dctx, rt.steps, m, rt.client)
	if err != nil {
		msg := m.Mask(err.Error())
		if why, ok := certificateProblem(err); ok && rt.server == nil {
			return caps, &ConfigError{Setting: settingCAFile, Problem: m.Mask(why + " (" + msg + ")")}
		}
		if rt.server == nil {
			return caps, &ConfigError{Setting: "target (SCIM_BASE_URL, SCIM_TOKEN, CANTARA_ADMIN_URL, CANTARA_ADMIN_TOKEN)", Problem: "expected the target to answer capability discovery, got: " + msg}
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
