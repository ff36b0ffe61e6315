package simulator

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
)

// TokenPrefix is the fixed prefix of Cantara provisioning tokens
// (cantara-contract.md section 3: "a fixed recognisable prefix so secret
// scanners can find leaked ones"). Anything that looks like such a token is
// masked even when the Masker was never told about it.
const TokenPrefix = "cnt_pt_"

// Masked forms. They never contain the secret, not even a hint, so a report
// can be published as is.
const (
	maskedToken  = TokenPrefix + "…[masked]"
	maskedSecret = "[masked]"
	maskedBearer = "Bearer [masked]"
)

// minSecretLen guards against masking every occurrence of a trivial string
// ("a", "x") when a user configures a silly admin token.
const minSecretLen = 4

var (
	// prefixed tokens: base64url alphabet after the prefix.
	tokenPattern = regexp.MustCompile(regexp.QuoteMeta(TokenPrefix) + `[A-Za-z0-9_\-]+`)
	// "Bearer <credential>" anywhere in free text; the length floor keeps
	// `Bearer realm="scim"` (a WWW-Authenticate challenge) readable.
	bearerPattern = regexp.MustCompile(`(?i)\bbearer\s+[A-Za-z0-9._~+/\-]{12,}=*`)
	// a header line "Authorization: ..." in a transcript is masked whole.
	authLinePattern = regexp.MustCompile(`(?im)^([ \t<>]*authorization:[ \t]*).*$`)
)

// Masker knows every secret in play (provisioning tokens, the admin token,
// expired and revoked tokens, tokens created during the run) and removes
// them from any text that may leave the process. It is safe for concurrent
// use; the zero value is ready and masks by pattern only.
type Masker struct {
	mu      sync.RWMutex
	secrets []string // longest first, so a secret containing another is masked whole
}

// NewMasker returns a Masker that already knows secrets (empty ones are ignored).
func NewMasker(secrets ...string) *Masker {
	m := &Masker{}
	m.Add(secrets...)
	return m
}

// Add registers secrets; call it the moment a new token is seen.
func (m *Masker) Add(secrets ...string) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, s := range secrets {
		s = strings.TrimSpace(s)
		if len(s) < minSecretLen || slices.Contains(m.secrets, s) {
			continue
		}
		m.secrets = append(m.secrets, s)
	}
	sort.SliceStable(m.secrets, func(i, j int) bool { return len(m.secrets[i]) > len(m.secrets[j]) })
}

// Known reports how many secrets the Masker holds (for tests and diagnostics).
func (m *Masker) Known() int {
	if m == nil {
		return 0
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	return len(m.secrets)
}

// Mask returns s with every known secret, every prefixed token, every
// bearer credential and every Authorization header line masked. A nil
// Masker still masks by pattern.
func (m *Masker) Mask(s string) string {
	if s == "" {
		return s
	}
	if m != nil {
		m.mu.RLock()
		for _, secret := range m.secrets {
			if strings.Contains(s, secret) {
				s = strings.ReplaceAll(s, secret, maskedFormOf(secret))
			}
		}
		m.mu.RUnlock()
	}
	s = authLinePattern.ReplaceAllString(s, "${1}"+maskedBearer)
	s = tokenPattern.ReplaceAllString(s, maskedToken)
	s = bearerPattern.ReplaceAllString(s, maskedBearer)
	return s
}

// MaskHeaderValue masks one header value: Authorization (and
// Proxy-Authorization) always, other headers by content.
func (m *Masker) MaskHeaderValue(name, value string) string {
	switch strings.ToLower(name) {
	case "authorization", "proxy-authorization":
		scheme, _, found := strings.Cut(value, " ")
		if found && strings.EqualFold(scheme, "bearer") {
			return maskedBearer
		}
		if value == "" {
			return ""
		}
		return maskedSecret
	}
	return m.Mask(value)
}

func maskedFormOf(secret string) string {
	if strings.HasPrefix(secret, TokenPrefix) {
		return maskedToken
	}
	return maskedSecret
}
