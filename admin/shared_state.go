package admin

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/scimharness/scimharness/simulator"
)

// Effect is the state shared beyond one scenario that an admin request
// changes (contract section 3).
type Effect int

const (
	EffectNone    Effect = iota
	EffectClock          // the sandbox clock, shared by every tenant of the target
	EffectTokens         // a tenant's provisioning tokens
	EffectTenants        // the target's tenants (the contract has no way to delete one)
)

func (e Effect) String() string {
	switch e {
	case EffectClock:
		return "moves the sandbox clock"
	case EffectTokens:
		return "generates or deletes a provisioning token"
	case EffectTenants:
		return "creates a tenant"
	}
	return "changes nothing shared"
}

// EffectOf says what shared state the request behind ex changed, or tried
// to change (an attempt counts: a scheduler has to know before the answer).
// baseURL is the admin API base (https://host/admin/v1); an exchange
// elsewhere, such as a SCIM request, is EffectNone. Only this package knows
// the admin API's URL shapes, so a request a step sends raw is judged here too.
func EffectOf(baseURL string, ex *simulator.Exchange) Effect {
	if ex == nil || baseURL == "" {
		return EffectNone
	}
	base, err1 := url.Parse(baseURL)
	u, err2 := url.Parse(ex.URL)
	if err1 != nil || err2 != nil || !strings.EqualFold(u.Host, base.Host) {
		return EffectNone
	}
	rest, ok := strings.CutPrefix(u.Path, strings.TrimRight(base.Path, "/"))
	if !ok {
		return EffectNone
	}
	segs := strings.Split(strings.Trim(rest, "/"), "/")
	switch {
	case ex.Method == http.MethodPost && len(segs) == 1 && segs[0] == "clock":
		return EffectClock
	case ex.Method == http.MethodPost && len(segs) == 1 && segs[0] == "tenants":
		return EffectTenants
	case ex.Method == http.MethodPost && len(segs) == 3 && segs[0] == "tenants" && segs[2] == "provisioning-tokens",
		ex.Method == http.MethodDelete && len(segs) == 4 && segs[0] == "tenants" && segs[2] == "provisioning-tokens":
		return EffectTokens
	}
	return EffectNone
}

// RewindClock moves the sandbox clock back by d (contract section 3: "a
// client that moves it moves it back when it is done"); ErrNoClock when the
// target has none.
func (c *Client) RewindClock(ctx context.Context, d time.Duration) (time.Time, error) {
	if d <= 0 {
		return time.Time{}, fmt.Errorf("move the clock back: expected a positive duration, got %s", d)
	}
	var out clockDoc
	_, err := c.call(ctx, "move the clock back", http.MethodPost, "/clock", nil, map[string]string{"advance": (-d).String()}, &out, http.StatusOK)
	return out.Now, err
}
