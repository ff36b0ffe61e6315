package steps

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/tidwall/gjson"

	"github.com/scimharness/scimharness/admin"
	"github.com/scimharness/scimharness/simulator"
)

// ErrTargetConfig marks a target the harness cannot run against at all (a
// refused token, an unreachable endpoint): exit status 2, not a failure.
var ErrTargetConfig = errors.New("target configuration")

// Discover learns what the target offers, once per run: its
// ServiceProviderConfig, whether the admin API answers with the admin
// token, and whether it has a sandbox clock. Caps.Sandbox is the harness's
// to set. A missing capability is recorded with its reason; only a target
// that cannot be used at all is an error (wrapping ErrTargetConfig, and
// the transport error when there was no answer).
func Discover(ctx context.Context, t Target, m *simulator.Masker) (Capabilities, error) {
	return DiscoverWithClient(ctx, t, m, nil)
}

// DiscoverWithClient is Discover over hc, the run's HTTP client (its CA
// bundle and per-request Timeout); nil → the simulator's default.
func DiscoverWithClient(ctx context.Context, t Target, m *simulator.Masker, hc *http.Client) (Capabilities, error) {
	if m == nil {
		m = simulator.NewMasker()
	}
	m.Add(t.Secrets()...)
	caps := Capabilities{Reasons: map[string]string{
		"sandbox": "the target is not the embedded sandbox",
	}}
	rec := simulator.NewRecorder(16)
	scim := simulator.NewClient(simulator.ClientConfig{BaseURL: t.BaseURL, Token: t.Token, Masker: m, Recorder: rec, HTTPClient: hc})
	ex, err := scim.Do(ctx, simulator.Request{Method: http.MethodGet, Path: "/ServiceProviderConfig", Note: "discover"})
	if err != nil {
		return caps, fmt.Errorf("%w: expected an answer from %s/ServiceProviderConfig, got none: %w", ErrTargetConfig, m.Mask(t.BaseURL), err)
	}
	switch ex.Status {
	case http.StatusOK:
		caps.SPC = parseSPC(ex.ResponseBody)
		if !gjson.ValidBytes(ex.ResponseBody) {
			markSPCUnknown(caps.Reasons, "its ServiceProviderConfig is not JSON")
		}
	case http.StatusUnauthorized, http.StatusForbidden:
		return caps, fmt.Errorf("%w: expected the SCIM token to be accepted at %s/ServiceProviderConfig, got %d (check SCIM_TOKEN)", ErrTargetConfig, m.Mask(t.BaseURL), ex.Status)
	default:
		markSPCUnknown(caps.Reasons, fmt.Sprintf("GET /ServiceProviderConfig answered %d", ex.Status))
	}

	// RFC 7644 §4 lets a target serve discovery without authentication, so
	// an accepted /ServiceProviderConfig does not prove the token works;
	// a refused token would fail every scenario. Only 401 is taken as a
	// refusal: any other answer is for the scenarios to judge.
	ex, err = scim.Do(ctx, simulator.Request{Method: http.MethodGet, Path: "/Users", RawQuery: "count=1", Note: "discover: is the token accepted"})
	if err != nil {
		return caps, fmt.Errorf("%w: expected an answer from %s/Users, got none: %w", ErrTargetConfig, m.Mask(t.BaseURL), err)
	}
	if ex.Status == http.StatusUnauthorized {
		return caps, fmt.Errorf("%w: expected the SCIM token to be accepted at %s/Users, got 401 (check SCIM_TOKEN)", ErrTargetConfig, m.Mask(t.BaseURL))
	}

	switch {
	case t.AdminURL == "":
		caps.Reasons["admin"] = "no admin API given (CANTARA_ADMIN_URL / --admin-url)"
	case t.AdminToken == "":
		caps.Reasons["admin"] = "no admin token given (CANTARA_ADMIN_TOKEN / --admin-token)"
	default:
		ac := NewAdminClient(t.AdminURL, t.AdminToken, rec, m, hc)
		if _, err := ac.Tenant(ctx, t.Tenant()); err != nil {
			if errors.Is(err, simulator.ErrTransport) || errors.Is(err, admin.ErrUnauthorized) {
				return caps, fmt.Errorf("%w: the admin API was given but cannot be used: %w", ErrTargetConfig, err)
			}
			caps.Reasons["admin"] = m.Mask(fmt.Sprintf("the admin API does not know tenant %s: %v", t.Tenant(), err))
			break
		}
		caps.Admin = true
		has, err := ac.HasClock(ctx)
		switch {
		case err != nil:
			caps.Reasons["clock"] = m.Mask(fmt.Sprintf("reading /admin/v1/clock failed: %v", err))
		case has:
			caps.Clock = true
		default:
			caps.Reasons["clock"] = "the target has no sandbox clock (GET /admin/v1/clock answered 404)"
		}
	}
	if !caps.Admin {
		caps.Reasons["clock"] = "the sandbox clock is part of the admin API, which is not available"
	}
	return caps, nil
}

// parseSPC reads RFC 7643 §5's "supported" flags.
func parseSPC(body []byte) ServiceProviderConfig {
	doc := gjson.ParseBytes(body)
	return ServiceProviderConfig{
		Patch:          doc.Get("patch.supported").Bool(),
		Bulk:           doc.Get("bulk.supported").Bool(),
		Filter:         doc.Get("filter.supported").Bool(),
		ChangePassword: doc.Get("changePassword.supported").Bool(),
		Sort:           doc.Get("sort.supported").Bool(),
		ETag:           doc.Get("etag.supported").Bool(),
		MaxResults:     int(doc.Get("filter.maxResults").Int()),
		Raw:            append([]byte(nil), body...),
	}
}

func markSPCUnknown(reasons map[string]string, why string) {
	for _, c := range []string{"patch", "bulk", "filter", "changePassword", "sort", "etag"} {
		reasons[c] = "unknown: " + why
	}
}
