package steps

import (
	"context"
	"fmt"
)

// Failure messages name what the IdP sent, not the scenario's labels
// ("alice") or internal ids: a QA lead reading a report searches Cantara's
// console for the userName or the group name.

// userWords is the userName the IdP sent for the user labelled alias,
// quoted; the label only when the scenario has not made that user yet.
func (w *World) userWords(alias string) string {
	if u, ok := w.Users[alias]; ok && u.UserName != "" {
		return fmt.Sprintf("%q", u.UserName)
	}
	return fmt.Sprintf("%q", alias)
}

// groupWords is the displayName the IdP sent for the group labelled alias.
func (w *World) groupWords(alias string) string {
	if g, ok := w.Groups[alias]; ok && g.DisplayName != "" {
		return fmt.Sprintf("group %q", g.DisplayName)
	}
	return fmt.Sprintf("group %q", alias)
}

// accountWords names a user's Cantara account.
func (w *World) accountWords(alias string) string {
	return "Cantara's account for " + w.userWords(alias)
}

// mismatchMeaning is mismatch with what the difference means for the
// customer, after the comparison: "...; the contract keeps it, deactivated".
func (w *World) mismatchMeaning(ctx context.Context, what string, expected, got any, meaning string) error {
	if meaning == "" {
		return w.mismatch(ctx, what, expected, got)
	}
	return w.mismatch(ctx, what, expected, fmt.Sprintf("%v; %s", got, meaning))
}

// Consequences of account fields that differ from the contract.
const (
	meaningErased       = "the account was erased; the contract keeps a removed user's account, deactivated"
	meaningNotSynced    = "the IdP's update did not reach Cantara; the contract syncs updates made in the IdP"
	meaningStillActive  = "the person keeps access; the contract deactivates a user deactivated or removed in the IdP"
	meaningStillBlocked = "the person stays locked out; the contract reactivates a user the IdP provisions again"
)

// accountFieldMeaning says what a wrong account field means; "" when the
// comparison says it all.
func accountFieldMeaning(field, want, note string) string {
	switch {
	case note == "the new value":
		return meaningNotSynced
	case field == "status" && want == "deactivated":
		return meaningStillActive
	case field == "status" && want == "active":
		return meaningStillBlocked
	}
	return ""
}
