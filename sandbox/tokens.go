package sandbox

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/scimharness/scimharness/sandbox/engine"
)

// TokenPrefix marks provisioning tokens so secret scanners can find leaked
// ones (contract section 3: "a fixed recognisable prefix").
const TokenPrefix = "cnt_pt_"

// Token lifetimes (contract section 1.2 and the admin table).
const (
	DefaultTokenTTL = 30 * 24 * time.Hour
	MaxTokenTTL     = 366 * 24 * time.Hour
	faultTokenTTL   = 90 * 24 * time.Hour
)

// newSecret returns a fresh token: the prefix plus 32 random bytes, base64url.
func newSecret() string {
	var b [32]byte
	_, _ = rand.Read(b[:]) // never fails: crypto/rand crashes the program instead (Go 1.24+)
	return TokenPrefix + base64.RawURLEncoding.EncodeToString(b[:])
}

func hashSecret(secret string) [32]byte { return sha256.Sum256([]byte(secret)) }

// newID returns a random RFC 4122 version 4 UUID string.
func newID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // never fails, see newSecret
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// hint is the part of a secret the listing may show: its last 4 characters.
func hint(secret string) string {
	if len(secret) <= 4 {
		return ""
	}
	return secret[len(secret)-4:]
}

// IssueToken creates a provisioning token for a tenant. A zero expiresAt means
// the default (30 days from the sandbox clock). The secret is returned once and
// only its SHA-256 is stored.
func (s *Sandbox) IssueToken(tenantID string, expiresAt time.Time) (string, TokenInfo, error) {
	if _, ok := s.store.Tenant(tenantID); !ok {
		return "", TokenInfo{}, &AdminError{Status: http.StatusNotFound, Code: "not_found",
			Detail: engine.Detailf("expected an existing tenant, got %q", tenantID)}
	}
	now := s.clock.Now()
	if s.faults.on(FaultTokenIgnoreChosenExpiry) {
		expiresAt = time.Time{}
	}
	if expiresAt.IsZero() {
		ttl := DefaultTokenTTL
		if s.faults.on(FaultTokenDefaultExpiry90d) {
			ttl = faultTokenTTL
		}
		expiresAt = now.Add(ttl)
	}
	expiresAt = expiresAt.UTC()
	maxTTL := MaxTokenTTL
	if s.faults.on(FaultTokenMaxExpiry90d) {
		maxTTL = faultTokenTTL
	}
	past := !expiresAt.After(now) && !s.faults.on(FaultAcceptPastExpiry)
	tooFar := expiresAt.After(now.Add(maxTTL)) && !s.faults.on(FaultAcceptLongExpiry)
	if past || tooFar {
		return "", TokenInfo{}, &AdminError{Status: http.StatusBadRequest, Code: "invalid_expiry",
			Detail: fmt.Sprintf("expected an expiry after %s and at most 366 days away, got %s",
				now.Format(time.RFC3339), expiresAt.Format(time.RFC3339))}
	}
	secret := s.newTokenSecret()
	info, err := s.storeToken(tenantID, secret, now, expiresAt)
	if err != nil {
		return "", TokenInfo{}, err
	}
	return secret, info, nil
}

// RegisterToken stores a caller-chosen secret (scimharness sandbox --token)
// with the default 30-day expiry, so teams can script against fixed credentials.
func (s *Sandbox) RegisterToken(tenantID, secret string) (TokenInfo, error) {
	if err := checkFixedSecret(secret); err != nil {
		return TokenInfo{}, err
	}
	if _, ok := s.store.Tenant(tenantID); !ok {
		return TokenInfo{}, fmt.Errorf("expected an existing tenant, got %q", tenantID)
	}
	now := s.clock.Now()
	return s.storeToken(tenantID, secret, now, now.Add(DefaultTokenTTL))
}

// MinFixedSecret is the shortest token a team may fix by hand (--token,
// --admin-token). Tokens work like passwords, and a very short one would
// also slip past masking, which ignores strings too short to be secrets.
const MinFixedSecret = 12

// checkFixedSecret vets a token given by a person rather than generated.
func checkFixedSecret(secret string) error {
	if strings.TrimSpace(secret) == "" || strings.ContainsAny(secret, " \t\r\n") {
		return fmt.Errorf("expected a token without whitespace, got an empty or spaced value")
	}
	if len(secret) < MinFixedSecret {
		return fmt.Errorf("expected a token of at least %d characters, got %d", MinFixedSecret, len(secret))
	}
	return nil
}

// storeToken keeps the SHA-256 of secret, never the secret itself (unless
// the token-in-listing fault asks for the leak), with the listing's hint.
func (s *Sandbox) storeToken(tenantID, secret string, now, expiresAt time.Time) (TokenInfo, error) {
	rec := TokenRecord{
		TokenInfo: TokenInfo{ID: newID(), TenantID: tenantID, CreatedAt: now, ExpiresAt: expiresAt, Hint: s.hintOf(secret)},
		Hash:      hashSecret(secret),
	}
	if s.faults.on(FaultTokenInListing) {
		rec.Secret = secret
	}
	if err := s.store.PutToken(rec); err != nil {
		return TokenInfo{}, err
	}
	return rec.TokenInfo, nil
}

// bearer extracts the credential of an "Authorization: Bearer x" header.
// present reports whether any Authorization header was sent at all.
func bearer(r *http.Request) (token string, present bool) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return "", false
	}
	scheme, cred, ok := strings.Cut(strings.TrimSpace(h), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", true
	}
	return strings.TrimSpace(cred), true
}

// authorizedForTenant decides whether the request's token opens tenantID.
// Every failure reason yields the same false, so callers cannot leak which
// one applied (contract section 2: the answers must be identical).
func (s *Sandbox) authorizedForTenant(r *http.Request, tenantID string) bool {
	token, present := bearer(r)
	if !present {
		return s.faults.on(FaultAcceptMissingToken)
	}
	if token == "" {
		return false
	}
	h := hashSecret(token)
	rec, ok := s.store.TokenByHash(h)
	// The map lookup is keyed by a hash the caller cannot steer; the final
	// comparison is constant time as the contract asks.
	if !ok || subtle.ConstantTimeCompare(rec.Hash[:], h[:]) != 1 {
		return s.faults.on(FaultAcceptUnknownToken) && strings.HasPrefix(token, TokenPrefix)
	}
	if rec.Deleted && !s.faults.on(FaultAcceptDeletedTokens) {
		return false
	}
	if !s.clock.Now().Before(rec.ExpiresAt) && !s.faults.on(FaultAcceptExpiredTokens) {
		return false
	}
	if rec.TenantID != tenantID && !s.faults.on(FaultAcceptOtherTenantToken) {
		return false
	}
	return true
}

// adminAuthorized checks the admin token in constant time.
func (s *Sandbox) adminAuthorized(r *http.Request) bool {
	token, _ := bearer(r)
	h := hashSecret(token)
	return token != "" && subtle.ConstantTimeCompare(h[:], s.adminHash[:]) == 1
}

func tokenStatus(rec TokenRecord, now time.Time) string {
	if now.Before(rec.ExpiresAt) {
		return tokenStatusActive
	}
	return tokenStatusExpired
}

// newTokenSecret is newSecret with the token-format faults applied.
func (s *Sandbox) newTokenSecret() string {
	switch {
	case s.faults.on(FaultTokenWithoutPrefix):
		return strings.TrimPrefix(newSecret(), TokenPrefix)
	case s.faults.on(FaultShortTokenSecret):
		// 20 bytes in hex: 40 characters, long enough to pass a naive
		// length check, 160 bits where the contract asks for 256.
		var b [20]byte
		_, _ = rand.Read(b[:])
		return TokenPrefix + hex.EncodeToString(b[:])
	}
	return newSecret()
}

// hintOf is hint with the token-hint-first-4 fault applied.
func (s *Sandbox) hintOf(secret string) string {
	if s.faults.on(FaultTokenHintFirst4) && len(secret) > 4 {
		return secret[:4]
	}
	return hint(secret)
}

// writeUnauthorizedFor answers a refused SCIM request: writeUnauthorized,
// the one answer for every reason, unless a fault makes it tell them apart.
func (s *Sandbox) writeUnauthorizedFor(w http.ResponseWriter, r *http.Request, tenantID string) {
	if s.faults.on(FaultUnknownTenant404) {
		if _, ok := s.store.Tenant(tenantID); !ok {
			writeSCIMError(w, s.scimErr(engine.Errorf(http.StatusNotFound, "", "expected an existing tenant, got %q", tenantID)))
			return
		}
	}
	if s.faults.on(FaultOtherTenantDistinct401) {
		if token, _ := bearer(r); token != "" {
			if rec, ok := s.store.TokenByHash(hashSecret(token)); ok && rec.TenantID != tenantID {
				w.Header().Set("WWW-Authenticate", `Bearer realm="`+authRealm+`"`)
				writeSCIMError(w, s.scimErr(engine.Errorf(http.StatusUnauthorized, "", "this token belongs to another tenant")))
				return
			}
		}
	}
	if s.faults.on(FaultPlain401Body) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="`+authRealm+`"`)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte("Unauthorized\n"))
		return
	}
	if s.faults.on(FaultNoBearerChallenge) {
		writeSCIMError(w, s.scimErr(engine.Errorf(http.StatusUnauthorized, "", "a valid provisioning token is required")))
		return
	}
	s.writeUnauthorized(w)
}
