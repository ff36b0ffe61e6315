package sandbox

import (
	"sync/atomic"

	"github.com/scimharness/scimharness/sandbox/engine"
)

// lostWriteCounters pace the counting lost-write faults: one write in
// lostWriteEvery is dropped, deterministically, whatever the timing.
type lostWriteCounters struct {
	userUpdates atomic.Int64
	memberAdds  atomic.Int64
}

// losesUserUpdate decides whether the lost-user-update fault drops this
// user update (PATCH or PUT; creates never reach store()).
func (s *Sandbox) losesUserUpdate(kind Kind) bool {
	if kind != KindUser || !s.faults.on(FaultLostUserUpdate) {
		return false
	}
	return s.lostWrites.userUpdates.Add(1)%lostWriteEvery == 0
}

// loseReactivation keeps a re-activated account deactivated under the
// lost-reactivation fault: SCIM says active, the console does not.
func (s *Sandbox) loseReactivation(acct *Account, old, u engine.Resource) {
	if old == nil || !s.faults.on(FaultLostReactivation) {
		return
	}
	was, _ := old["active"].(bool)
	now, _ := u["active"].(bool)
	if !was && now {
		acct.Status = StatusDeactivated
	}
}

// renameDropsMembers reports a group rename under the rename-drops-members fault.
func (s *Sandbox) renameDropsMembers(old, g engine.Resource) bool {
	return old != nil && s.faults.on(FaultRenameDropsMembers) && str(old["displayName"]) != str(g["displayName"])
}

// loseMemberAdd drops the members a write adds, once in lostWriteEvery
// writes that add any, under the lost-member-add fault.
func (s *Sandbox) loseMemberAdd(old engine.Resource, members []any) []any {
	if old == nil || !s.faults.on(FaultLostMemberAdd) {
		return members
	}
	had := map[string]bool{}
	for _, id := range memberIDs(old) {
		had[id] = true
	}
	kept := make([]any, 0, len(members))
	for _, m := range members {
		if had[str(m.(map[string]any)["value"])] {
			kept = append(kept, m)
		}
	}
	if len(kept) == len(members) || s.lostWrites.memberAdds.Add(1)%lostWriteEvery != 0 {
		return members
	}
	return kept
}
