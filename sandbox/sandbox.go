// Package sandbox is the embedded Cantara: tenants, provisioning tokens, the
// SCIM 2.0 endpoint and the admin API of ../shared/cantara-contract.md, with
// named fault switches that break one promise each.
package sandbox

import (
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/scimharness/scimharness/sandbox/engine"
)

// DefaultMaxBody caps request bodies (larger ones get 413).
const DefaultMaxBody int64 = 1 << 20

// MaxResults caps one page of a list answer; advertised in ServiceProviderConfig.
const MaxResults = 1000

// Options configure a Sandbox. The zero value is a working sandbox.
type Options struct {
	AdminToken string       // "" → generated
	Faults     []Fault      // off unless named
	Store      Store        // nil → NewMemoryStore()
	Clock      *Clock       // nil → real time; the admin API can advance it
	MaxBody    int64        // 0 → 1 MiB
	Logger     *slog.Logger // nil → no request log; the log never carries headers or bodies
	// Disable switches optional capabilities off (declared unsupported in
	// /ServiceProviderConfig and not offered); nil → everything on.
	Disable []Capability
	// BulkMaxOps and BulkMaxPayload are the /Bulk limits advertised and
	// enforced (RFC 7644 §3.7.4); 0 → DefaultBulkMaxOps, DefaultBulkMaxPayload.
	BulkMaxOps     int
	BulkMaxPayload int64
}

// Sandbox is one embedded Cantara instance.
type Sandbox struct {
	adminToken string
	adminHash  [32]byte
	faults     faultSet
	store      Store
	clock      *Clock
	maxBody    int64
	logger     *slog.Logger
	caps       capSet
	// bulk limits (RFC 7644 §3.7.4)
	bulkMaxOps     int
	bulkMaxPayload int64
	users          engine.ResourceSchema
	groups         engine.ResourceSchema
	// userNameTenants maps a lower-cased userName to the first tenant that
	// wrote it; only the global-username-uniqueness fault fills it.
	userNameTenants sync.Map
	// lostWrites counts the writes the counting lost-write faults consider.
	lostWrites lostWriteCounters
}

// AdminError is an admin API failure: {"error": Code, "detail": Detail}.
type AdminError struct {
	Status int
	Code   string
	Detail string
}

func (e *AdminError) Error() string { return fmt.Sprintf("%d %s: %s", e.Status, e.Code, e.Detail) }

// New builds a sandbox from opts.
func New(opts Options) (*Sandbox, error) {
	faults, err := newFaultSet(opts.Faults)
	if err != nil {
		return nil, err
	}
	caps, err := newCapSet(opts.Disable)
	if err != nil {
		return nil, err
	}
	s := &Sandbox{faults: faults, store: opts.Store, clock: opts.Clock, maxBody: opts.MaxBody, logger: opts.Logger,
		caps: caps, bulkMaxOps: opts.BulkMaxOps, bulkMaxPayload: opts.BulkMaxPayload}
	if s.bulkMaxOps <= 0 {
		s.bulkMaxOps = DefaultBulkMaxOps
	}
	if s.bulkMaxPayload <= 0 {
		s.bulkMaxPayload = DefaultBulkMaxPayload
	}
	if s.store == nil {
		s.store = NewMemoryStore()
	}
	if s.clock == nil {
		s.clock = NewClock()
	}
	if s.maxBody <= 0 {
		s.maxBody = DefaultMaxBody
	}
	s.adminToken = opts.AdminToken
	if s.adminToken != "" {
		if err := checkFixedSecret(s.adminToken); err != nil {
			return nil, fmt.Errorf("admin token: %w", err)
		}
	}
	if s.adminToken == "" {
		// A distinct prefix keeps admin tokens apart from provisioning tokens in logs and scans.
		s.adminToken = "cnt_adm_" + strings.TrimPrefix(newSecret(), TokenPrefix)
	}
	s.adminHash = hashSecret(s.adminToken)
	s.users = engine.UserResource()
	s.groups = engine.GroupResource()
	if s.faults.on(FaultCaseSensitiveUsername) {
		setCaseExact(&s.users, "userName")
	}
	return s, nil
}

// setCaseExact flips one core attribute to caseExact; the engine's filters
// then compare it case-sensitively (the case-sensitive-username fault).
func setCaseExact(rs *engine.ResourceSchema, name string) {
	attrs := append([]engine.Attribute(nil), rs.Core.Attributes...)
	for i := range attrs {
		if strings.EqualFold(attrs[i].Name, name) {
			attrs[i].CaseExact = true
		}
	}
	rs.Core.Attributes = attrs
}

// AdminToken is the bearer token of /admin/v1.
func (s *Sandbox) AdminToken() string { return s.adminToken }

// Clock is the sandbox clock against which tokens expire.
func (s *Sandbox) Clock() *Clock { return s.clock }

// Faults lists the fault switches that are on.
func (s *Sandbox) Faults() []Fault {
	var out []Fault
	for _, f := range knownFaults {
		if s.faults.on(f) {
			out = append(out, f)
		}
	}
	return out
}

var tenantIDPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// CreateTenant adds a tenant; id "" → generated.
func (s *Sandbox) CreateTenant(name, id string) (Tenant, error) {
	if strings.TrimSpace(name) == "" {
		return Tenant{}, &AdminError{Status: http.StatusBadRequest, Code: "invalid_request", Detail: "expected a non-empty tenant name, got none"}
	}
	if id == "" {
		id = newID()
	} else if !tenantIDPattern.MatchString(id) {
		return Tenant{}, &AdminError{Status: http.StatusBadRequest, Code: "invalid_request",
			Detail: engine.Detailf("expected a tenant id of letters, digits, '.', '_' or '-' (at most 64), got %q", id)}
	}
	t := Tenant{ID: id, Name: name, CreatedAt: s.clock.Now().Truncate(time.Second)}
	if err := s.store.CreateTenant(t); err != nil {
		return Tenant{}, &AdminError{Status: http.StatusConflict, Code: "conflict", Detail: engine.Detailf("expected a new tenant id, got existing %q", id)}
	}
	return t, nil
}

// Handler serves /scim/v2/{tenantId}/... and /admin/v1/....
func (s *Sandbox) Handler() http.Handler {
	return s.logRequests(s.recoverPanics(http.HandlerFunc(s.route)))
}

func (s *Sandbox) route(w http.ResponseWriter, r *http.Request) {
	switch {
	case strings.HasPrefix(r.URL.Path, scimPrefix):
		s.serveSCIM(w, r, strings.TrimPrefix(r.URL.Path, scimPrefix))
	case r.URL.Path == adminPrefix || strings.HasPrefix(r.URL.Path, adminPrefix+"/"):
		s.serveAdmin(w, r, strings.TrimPrefix(r.URL.Path, adminPrefix))
	default:
		writeSCIMError(w, s.scimErr(engine.Errorf(http.StatusNotFound, "", "expected a path under %s{tenantId} or %s, got %s", scimPrefix, adminPrefix, r.URL.Path)))
	}
}

const (
	scimPrefix  = "/scim/v2/"
	adminPrefix = "/admin/v1"
)
