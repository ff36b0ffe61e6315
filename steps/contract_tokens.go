package steps

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"time"

	"github.com/cucumber/godog"

	"github.com/scimharness/scimharness/admin"
	"github.com/scimharness/scimharness/simulator"
)

// defaultTokenAlias names the token of steps that do not name one.
const defaultTokenAlias = "the token"

// expiryTolerance absorbs request latency and clock skew between the
// harness and the target when an expiry date is compared.
const expiryTolerance = 5 * time.Minute

// minTokenLength: the contract wants at least 32 random bytes, encoded;
// base64url makes that 43 characters, any other encoding more.
const minTokenLength = 43

// tokenState is what the scenario knows about a token it generated; the
// secret itself lives in World.tokens, away from anything printable.
type tokenState struct {
	info   admin.Token // Secret cleared
	tenant string
}

func registerTokenSteps(sc *godog.ScenarioContext) {
	sc.Step(`^an administrator generates (?:a|another) provisioning token(?: "([^"]*)")?(?: without choosing an expiry date)?$`, generateToken)
	sc.Step(`^an administrator generates a provisioning token(?: "([^"]*)")? that expires in (\d+) days$`, generateTokenExpiring)
	sc.Step(`^the token expires (\d+) days after it was created$`, tokenExpiresAfter)
	sc.Step(`^the token list shows the token with the same expiry date$`, listShowsSameExpiry)
	sc.Step(`^the token list shows the token as (active|expired)$`, listShowsStatus)
	sc.Step(`^the token was shown when it was generated$`, tokenWasShown)
	sc.Step(`^the token list shows the token by its last 4 characters only$`, listShowsHint)
	sc.Step(`^the token itself appears nowhere in the token list$`, listHasNoSecret)
	sc.Step(`^the SCIM endpoint (accepts|refuses) the token(?: "([^"]*)")?$`, endpointJudgesToken)
	sc.Step(`^the administrator deletes the token(?: "([^"]*)")?$`, deleteToken)
	sc.Step(`^(\d+) days? and (\d+) minutes? pass on the sandbox clock$`, advanceClock)
	sc.Step(`^the (expired|deleted) token supplied for this run$`, suppliedToken)
	sc.Step(`^another tenant with its own provisioning token "([^"]*)"$`, otherTenantToken)
	sc.Step(`^the request is refused as unauthorised$`, requestRefused)
	sc.Step(`^the refusal is the same as for a token that was never issued$`, refusalLikeUnknown)
}

// tokenAlias picks the alias a step names, else the current token.
func (w *World) tokenAlias(alias string) string {
	if alias != "" {
		return alias
	}
	if w.currentToken != "" {
		return w.currentToken
	}
	return defaultTokenAlias
}

// generated returns a token this scenario generated (alias "" → the current one).
func (w *World) generated(alias string) (*tokenState, error) {
	alias = w.tokenAlias(alias)
	t, ok := w.generatedTokens[alias]
	if !ok {
		return nil, w.failf("expected a provisioning token %q generated earlier in this scenario, got none", alias)
	}
	return t, nil
}

// targetNow is the target's idea of now: its sandbox clock when it has one
// (an earlier scenario may have moved it), else the harness's.
func (w *World) targetNow(ctx context.Context) time.Time {
	if w.Env.Caps.Clock {
		if now, err := w.Admin.Clock(ctx); err == nil {
			return now
		}
	}
	return time.Now().UTC()
}

// createToken generates a token for tenant, keeps its secret under alias and
// registers its deletion.
func (w *World) createToken(ctx context.Context, tenant, alias string, expiresAt *time.Time) (*tokenState, error) {
	t, err := w.Admin.CreateToken(ctx, tenant, expiresAt)
	if t.Secret != "" {
		w.SetToken(alias, t.Secret)
	}
	if t.ID != "" {
		w.deferTokenDeletion("delete provisioning token "+alias, tenant, t.ID)
	}
	if err := w.adminDone("an administrator generates a provisioning token", err); err != nil {
		return nil, err
	}
	t.Secret = ""
	st := &tokenState{info: t, tenant: tenant}
	w.generatedTokens[alias] = st
	w.currentToken = alias
	return st, nil
}

// deferTokenDeletion deletes a token at the end; already deleted (by the
// scenario itself) is fine.
func (w *World) deferTokenDeletion(desc, tenant, id string) {
	w.Defer(desc, func(ctx context.Context) error {
		if err := w.Admin.DeleteToken(ctx, tenant, id); err != nil && !errors.Is(err, admin.ErrNotFound) {
			return err
		}
		return nil
	})
}

func generateToken(ctx context.Context, alias string) (context.Context, error) {
	return generateTokenFor(ctx, alias, nil)
}

func generateTokenExpiring(ctx context.Context, alias string, days int) (context.Context, error) {
	return generateTokenFor(ctx, alias, &days)
}

// generateTokenFor generates a token of this tenant under alias ("" → the
// default), expiring in days when given, else at the target's default.
func generateTokenFor(ctx context.Context, alias string, days *int) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	if alias == "" {
		alias = defaultTokenAlias
	}
	var at *time.Time
	if days != nil {
		t := w.targetNow(ctx).Add(time.Duration(*days)*24*time.Hour - expiryMargin).Truncate(time.Second)
		at = &t
	}
	_, err = w.createToken(ctx, w.Env.Target.Tenant(), alias, at)
	return ctx, err
}

func tokenExpiresAfter(ctx context.Context, days int) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	t, err := w.generated("")
	if err != nil {
		return ctx, err
	}
	want := time.Duration(days) * 24 * time.Hour
	got := t.info.ExpiresAt.Sub(t.info.CreatedAt)
	if d := got - want; d > expiryTolerance || d < -expiryTolerance {
		return ctx, w.mismatch(ctx, "token lifetime (expiresAt - createdAt)", fmt.Sprintf("%d days", days), humanDuration(got))
	}
	return ctx, nil
}

// humanDuration prints a lifetime in days when it is a whole number of them.
func humanDuration(d time.Duration) string {
	day := 24 * time.Hour
	if d%day == 0 {
		return fmt.Sprintf("%d days", d/day)
	}
	return fmt.Sprintf("%.2f days (%s)", d.Hours()/24, d)
}

// listed finds the current token in the tenant's token list: the World,
// what the scenario knows of the token, and its list entry.
func listed(ctx context.Context) (*World, *tokenState, admin.TokenInfo, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return nil, nil, admin.TokenInfo{}, err
	}
	t, err := w.generated("")
	if err != nil {
		return w, nil, admin.TokenInfo{}, err
	}
	list, err := w.Admin.ListTokens(ctx, t.tenant)
	if err := w.adminDone("list provisioning tokens", err); err != nil {
		return w, t, admin.TokenInfo{}, err
	}
	for _, info := range list {
		if info.ID == t.info.ID {
			return w, t, info, nil
		}
	}
	return w, t, admin.TokenInfo{}, w.mismatch(ctx, "token list", "an entry with id "+t.info.ID, fmt.Sprintf("%d entries without it", len(list)))
}

func listShowsSameExpiry(ctx context.Context) (context.Context, error) {
	w, t, info, err := listed(ctx)
	if err != nil {
		return ctx, err
	}
	if !info.ExpiresAt.Truncate(time.Second).Equal(t.info.ExpiresAt.Truncate(time.Second)) {
		return ctx, w.mismatch(ctx, "expiresAt in the token list", t.info.ExpiresAt.Format(time.RFC3339), info.ExpiresAt.Format(time.RFC3339))
	}
	return ctx, nil
}

func listShowsStatus(ctx context.Context, status string) (context.Context, error) {
	w, _, info, err := listed(ctx)
	if err != nil {
		return ctx, err
	}
	if info.Status != status {
		return ctx, w.mismatch(ctx, "token status in the list", fmt.Sprintf("%q", status), fmt.Sprintf("%q", info.Status))
	}
	return ctx, nil
}

func tokenWasShown(ctx context.Context) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	alias := w.tokenAlias("")
	secret, ok := w.Token(alias)
	if !ok || secret == "" {
		return ctx, w.mismatch(ctx, "the generate answer", "the token", "no token")
	}
	if len(secret) < minTokenLength {
		// The length only: the token itself must not appear in any message.
		return ctx, w.mismatch(ctx, "token length", fmt.Sprintf("at least %d characters (32 random bytes, encoded)", minTokenLength), fmt.Sprintf("%d characters", len(secret)))
	}
	return ctx, nil
}

func listShowsHint(ctx context.Context) (context.Context, error) {
	w, _, info, err := listed(ctx)
	if err != nil {
		return ctx, err
	}
	secret, _ := w.Token(w.tokenAlias(""))
	want := secret[max(0, len(secret)-4):]
	if info.Hint != want {
		// The last 4 characters are what the console itself shows, so they may appear here.
		return ctx, w.mismatch(ctx, "token hint", fmt.Sprintf("%q (its last 4 characters)", want), fmt.Sprintf("%q", info.Hint))
	}
	return ctx, nil
}

// listHasNoSecret searches the raw list for the token and for its SHA-256
// in the usual encodings: the contract forbids both.
func listHasNoSecret(ctx context.Context) (context.Context, error) {
	w, _, _, err := listed(ctx)
	if err != nil {
		return ctx, err
	}
	secret, _ := w.Token(w.tokenAlias(""))
	body := string(w.Last.ResponseBody)
	sum := sha256.Sum256([]byte(secret))
	forms := map[string]string{
		"the token":                  secret,
		"its SHA-256 (hex)":          hex.EncodeToString(sum[:]),
		"its SHA-256 (base64)":       base64.StdEncoding.EncodeToString(sum[:]),
		"its SHA-256 (base64url)":    base64.RawURLEncoding.EncodeToString(sum[:]),
		"its SHA-256 (base64, bare)": base64.RawStdEncoding.EncodeToString(sum[:]),
	}
	for what, form := range forms {
		if strings.Contains(strings.ToLower(body), strings.ToLower(form)) {
			return ctx, w.mismatch(ctx, "token list", "no trace of the token", what+" (masked in this report)")
		}
	}
	var doc map[string]any
	if json.Unmarshal(w.Last.ResponseBody, &doc) == nil {
		if entries, ok := doc["tokens"].([]any); ok {
			for _, e := range entries {
				if m, ok := e.(map[string]any); ok {
					if _, has := m["token"]; has {
						return ctx, w.mismatch(ctx, "token list entry", "no \"token\" field", "a \"token\" field")
					}
				}
			}
		}
	}
	return ctx, nil
}

// probeToken calls the Users endpoint with a token, the smallest request
// an IdP makes, and remembers the exchange.
func (w *World) probeToken(ctx context.Context, token string) (*simulator.Exchange, error) {
	return w.send(ctx, w.SCIM, simulator.Request{Method: http.MethodGet, Path: "/Users", RawQuery: "count=1", Token: &token, Note: "token check"}, "call the SCIM endpoint")
}

func endpointJudgesToken(ctx context.Context, verdict, alias string) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	alias = w.tokenAlias(alias)
	token, err := w.tokenOfKind(alias)
	if err != nil {
		return ctx, err
	}
	ex, err := w.probeToken(ctx, token)
	if err != nil {
		return ctx, err
	}
	if verdict == "accepts" {
		if ex.Status != http.StatusOK {
			return ctx, w.mismatch(ctx, fmt.Sprintf("GET /Users with the token %q", alias), 200, ex.Status)
		}
		return ctx, nil
	}
	return ctx, w.checkUnauthorized(ctx, fmt.Sprintf("GET /Users with the token %q", alias), ex)
}

// checkUnauthorized is the contract's refusal: 401, a Bearer challenge and
// a SCIM error body. The error's "status" JSON type is RFC 7644 §3.12's
// business and is checked by its own scenario.
func (w *World) checkUnauthorized(ctx context.Context, what string, ex *simulator.Exchange) error {
	if ex.Status != http.StatusUnauthorized {
		return w.mismatch(ctx, what+": response status", 401, ex.Status)
	}
	challenge := ex.ResponseHeader.Get("WWW-Authenticate")
	if scheme, _, _ := strings.Cut(strings.TrimSpace(challenge), " "); !strings.EqualFold(scheme, "Bearer") {
		return w.mismatch(ctx, what+": WWW-Authenticate header", `a "Bearer" challenge`, fmt.Sprintf("%q", challenge))
	}
	return w.checkErrorSchema(ctx, ex)
}

func requestRefused(ctx context.Context) (context.Context, error) {
	w, ex, err := lastExchange(ctx)
	if err != nil {
		return ctx, err
	}
	return ctx, w.checkUnauthorized(ctx, "the request", ex)
}

func deleteToken(ctx context.Context, alias string) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	t, err := w.generated(alias)
	if err != nil {
		return ctx, err
	}
	return ctx, w.adminDone("the administrator deletes the token", w.Admin.DeleteToken(ctx, t.tenant, t.info.ID))
}

// advanceClock moves the sandbox clock, booked in the run's ledger, and
// moves it back in the cleanup: the clock is shared by every tenant of the
// target (contract section 3), so the scenario runs alone (@moves-clock)
// and leaves the clock as it found it.
func advanceClock(ctx context.Context, days, minutes int) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	d := time.Duration(days)*24*time.Hour + time.Duration(minutes)*time.Minute
	moved, err := w.Env.Clock.Advance(ctx, w.Admin, d)
	if moved {
		w.Defer(fmt.Sprintf("move the sandbox clock back by %s", d), func(ctx context.Context) error {
			if _, err := w.Env.Clock.Rewind(ctx, w.Admin, d); err != nil {
				return fmt.Errorf("%w (the run moves it back at its end)", err)
			}
			return nil
		})
	}
	if errors.Is(err, admin.ErrNoClock) {
		w.remember(w.Admin.LastExchange())
		return ctx, w.Skip("needs the sandbox clock: the target answered 404 at /admin/v1/clock")
	}
	return ctx, w.adminDone("advance the sandbox clock", err)
}

func suppliedToken(ctx context.Context, kind string) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	alias := map[string]string{"expired": "expired", "deleted": "revoked"}[kind]
	if _, err := w.tokenOfKind(alias); err != nil {
		return ctx, w.Skip("needs a " + kind + " token: none was supplied for this run")
	}
	w.currentToken = alias
	return ctx, nil
}

// otherTenantToken creates a tenant and a token for it. The contract's admin
// API cannot delete tenants, so the tenant stays (its token is deleted).
func otherTenantToken(ctx context.Context, alias string) (context.Context, error) {
	w, err := mustWorld(ctx)
	if err != nil {
		return ctx, err
	}
	tenant, err := w.Admin.CreateTenant(ctx, "scimharness isolation "+w.Dir.Suffix(), "")
	if err := w.adminDone("an administrator creates another tenant", err); err != nil {
		return ctx, err
	}
	if tenant.ID == w.Env.Target.Tenant() {
		return ctx, w.mismatch(ctx, "new tenant id", "an id other than this tenant's", tenant.ID)
	}
	_, err = w.createToken(ctx, tenant.ID, alias, nil)
	return ctx, err
}

// refusalLikeUnknown repeats the last request with a never-issued token and
// compares the answers: same status, same challenge, same body.
func refusalLikeUnknown(ctx context.Context) (context.Context, error) {
	w, first, err := lastExchange(ctx)
	if err != nil {
		return ctx, err
	}
	unknown, err := w.tokenOfKind("unknown")
	if err != nil {
		return ctx, err
	}
	ex, err := w.probeToken(ctx, unknown)
	if err != nil {
		return ctx, err
	}
	// Each "got" is the refused request's, each "expected" the never-issued token's.
	if ex.Status != first.Status {
		return ctx, w.mismatch(ctx, "status of the refusal", fmt.Sprintf("%d (as for a never-issued token)", ex.Status), first.Status)
	}
	if a, b := first.ResponseHeader.Get("WWW-Authenticate"), ex.ResponseHeader.Get("WWW-Authenticate"); a != b {
		return ctx, w.mismatch(ctx, "WWW-Authenticate of the refusal", fmt.Sprintf("%q (as for a never-issued token)", b), fmt.Sprintf("%q", a))
	}
	var x, y any
	if json.Unmarshal(first.ResponseBody, &x) != nil || json.Unmarshal(ex.ResponseBody, &y) != nil || !reflect.DeepEqual(x, y) {
		return ctx, w.mismatch(ctx, "error body of the refusal", string(ex.ResponseBody)+" (as for a never-issued token)", string(first.ResponseBody))
	}
	return ctx, nil
}
