package steps

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/scimharness/scimharness/admin"
	"github.com/scimharness/scimharness/simulator"
)

// Run-token lifetimes. The contract caps an expiry at 366 days from the
// target's now; a day less leaves room for a clock that differs from ours.
// A token with less than refreshBelow left is replaced after a clock
// advance: the expiry scenarios move the clock by 30 days and a minute, so
// such a token could expire under the next scenario.
const (
	runTokenTTL  = 365 * 24 * time.Hour
	refreshBelow = 31 * 24 * time.Hour
)

// RunToken is the provisioning token the run's scenarios authenticate
// with. With the admin API it is one the harness generated for itself
// (longest expiry allowed) and replaced when a clock advance brings its
// expiry near; without it, the user's SCIM_TOKEN as given. Safe for
// concurrent scenarios; the secret never leaves except through Secret.
type RunToken struct {
	mu        sync.Mutex
	secret    string
	expiresAt time.Time     // zero: unknown (the user's token)
	admin     *admin.Client // nil: the token cannot be replaced
	tenant    string
	minted    []string // ids of the tokens this run generated, deleted by Close
}

// StaticRunToken is the user's token, used as given.
func StaticRunToken(secret string) *RunToken { return &RunToken{secret: secret} }

// MintRunToken generates the run's own token through the admin API. ac
// must carry the run's Masker, so the secret is masked the moment it
// arrives.
func MintRunToken(ctx context.Context, ac *admin.Client, tenant string) (*RunToken, error) {
	r := &RunToken{admin: ac, tenant: tenant}
	if err := r.mint(ctx); err != nil {
		return nil, err
	}
	return r, nil
}

// Secret is the token to send now.
func (r *RunToken) Secret() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.secret
}

// Minted reports whether the harness generated the token (and so can
// replace it).
func (r *RunToken) Minted() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.admin != nil
}

// Refresh replaces the token when it has less than refreshBelow left by
// the target's clock (its sandbox clock, or ours when it has none). The
// old token is not deleted here: a scenario running alongside may still
// hold it; Close deletes every token the run generated.
func (r *RunToken) Refresh(ctx context.Context) (bool, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.admin == nil {
		return false, nil
	}
	now, err := r.nowLocked(ctx)
	if err != nil {
		return false, err
	}
	if r.expiresAt.Sub(now) >= refreshBelow {
		return false, nil
	}
	return true, r.mintLocked(ctx)
}

// Close deletes every token the run generated. A token already gone (404)
// counts as deleted.
func (r *RunToken) Close(ctx context.Context) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	var errs []error
	for _, id := range r.minted {
		if err := r.admin.DeleteToken(ctx, r.tenant, id); err != nil && !errors.Is(err, admin.ErrNotFound) {
			errs = append(errs, fmt.Errorf("delete the run's token %s: %w", id, err))
		}
	}
	r.minted = nil
	return errors.Join(errs...)
}

func (r *RunToken) mint(ctx context.Context) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.mintLocked(ctx)
}

// mintLocked asks for the longest expiry; a target that refuses that date
// (its own, stricter limit) gets a request with its default expiry.
func (r *RunToken) mintLocked(ctx context.Context) error {
	now, err := r.nowLocked(ctx)
	if err != nil {
		return err
	}
	until := now.Add(runTokenTTL)
	t, err := r.admin.CreateToken(ctx, r.tenant, &until)
	var ae *admin.Error
	if errors.As(err, &ae) && ae.Status.Exchange != nil && ae.Status.Exchange.Status == http.StatusBadRequest {
		t, err = r.admin.CreateToken(ctx, r.tenant, nil)
	}
	if err != nil {
		return fmt.Errorf("generate the run's provisioning token: %w", err)
	}
	r.secret, r.expiresAt = t.Secret, t.ExpiresAt
	r.minted = append(r.minted, t.ID)
	return nil
}

// nowLocked is the target's sandbox clock, or ours when it has none.
func (r *RunToken) nowLocked(ctx context.Context) (time.Time, error) {
	now, err := r.admin.Clock(ctx)
	switch {
	case err == nil:
		return now, nil
	case errors.Is(err, admin.ErrNoClock):
		return time.Now(), nil
	}
	return time.Time{}, fmt.Errorf("read the target's clock: %w", err)
}

// advancedClock reports whether any of exs moved a sandbox clock forward
// (a successful POST to the admin API's /clock).
func advancedClock(exs []*simulator.Exchange) bool {
	for _, ex := range exs {
		if ex == nil || ex.Method != http.MethodPost || ex.Status/100 != 2 {
			continue
		}
		if u, err := url.Parse(ex.URL); err == nil && strings.HasSuffix(strings.TrimRight(u.Path, "/"), "/clock") {
			return true
		}
	}
	return false
}
