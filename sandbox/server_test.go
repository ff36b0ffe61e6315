package sandbox

import (
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStartServesOverTCP(t *testing.T) {
	srv, err := Start(Options{}, "")
	require.NoError(t, err)
	defer func() { assert.NoError(t, srv.Close()) }()
	sb := srv.Sandbox()
	tn, err := sb.CreateTenant("Acme", "")
	require.NoError(t, err)
	tok, _, err := sb.IssueToken(tn.ID, time.Time{})
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(sb.AdminToken(), "cnt_adm_"))

	req, _ := http.NewRequest("GET", srv.TenantURL(tn.ID)+"/ServiceProviderConfig", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Contains(t, string(body), srv.TenantURL(tn.ID))

	req, _ = http.NewRequest("GET", srv.AdminURL()+"/tenants", nil)
	req.Header.Set("Authorization", "Bearer "+sb.AdminToken())
	res, err = http.DefaultClient.Do(req)
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusOK, res.StatusCode)

	require.NoError(t, srv.Close())
	assert.NoError(t, srv.Close(), "expected Close to be idempotent")
	_, err = Start(Options{}, "256.0.0.1:1")
	assert.Error(t, err)
}

func TestRequestLogNeverCarriesTokens(t *testing.T) {
	var buf strings.Builder
	sb, err := New(Options{Logger: slog.New(slog.NewTextHandler(&buf, nil)), Clock: NewFixedClock(testStart)})
	require.NoError(t, err)
	_, err = sb.CreateTenant("Acme", "acme")
	require.NoError(t, err)
	e := &env{t: t, sb: sb, h: sb.Handler(), tenant: "acme"}
	tok, _, err := sb.IssueToken("acme", time.Time{})
	require.NoError(t, err)
	e.token = tok
	e.do("GET", e.scim("/Users?filter=userName+eq+%22secret-looking%22"), nil)
	created := e.do("POST", e.admin("/provisioning-tokens"), nil, withToken(sb.AdminToken()))
	require.Equal(t, http.StatusCreated, created.Status)
	e.do("GET", e.scim("/Users"), nil, withToken("cnt_pt_wrongwrongwrong"))

	log := buf.String()
	for _, secret := range []string{tok, sb.AdminToken(), created.get("token").String(), "cnt_pt_", "secret-looking"} {
		assert.NotContains(t, log, secret)
	}
	for _, want := range []string{"method=GET", "path=/scim/v2/acme/Users", "status=200", "status=201", "status=401", "duration="} {
		assert.Contains(t, log, want)
	}
}
