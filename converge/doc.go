// Package converge answers the question customers ask before go-live:
// after the initial cycle and weeks of churn, does Cantara hold exactly what
// the IdP holds? The simulator plays a seeded IdP directory of N users and M
// groups through a dialect's full life — the initial cycle, then churn
// (creates, updates, deactivations, re-activations, removals,
// re-provisioning, membership adds and removes, group creates, renames and
// deletes) — and then reconciles: every user and group is read back through
// SCIM, every account and console group through the admin API, and compared
// with the directory attribute by attribute.
//
// The directory is cut into slices, each with its own users, groups, event
// stream and random generator; `--shard i/n` runs the slices s with
// s mod n == i, so n processes together do exactly what one process does,
// and `scimharness merge` sums their result files into one verdict.
//
// Within a slice, events run in rounds: no two events of a round touch the
// same user or group, so they run concurrently and the end state does not
// depend on timing; the next round starts when the last one is answered.
package converge
