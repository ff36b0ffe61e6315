package harness

import (
	"fmt"
	"io"
	"strings"

	"github.com/scimharness/scimharness/reports"
	"github.com/scimharness/scimharness/steps"
)

// capabilityList describes what the target offers, in the order a reader
// needs it: admin API and clock first (they gate the contract scenarios),
// then user-supplied tokens, then what /ServiceProviderConfig declares.
func capabilityList(t steps.Target, c steps.Capabilities) []reports.Capability {
	reason := func(key string, ok bool) string {
		if ok {
			return ""
		}
		return c.Reason(key)
	}
	spc := func(name, key string, ok bool) reports.Capability {
		detail := reason(key, ok)
		if !ok && c.Reasons[key] == "" {
			detail = "ServiceProviderConfig: " + key + ".supported is false"
		}
		return reports.Capability{Name: name, Supported: ok, Detail: detail}
	}
	filterDetail := reason("filter", c.SPC.Filter)
	if c.SPC.Filter && c.SPC.MaxResults > 0 {
		filterDetail = fmt.Sprintf("maxResults %d", c.SPC.MaxResults)
	}
	return []reports.Capability{
		{Name: "admin API", Supported: c.Admin, Detail: reason("admin", c.Admin)},
		{Name: "sandbox clock", Supported: c.Clock, Detail: reason("clock", c.Clock)},
		{Name: "embedded sandbox", Supported: c.Sandbox, Detail: reason("sandbox", c.Sandbox)},
		{Name: "expired token", Supported: t.ExpiredToken != "", Detail: givenOr(t.ExpiredToken, "SCIM_EXPIRED_TOKEN not given")},
		{Name: "deleted token", Supported: t.RevokedToken != "", Detail: givenOr(t.RevokedToken, "SCIM_REVOKED_TOKEN not given")},
		spc("PATCH", "patch", c.SPC.Patch),
		{Name: "filter", Supported: c.SPC.Filter, Detail: filterDetail},
		spc("sort", "sort", c.SPC.Sort),
		spc("ETag", "etag", c.SPC.ETag),
		spc("bulk", "bulk", c.SPC.Bulk),
		spc("changePassword", "changePassword", c.SPC.ChangePassword),
	}
}

func givenOr(value, missing string) string {
	if value != "" {
		return ""
	}
	return missing
}

// printCapabilities writes the one-line view shown before the run starts.
func printCapabilities(w io.Writer, caps []reports.Capability) {
	var have, lack []string
	for _, c := range caps {
		if c.Supported {
			have = append(have, c.Name)
		} else {
			lack = append(lack, c.Name)
		}
	}
	if len(have) == 0 {
		have = []string{"none"}
	}
	if len(lack) == 0 {
		lack = []string{"none"}
	}
	fmt.Fprintf(w, "target supports: %s\n", strings.Join(have, ", "))
	fmt.Fprintf(w, "target lacks:    %s (scenarios needing these are skipped, with the reason)\n", strings.Join(lack, ", "))
}
