package steps

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/cucumber/godog"

	"github.com/scimharness/scimharness/admin"
	"github.com/scimharness/scimharness/simulator"
)

// minTokenPrefix: shorter than this, a "prefix" is no signal a secret
// scanner could match on.
const minTokenPrefix = 3

// minTokenBits is the contract's "at least 32 random bytes".
const minTokenBits = 32 * 8

// expiryMargin keeps a chosen expiry a little inside the limit, so clock
// skew between harness and target cannot push "366 days" over the edge.
const expiryMargin = time.Minute

func registerTokenRuleSteps(sc *godog.ScenarioContext) {
	sc.Step(`^an administrator tries to generate a provisioning token that expires (\d+) days? (ago|from now)$`, tryGenerateToken)
	sc.Step(`^Cantara refuses the expiry date as invalid$`, expiryRefused)
	sc.Step(`^an administrator generates (\d+) provisioning tokens$`, generateTokens)
	sc.Step(`^the tokens share a recognisable prefix of at least 3 characters$`, tokensSharePrefix)
	sc.Step(`^each token carries at least 32 random bytes after the prefix$`, tokensCarryEntropy)
	sc.Step(`^no two tokens are the same$`, tokensDiffer)
}

// tryGenerateToken asks for a token with an expiry the contract forbids; a
// refusal is the expected outcome, kept for the Then step.
func tryGenerateToken(ctx context.Context, days int, when string) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	d := time.Duration(days) * 24 * time.Hour
	if when == "ago" {
		d = -d
	}
	at := w.targetNow(ctx).Add(d).Truncate(time.Second)
	tid := w.Env.Target.Tenant()
	t, err := w.Admin.CreateToken(ctx, tid, &at) // the adapter masks any secret at once
	w.remember(w.Admin.LastExchange())
	if t.ID != "" {
		w.deferTokenDeletion("delete the token that should have been refused", tid, t.ID)
	}
	switch {
	case err == nil:
		w.scratch().tokenErr = errNoRefusal
	case admin.ExchangeOf(err) == nil:
		return ctx, w.opFailed("an administrator generates a provisioning token", nil, err) // no answer: not a verdict
	default:
		w.scratch().tokenErr = err
	}
	return ctx, nil
}

var errNoRefusal = errors.New("201 with a token")

func expiryRefused(ctx context.Context) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	got := w.scratch().tokenErr
	if got == nil {
		return ctx, w.failf("expected an administrator's attempt to generate a token earlier in this scenario, got none")
	}
	if errors.Is(got, errNoRefusal) {
		return ctx, w.mismatch(ctx, "generating a token with that expiry date", `400 with error "invalid_expiry"`, "201 with a token")
	}
	return ctx, w.checkAdminError(ctx, "generating a token with that expiry date", admin.ExchangeOf(got), http.StatusBadRequest, "invalid_expiry")
}

// checkAdminError checks an admin API error answer: the status, and the
// contract's body {"error":"<code>","detail":"<text>"}. code "" accepts any.
func (w *World) checkAdminError(ctx context.Context, what string, ex *simulator.Exchange, status int, code string) error {
	if ex == nil {
		return w.failf("%s: expected an HTTP answer, got none", what)
	}
	w.remember(ex)
	if ex.Status != status {
		return w.mismatch(ctx, what+": status", status, ex.Status)
	}
	var doc map[string]any
	if err := json.Unmarshal(ex.ResponseBody, &doc); err != nil {
		return w.mismatch(ctx, what+": error body", `{"error":"<code>","detail":"<text>"}`, fmt.Sprintf("%d bytes that are not a JSON object", len(ex.ResponseBody)))
	}
	gotCode, okCode := doc["error"].(string)
	_, okDetail := doc["detail"].(string)
	if !okCode || !okDetail || gotCode == "" {
		return w.mismatch(ctx, what+": error body", `{"error":"<code>","detail":"<text>"}`, string(ex.ResponseBody))
	}
	if code != "" && gotCode != code {
		return w.mismatch(ctx, what+": error code", fmt.Sprintf("%q", code), fmt.Sprintf("%q", gotCode))
	}
	return nil
}

// generateTokens generates n tokens under the aliases "token 1" … "token n".
func generateTokens(ctx context.Context, n int) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	if n < 2 {
		return ctx, w.failf("expected at least 2 tokens to compare, got %d", n)
	}
	s := w.scratch()
	for i := 1; i <= n; i++ {
		alias := fmt.Sprintf("token %d", i)
		if _, err := w.createToken(ctx, w.Env.Target.Tenant(), alias, nil); err != nil {
			return ctx, err
		}
		s.secrets = append(s.secrets, alias)
	}
	return ctx, nil
}

// generatedSecrets returns the World and the secrets of the tokens
// generated together.
func generatedSecrets(ctx context.Context) (*World, []string, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return nil, nil, err
	}
	aliases := w.scratch().secrets
	if len(aliases) < 2 {
		return w, nil, w.failf("expected several tokens generated earlier in this scenario, got %d", len(aliases))
	}
	out := make([]string, 0, len(aliases))
	for _, a := range aliases {
		s, ok := w.Token(a)
		if !ok {
			return w, nil, w.failf("expected the secret of %q, got none", a)
		}
		out = append(out, s)
	}
	return w, out, nil
}

// commonPrefix is the longest prefix of every string. With four tokens
// the chance that the random parts add a character is 1 in 64³.
func commonPrefix(ss []string) string {
	p := ss[0]
	for _, s := range ss[1:] {
		i := 0
		for i < len(p) && i < len(s) && p[i] == s[i] {
			i++
		}
		p = p[:i]
	}
	return p
}

func tokensSharePrefix(ctx context.Context) (context.Context, error) {
	w, secrets, err := generatedSecrets(ctx)
	if err != nil {
		return ctx, err
	}
	// The prefix is public by design (scanners match it), so it may be shown.
	if p := commonPrefix(secrets); len(p) < minTokenPrefix {
		return ctx, w.mismatch(ctx, "the tokens' common prefix", fmt.Sprintf("a fixed prefix of at least %d characters", minTokenPrefix), fmt.Sprintf("%q", p))
	}
	return ctx, nil
}

// randomBits estimates the random bits in s from the alphabet it uses:
// hex 4 bits a character, base32 5, base64/base64url 6 (padding ignored).
func randomBits(s string) (bits int, encoding string) {
	s = strings.TrimRight(s, "=")
	is := func(ok func(r rune) bool) bool {
		for _, r := range s {
			if !ok(r) {
				return false
			}
		}
		return true
	}
	switch {
	case is(func(r rune) bool { return strings.ContainsRune("0123456789abcdef", r) }),
		is(func(r rune) bool { return strings.ContainsRune("0123456789ABCDEF", r) }):
		return 4 * len(s), "hex"
	case is(func(r rune) bool { return strings.ContainsRune("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", r) }):
		return 5 * len(s), "base32"
	}
	return 6 * len(s), "base64"
}

func tokensCarryEntropy(ctx context.Context) (context.Context, error) {
	w, secrets, err := generatedSecrets(ctx)
	if err != nil {
		return ctx, err
	}
	p := commonPrefix(secrets)
	for i, s := range secrets {
		bits, enc := randomBits(s[len(p):])
		if bits < minTokenBits {
			// Only lengths and the alphabet: never the token itself.
			return ctx, w.mismatch(ctx, fmt.Sprintf("token %d after its prefix", i+1),
				fmt.Sprintf("at least %d random bits (32 bytes)", minTokenBits),
				fmt.Sprintf("%d %s characters, about %d bits", len(s)-len(p), enc, bits))
		}
	}
	return ctx, nil
}

func tokensDiffer(ctx context.Context) (context.Context, error) {
	w, secrets, err := generatedSecrets(ctx)
	if err != nil {
		return ctx, err
	}
	seen := map[string]int{}
	for i, s := range secrets {
		if j, dup := seen[s]; dup {
			return ctx, w.mismatch(ctx, "the generated tokens", "a different token each time", fmt.Sprintf("token %d equal to token %d", i+1, j+1))
		}
		seen[s] = i + 1
	}
	return ctx, nil
}
