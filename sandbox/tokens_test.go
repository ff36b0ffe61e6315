package sandbox

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTokenFormatAndStorage(t *testing.T) {
	e := newEnv(t)
	require.True(t, strings.HasPrefix(e.token, TokenPrefix), "expected prefix %s", TokenPrefix)
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(e.token, TokenPrefix))
	require.NoError(t, err)
	assert.Len(t, raw, 32, "expected 32 random bytes")

	recs := e.sb.store.Tokens(e.tenant)
	require.Len(t, recs, 1)
	assert.Equal(t, sha256.Sum256([]byte(e.token)), recs[0].Hash, "expected only the SHA-256 to be stored")
	assert.Empty(t, recs[0].Secret, "expected no secret in the store")
	assert.Equal(t, e.token[len(e.token)-4:], recs[0].Hint)
}

func TestTokensAreUnique(t *testing.T) {
	e := newEnv(t)
	seen := map[string]bool{e.token: true}
	for range 50 {
		tok, _, err := e.sb.IssueToken(e.tenant, time.Time{})
		require.NoError(t, err)
		require.False(t, seen[tok], "expected fresh tokens, got a repeat")
		seen[tok] = true
	}
}

func TestIssueTokenExpiry(t *testing.T) {
	day := 24 * time.Hour
	tests := []struct {
		name    string
		expires time.Time
		want    time.Time
		status  int
	}{
		{"default is 30 days", time.Time{}, testStart.Add(30 * day), 0},
		{"custom 7 days", testStart.Add(7 * day), testStart.Add(7 * day), 0},
		{"custom 366 days is the maximum", testStart.Add(366 * day), testStart.Add(366 * day), 0},
		{"367 days is too far", testStart.Add(367 * day), time.Time{}, http.StatusBadRequest},
		{"past", testStart.Add(-time.Hour), time.Time{}, http.StatusBadRequest},
		{"now is not in the future", testStart, time.Time{}, http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			_, info, err := e.sb.IssueToken(e.tenant, tt.expires)
			if tt.status != 0 {
				var ae *AdminError
				require.ErrorAs(t, err, &ae)
				assert.Equal(t, tt.status, ae.Status)
				assert.Equal(t, "invalid_expiry", ae.Code)
				return
			}
			require.NoError(t, err)
			assert.True(t, tt.want.Equal(info.ExpiresAt), "expected expiry %s, got %s", tt.want, info.ExpiresAt)
		})
	}
}

// TestUnauthorizedAnswersAreIdentical: missing, malformed, unknown, expired,
// deleted and other-tenant tokens must be indistinguishable (contract §2).
func TestUnauthorizedAnswersAreIdentical(t *testing.T) {
	e := newEnv(t)
	other, err := e.sb.CreateTenant("Other", "other")
	require.NoError(t, err)
	otherTok, _, err := e.sb.IssueToken(other.ID, time.Time{})
	require.NoError(t, err)
	expiring, _, err := e.sb.IssueToken(e.tenant, testStart.Add(time.Hour))
	require.NoError(t, err)
	deleted, info, err := e.sb.IssueToken(e.tenant, time.Time{})
	require.NoError(t, err)
	require.Equal(t, http.StatusNoContent, e.do("DELETE", e.admin("/provisioning-tokens/"+info.ID), nil).Status)
	e.sb.Clock().Advance(2 * time.Hour)

	cases := []struct {
		name string
		opt  reqOpt
		path string
	}{
		{"missing", withToken(""), e.scim("/Users")},
		{"malformed scheme", withHeader("Authorization", "Basic dXNlcjpwYXNz"), e.scim("/Users")},
		{"empty bearer", withHeader("Authorization", "Bearer "), e.scim("/Users")},
		{"unknown", withToken(TokenPrefix + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"), e.scim("/Users")},
		{"expired", withToken(expiring), e.scim("/Users")},
		{"deleted", withToken(deleted), e.scim("/Users")},
		{"other tenant", withToken(otherTok), e.scim("/Users")},
		{"unknown tenant", withToken(e.token), "/scim/v2/nope/Users"},
		{"admin token on SCIM", withToken("admin-secret"), e.scim("/Users")},
	}
	var first *resp
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := e.do("GET", c.path, nil, c.opt)
			require.Equal(t, http.StatusUnauthorized, r.Status, r.String())
			assert.Equal(t, `Bearer realm="cantara-scim"`, r.Header.Get("WWW-Authenticate"))
			assert.Equal(t, "application/scim+json", r.Header.Get("Content-Type"))
			assert.Equal(t, "401", r.get("status").String())
			assert.Equal(t, "urn:ietf:params:scim:api:messages:2.0:Error", r.get("schemas.0").String())
			if first == nil {
				first = &r
				return
			}
			assert.Equal(t, string(first.Body), string(r.Body), "expected byte-identical bodies")
			assert.Equal(t, first.Header, r.Header, "expected identical headers")
		})
	}
	// The same token still works where it belongs.
	assert.Equal(t, http.StatusOK, e.do("GET", "/scim/v2/other/Users", nil, withToken(otherTok)).Status)
}

func TestTokenExpiresAgainstSandboxClock(t *testing.T) {
	e := newEnv(t)
	assert.Equal(t, http.StatusOK, e.do("GET", e.scim("/Users"), nil).Status)
	e.sb.Clock().Advance(30*24*time.Hour - time.Second)
	assert.Equal(t, http.StatusOK, e.do("GET", e.scim("/Users"), nil).Status, "expected a token valid until its expiry")
	e.sb.Clock().Advance(time.Second)
	assert.Equal(t, http.StatusUnauthorized, e.do("GET", e.scim("/Users"), nil).Status, "expected expired at 30 days")
}

func TestRegisterToken(t *testing.T) {
	e := newEnv(t)
	info, err := e.sb.RegisterToken(e.tenant, "fixed-team-token")
	require.NoError(t, err)
	assert.Equal(t, testStart.Add(DefaultTokenTTL), info.ExpiresAt)
	assert.Equal(t, http.StatusOK, e.do("GET", e.scim("/Users"), nil, withToken("fixed-team-token")).Status)
	_, err = e.sb.RegisterToken(e.tenant, "has space")
	assert.Error(t, err)
	_, err = e.sb.RegisterToken("missing", "fixed-team-token")
	assert.Error(t, err)
	_, err = e.sb.RegisterToken(e.tenant, "short-token")
	assert.ErrorContains(t, err, "at least 12 characters")
	_, err = New(Options{AdminToken: "adm"})
	assert.ErrorContains(t, err, "admin token: expected a token of at least 12 characters, got 3")
}

// A registered token is stored like an issued one, so the listing faults
// apply to it as well.
func TestRegisterTokenHonoursListingFaults(t *testing.T) {
	cases := []struct {
		name  string
		fault Fault
		hint  string
	}{
		{name: "no fault: the last 4 characters", hint: "WXYZ"},
		{name: "token-hint-first-4: the first 4", fault: FaultTokenHintFirst4, hint: "abcd"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var faults []Fault
			if tc.fault != "" {
				faults = append(faults, tc.fault)
			}
			e := newEnv(t, faults...)
			info, err := e.sb.RegisterToken(e.tenant, "abcdefghWXYZ")
			require.NoError(t, err)
			assert.Equal(t, tc.hint, info.Hint)
		})
	}
}

func TestBearerSchemeIsCaseInsensitive(t *testing.T) {
	e := newEnv(t)
	r := e.do("GET", e.scim("/Users"), nil, withHeader("Authorization", "bearer "+e.token))
	assert.Equal(t, http.StatusOK, r.Status)
}
