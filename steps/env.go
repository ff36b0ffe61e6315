package steps

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/scimharness/scimharness/admin"
	"github.com/scimharness/scimharness/simulator"
)

// Target is what the harness runs against (cantara-contract.md section 5):
// as the user gave it (flags and variables), and as resolved once the run
// started its sandbox or checked the external target. The zero value means
// the embedded sandbox.
type Target struct {
	BaseURL      string // SCIM_BASE_URL / --base-url: tenant URL, https://host/scim/v2/<TenantID>
	Token        string // SCIM_TOKEN / --token: a valid provisioning token for that tenant
	TenantID     string // "" → taken from BaseURL's last segment
	AdminURL     string // CANTARA_ADMIN_URL / --admin-url: https://host/admin/v1; "" → no admin API
	AdminToken   string // CANTARA_ADMIN_TOKEN / --admin-token
	ExpiredToken string // SCIM_EXPIRED_TOKEN / --expired-token: a token the user let expire
	RevokedToken string // SCIM_REVOKED_TOKEN / --revoked-token: a token the user deleted
}

// Embedded reports whether the run starts its own sandbox (no base URL).
func (t Target) Embedded() bool { return strings.TrimSpace(t.BaseURL) == "" }

// Secrets lists every token in the target, for a Masker.
func (t Target) Secrets() []string {
	return []string{t.Token, t.AdminToken, t.ExpiredToken, t.RevokedToken}
}

// Tenant is TenantID, or the last path segment of BaseURL when unset.
func (t Target) Tenant() string {
	if t.TenantID != "" {
		return t.TenantID
	}
	return TenantFromBaseURL(t.BaseURL)
}

// TenantFromBaseURL returns the tenant id of a tenant URL
// (`https://host/scim/v2/<TenantID>`): its last non-empty path segment.
func TenantFromBaseURL(base string) string {
	u, err := url.Parse(base)
	if err != nil {
		return ""
	}
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	return segs[len(segs)-1]
}

// ServiceProviderConfig is what the target says it supports (RFC 7643 §5).
type ServiceProviderConfig struct {
	Patch, Bulk, Filter, ChangePassword, Sort, ETag bool
	MaxResults                                      int
	Raw                                             []byte
}

// Capabilities is what the target can do; scenarios needing more are
// skipped with the reason, never passed.
type Capabilities struct {
	Admin   bool // admin API reachable with the admin token
	Clock   bool // /admin/v1/clock answers (sandbox clock)
	Sandbox bool // the embedded sandbox is the target (set by the harness)
	SPC     ServiceProviderConfig
	Reasons map[string]string // capability ("admin", "clock", "sandbox", "patch", ...) → why it is missing
}

// Reason is why capability is missing, or a generic sentence.
func (c Capabilities) Reason(capability string) string {
	if r := c.Reasons[capability]; r != "" {
		return r
	}
	return "the target does not offer " + capability
}

// Env is built once per run by the harness and shared by every scenario.
type Env struct {
	Target  Target
	Caps    Capabilities
	Seed    int64
	Dialect string // dialect for contract scenarios ("" → generic)
	Masker  *simulator.Masker
	Profile simulator.Profile
	Results *Results // the run's one result pipeline; the harness reads every report from it
	// RunToken is the token scenarios authenticate with; nil → Target.Token
	// as given. The harness sets it to a token it generated when the admin
	// API is available, so a clock advance cannot expire it (see RunToken).
	RunToken *RunToken
	// Clock books the run's moves of the target's sandbox clock; the
	// harness restores what is left at the end of the run. nil → one is
	// created by InitializeHooks.
	Clock *ClockLedger

	// Interrupt is done when the run is interrupted (Ctrl-C): scenarios not
	// yet started are skipped, those in flight finish with their cleanups,
	// so nothing they made is left behind. nil → the scenario's context.
	Interrupt context.Context

	// Population is the run's background population, created by the
	// harness (CreatePopulation) when a selected scenario needs it.
	Population *PopulationRun

	// Optional.
	HTTPClient *http.Client // the run's client (CA bundle, per-request Timeout); nil → simulator default
	Log        io.Writer    // cleanup failures and other warnings; nil → os.Stderr

	schemas *schemaCache // the target's /Schemas, read once (set by InitializeHooks)
	sched   *scheduler   // who may run alongside whom (set by InitializeHooks)
}

// scimToken is the provisioning token scenarios send now.
func (e *Env) scimToken() string {
	if e.RunToken != nil {
		if s := e.RunToken.Secret(); s != "" {
			return s
		}
	}
	return e.Target.Token
}

// NewAdminClient is an admin API client over hc, the run's HTTP client
// (nil → the simulator's default), recording into rec (nil → its own) and
// masking with m. Every admin client of a run is built here so none
// bypasses the run's CA bundle or timeout.
func NewAdminClient(baseURL, token string, rec *simulator.Recorder, m *simulator.Masker, hc *http.Client) *admin.Client {
	return admin.NewWithClient(simulator.NewClient(simulator.ClientConfig{
		BaseURL: baseURL, Token: token, Masker: m, Recorder: rec,
		HTTPClient: hc, UserAgent: "scimharness-admin/1",
	}))
}
