package sandbox

import (
	"fmt"
	"slices"
	"strings"

	"github.com/scimharness/scimharness/sandbox/engine"
)

// Capability names an optional SCIM feature (RFC 7643 §5) the sandbox can
// be told not to offer. Switching one off is not a fault: the sandbox then
// declares it unsupported in /ServiceProviderConfig and behaves as an
// honest target without it would, so the harness's gating can be proven.
type Capability string

const (
	// CapPatch off: patch.supported false, PATCH answers 501 (RFC 7644 §3.12).
	CapPatch Capability = "patch"
	// CapSort off: sort.supported false, sortBy/sortOrder are ignored. RFC 7644
	// §3.4.2.3 makes sorting optional and defines no error for it (Table 9
	// has no scimType that fits), so the list comes back in store order.
	CapSort Capability = "sort"
	// CapETag off: etag.supported false, no ETag header, If-Match and
	// If-None-Match are ignored (RFC 7644 §3.14 applies only "if supported").
	CapETag Capability = "etag"
	// CapBulk off: bulk.supported false, POST /Bulk answers 501 (RFC 7644 §3.12).
	CapBulk Capability = "bulk"
)

var knownCapabilities = []Capability{CapPatch, CapSort, CapETag, CapBulk}

// KnownCapabilities lists the capabilities that can be switched off, in a stable order.
func KnownCapabilities() []Capability { return slices.Clone(knownCapabilities) }

// ParseCapabilities reads a comma-separated list of capability names (case
// does not matter, blanks are skipped). An unknown name is an error that
// lists the known ones.
func ParseCapabilities(csv string) ([]Capability, error) {
	var out []Capability
	for _, part := range strings.Split(csv, ",") {
		name := Capability(strings.ToLower(strings.TrimSpace(part)))
		if name == "" || slices.Contains(out, name) {
			continue
		}
		if !slices.Contains(knownCapabilities, name) {
			return nil, fmt.Errorf("unknown capability %q: expected one of %s", name, knownCapabilityNames())
		}
		out = append(out, name)
	}
	return out, nil
}

func knownCapabilityNames() string {
	names := make([]string, len(knownCapabilities))
	for i, c := range knownCapabilities {
		names[i] = string(c)
	}
	return strings.Join(names, ", ")
}

// capSet holds the capabilities switched off.
type capSet map[Capability]bool

func newCapSet(disabled []Capability) (capSet, error) {
	set := capSet{}
	for _, c := range disabled {
		if !slices.Contains(knownCapabilities, c) {
			return nil, fmt.Errorf("unknown capability %q: expected one of %s", c, knownCapabilityNames())
		}
		set[c] = true
	}
	return set, nil
}

func (s capSet) on(c Capability) bool { return !s[c] }

// Disabled lists the capabilities switched off.
func (s *Sandbox) Disabled() []Capability {
	var out []Capability
	for _, c := range knownCapabilities {
		if !s.caps.on(c) {
			out = append(out, c)
		}
	}
	return out
}

// capabilities are what this sandbox advertises in /ServiceProviderConfig.
// The *-declared-ignored faults keep a declaration whose behaviour is gone;
// they are checked where the behaviour lives (honoursSort, honoursIfMatch).
func (s *Sandbox) capabilities() engine.Capabilities {
	return engine.Capabilities{
		Patch: s.caps.on(CapPatch), Filter: true, Sort: s.caps.on(CapSort), ETag: s.caps.on(CapETag),
		Bulk: s.caps.on(CapBulk), BulkMaxOps: s.bulkMaxOps, BulkMaxPayload: int(s.bulkMaxPayload),
		MaxResults: MaxResults,
	}
}

// honoursSort: sortBy is applied only when sort is on and not faulted away.
func (s *Sandbox) honoursSort() bool {
	return s.caps.on(CapSort) && !s.faults.on(FaultSortDeclaredIgnored)
}

// honoursIfMatch: If-Match is checked only when etag is on and not faulted away.
func (s *Sandbox) honoursIfMatch() bool {
	return s.caps.on(CapETag) && !s.faults.on(FaultETagDeclaredIgnored)
}
