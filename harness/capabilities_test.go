package harness

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/scimharness/scimharness/reports"
	"github.com/scimharness/scimharness/steps"
)

func TestCapabilityList(t *testing.T) {
	tests := []struct {
		name   string
		target steps.Target
		caps   steps.Capabilities
		want   map[string]reports.Capability
	}{
		{
			name:   "external target without admin API",
			target: steps.Target{ExpiredToken: "x"},
			caps: steps.Capabilities{
				SPC:     steps.ServiceProviderConfig{Patch: true, Filter: true, MaxResults: 200},
				Reasons: map[string]string{"admin": "no admin API given (CANTARA_ADMIN_URL / --admin-url)", "sort": "unknown: GET /ServiceProviderConfig answered 500"},
			},
			want: map[string]reports.Capability{
				"admin API":     {Name: "admin API", Detail: "no admin API given (CANTARA_ADMIN_URL / --admin-url)"},
				"expired token": {Name: "expired token", Supported: true},
				"deleted token": {Name: "deleted token", Detail: "SCIM_REVOKED_TOKEN not given"},
				"PATCH":         {Name: "PATCH", Supported: true},
				"filter":        {Name: "filter", Supported: true, Detail: "maxResults 200"},
				"sort":          {Name: "sort", Detail: "unknown: GET /ServiceProviderConfig answered 500"},
				"bulk":          {Name: "bulk", Detail: "ServiceProviderConfig: bulk.supported is false"},
			},
		},
		{
			name:   "embedded sandbox",
			target: steps.Target{ExpiredToken: "x", RevokedToken: "y"},
			caps:   steps.Capabilities{Admin: true, Clock: true, Sandbox: true},
			want: map[string]reports.Capability{
				"admin API":        {Name: "admin API", Supported: true},
				"sandbox clock":    {Name: "sandbox clock", Supported: true},
				"embedded sandbox": {Name: "embedded sandbox", Supported: true},
				"deleted token":    {Name: "deleted token", Supported: true},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := map[string]reports.Capability{}
			for _, c := range capabilityList(tt.target, tt.caps) {
				got[c.Name] = c
			}
			for name, want := range tt.want {
				assert.Equal(t, want, got[name], name)
			}
		})
	}
}

func TestPrintCapabilities(t *testing.T) {
	var b strings.Builder
	printCapabilities(&b, []reports.Capability{{Name: "admin API", Supported: true}, {Name: "bulk"}, {Name: "sort"}})
	assert.Equal(t, "target supports: admin API\ntarget lacks:    bulk, sort (scenarios needing these are skipped, with the reason)\n", b.String())
}
