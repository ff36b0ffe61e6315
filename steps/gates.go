package steps

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
	"sync"
)

// gate decides whether the target offers what a tag needs; when it does
// not, the string says why (shown as the skip reason).
type gate func(env *Env) (ok bool, reason string)

var (
	gatesMu sync.RWMutex
	// gates maps each gating tag to its check. A @needs- tag not listed
	// here fails the scenario: a typo must not make a check run where it
	// cannot, nor vanish silently.
	gates = map[string]gate{
		"@needs-admin": func(e *Env) (bool, string) {
			return e.Caps.Admin, "needs the admin API: " + e.Caps.Reason("admin")
		},
		"@needs-clock": func(e *Env) (bool, string) {
			return e.Caps.Clock, "needs the sandbox clock: " + e.Caps.Reason("clock")
		},
		"@sandbox-only": func(e *Env) (bool, string) {
			return e.Caps.Sandbox, "runs only against the embedded sandbox: " + e.Caps.Reason("sandbox")
		},
		"@needs-expired-token": func(e *Env) (bool, string) {
			return e.Target.ExpiredToken != "", "needs an expired token: none given (SCIM_EXPIRED_TOKEN / --expired-token)"
		},
		"@needs-revoked-token": func(e *Env) (bool, string) {
			return e.Target.RevokedToken != "", "needs a deleted token: none given (SCIM_REVOKED_TOKEN / --revoked-token)"
		},
		"@needs-tenant-url": func(e *Env) (bool, string) {
			return hasTenantURLShape(e.Target.BaseURL), "needs a base URL of the contract's shape https://<host>/scim/v2/<TenantID>: " +
				"the scenario calls another tenant's URL beside it"
		},
		PopulationTag: func(e *Env) (bool, string) {
			return e.Population != nil, "the run created no background population: the harness makes one before the scenarios when a selected scenario is tagged " + PopulationTag
		},
		"@needs-patch":          spcGate("patch", func(s ServiceProviderConfig) bool { return s.Patch }),
		"@needs-filter":         spcGate("filter", func(s ServiceProviderConfig) bool { return s.Filter }),
		"@needs-sort":           spcGate("sort", func(s ServiceProviderConfig) bool { return s.Sort }),
		"@needs-etag":           spcGate("etag", func(s ServiceProviderConfig) bool { return s.ETag }),
		"@needs-bulk":           spcGate("bulk", func(s ServiceProviderConfig) bool { return s.Bulk }),
		"@needs-changepassword": spcGate("changePassword", func(s ServiceProviderConfig) bool { return s.ChangePassword }),
	}
)

// hasTenantURLShape: the contract's tenant URL ends in /scim/v2/<TenantID>.
// Another SCIM server's base URL (say https://host/scim/v2) has no tenant
// segment to swap, so a "tenant that does not exist" cannot be named there.
func hasTenantURLShape(base string) bool {
	u, err := url.Parse(base)
	if err != nil {
		return false
	}
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	n := len(segs)
	return n >= 3 && strings.EqualFold(segs[n-3], "scim") && strings.EqualFold(segs[n-2], "v2") && segs[n-1] != ""
}

// spcGate checks a feature the target declares in /ServiceProviderConfig.
func spcGate(name string, has func(ServiceProviderConfig) bool) gate {
	return func(e *Env) (bool, string) {
		if r := e.Caps.Reasons[name]; r != "" {
			return has(e.Caps.SPC), "needs " + name + ": " + r
		}
		return has(e.Caps.SPC), fmt.Sprintf("needs %s: the target's ServiceProviderConfig says %s.supported is false", name, name)
	}
}

// registerGate adds a gating tag (for rfc_*.go and later files).
func registerGate(tag string, g gate) {
	gatesMu.Lock()
	defer gatesMu.Unlock()
	gates[tag] = g
}

// checkGates returns the reasons the scenario cannot run against env (one
// per unmet tag, in tag order), or an error for an unknown gating tag.
func checkGates(env *Env, tags []string) (reasons []string, err error) {
	gatesMu.RLock()
	defer gatesMu.RUnlock()
	for _, tag := range tags {
		g, ok := gates[tag]
		if !ok {
			if strings.HasPrefix(tag, "@needs-") {
				return nil, fmt.Errorf("expected a known gating tag (%s), got %s", strings.Join(gateTagsLocked(), ", "), tag)
			}
			continue
		}
		if ok, reason := g(env); !ok {
			reasons = append(reasons, reason)
		}
	}
	return reasons, nil
}

func gateTagsLocked() []string {
	out := make([]string, 0, len(gates))
	for t := range gates {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}
