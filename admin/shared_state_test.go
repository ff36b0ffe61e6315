package admin

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/scimharness/scimharness/simulator"
)

func TestEffectOf(t *testing.T) {
	const base = "https://cantara.example/admin/v1"
	for _, tc := range []struct {
		method, url string
		want        Effect
	}{
		{http.MethodPost, base + "/clock", EffectClock},
		{http.MethodGet, base + "/clock", EffectNone},
		{http.MethodPost, base + "/tenants", EffectTenants},
		{http.MethodGet, base + "/tenants", EffectNone},
		{http.MethodPost, base + "/tenants/t1/provisioning-tokens", EffectTokens},
		{http.MethodDelete, base + "/tenants/t1/provisioning-tokens/k1", EffectTokens},
		{http.MethodGet, base + "/tenants/t1/provisioning-tokens", EffectNone},
		{http.MethodPost, base + "/tenants/t1/accounts", EffectNone},
		{http.MethodPost, "https://cantara.example/scim/v2/t1/Users", EffectNone},
		{http.MethodPost, "https://other.example/admin/v1/clock", EffectNone},
		{http.MethodPost, "https://cantara.example/admin/v2/clock", EffectNone},
	} {
		got := EffectOf(base, &simulator.Exchange{Method: tc.method, URL: tc.url})
		assert.Equal(t, tc.want, got, "%s %s", tc.method, tc.url)
	}
	assert.Equal(t, EffectNone, EffectOf("", &simulator.Exchange{Method: http.MethodPost, URL: base + "/clock"}), "no admin API")
	assert.Equal(t, EffectNone, EffectOf(base, nil))
}
