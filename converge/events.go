package converge

import (
	"context"
	"fmt"

	"github.com/scimharness/scimharness/simulator"
)

// event is one planned IdP operation. Planning (draw, then plan) changes
// the directory model at once and deterministically; exec sends it.
type event struct {
	kind    Kind
	m       *member
	g       *group
	batch   []*member // initial cycle: the members one PATCH adds
	changes simulator.Changes
	name    string // a group's new name
	err     error
}

// draw picks the next churn event from the slice's current state; ok is
// false when no kind with a weight is possible (an empty mix).
func (s *slice) draw(mix Mix) (event, bool) {
	for range 16 {
		k, ok := s.pickKind(mix)
		if !ok {
			return event{}, false
		}
		if ev, ok := s.drawKind(k); ok {
			return ev, true
		}
	}
	// Only kinds that keep missing (member-add in a directory where every
	// user is in every group): a create is always possible.
	if mix[UserCreate] > 0 || mix[GroupCreate] == 0 {
		return event{kind: UserCreate}, true
	}
	return event{kind: GroupCreate}, true
}

// eligible reports whether the slice's state allows kind k at all.
func (s *slice) eligible(k Kind) bool {
	switch k {
	case UserUpdate, Remove:
		return s.present() > 0
	case Deactivate:
		return len(s.pools[poolActive]) > 0
	case Reactivate:
		return len(s.pools[poolInactive]) > 0
	case Reprovision:
		return len(s.pools[poolRemoved]) > 0
	case MemberAdd:
		return len(s.live) > 0 && s.present() > 0
	case MemberRemove, GroupRename, GroupDelete:
		return len(s.live) > 0
	}
	return true
}

func (s *slice) pickKind(mix Mix) (Kind, bool) {
	total := 0
	for _, k := range Kinds {
		if s.eligible(k) {
			total += mix[k]
		}
	}
	if total == 0 {
		return "", false
	}
	x := s.rng.IntN(total)
	for _, k := range Kinds {
		if !s.eligible(k) {
			continue
		}
		if x < mix[k] {
			return k, true
		}
		x -= mix[k]
	}
	return "", false
}

// drawKind chooses the entities of an event of kind k; false when a few
// random tries found none (the caller draws another kind).
func (s *slice) drawKind(k Kind) (event, bool) {
	ev := event{kind: k}
	switch k {
	case UserUpdate, Remove:
		ev.m = s.pickPresent()
	case Deactivate:
		ev.m = s.pools[poolActive][s.rng.IntN(len(s.pools[poolActive]))]
	case Reactivate:
		ev.m = s.pools[poolInactive][s.rng.IntN(len(s.pools[poolInactive]))]
	case Reprovision:
		ev.m = s.pools[poolRemoved][s.rng.IntN(len(s.pools[poolRemoved]))]
	case MemberAdd:
		ev.g = s.live[s.rng.IntN(len(s.live))]
		for range 4 {
			if m := s.pickPresent(); !ev.g.members.has(m) {
				ev.m = m
				break
			}
		}
		if ev.m == nil {
			return ev, false
		}
	case MemberRemove:
		for range 4 {
			if g := s.live[s.rng.IntN(len(s.live))]; g.members.len() > 0 {
				ev.g, ev.m = g, g.members.pick(s.rng)
				break
			}
		}
		if ev.g == nil {
			return ev, false
		}
	case GroupRename, GroupDelete:
		ev.g = s.live[s.rng.IntN(len(s.live))]
	}
	return ev, true
}

// touches lists the users and groups an event changes: no two events of a
// round may share one.
func (ev *event) conflicts(round int64) bool {
	if ev.m != nil && ev.m.round == round {
		return true
	}
	if ev.g != nil && ev.g.round == round {
		return true
	}
	if ev.kind == Remove && ev.m != nil {
		for _, g := range ev.m.groups {
			if g.round == round {
				return true
			}
		}
	}
	return false
}

// plan applies the event to the directory model and marks what it touches.
func (s *slice) plan(ev *event) {
	switch ev.kind {
	case UserCreate:
		ev.m = s.newMember()
		s.move(ev.m, poolActive)
	case UserUpdate:
		ev.changes = s.dir.NewChanges(ev.m.user)
	case Deactivate:
		s.move(ev.m, poolInactive)
	case Reactivate, Reprovision:
		s.move(ev.m, poolActive)
	case Remove:
		if !s.removes {
			s.move(ev.m, poolInactive) // this IdP never deletes: removal is deactivation
			break
		}
		s.move(ev.m, poolRemoved)
		for _, g := range ev.m.groups {
			g.round = s.round
			g.members.remove(ev.m) // the target drops a deleted user from its groups
		}
		ev.m.groups = nil
	case MemberAdd:
		ev.g.members.add(ev.m)
		ev.m.groups = append(ev.m.groups, ev.g)
	case MemberRemove:
		ev.g.members.remove(ev.m)
		ev.m.groups = without(ev.m.groups, ev.g)
	case GroupCreate:
		ev.g = s.newGroup()
	case GroupRename:
		ev.name = s.dir.NewGroup().DisplayName
	case GroupDelete:
		s.dropGroup(ev.g)
	}
	if ev.m != nil {
		ev.m.round = s.round
	}
	if ev.g != nil {
		ev.g.round = s.round
	}
}

// exec sends the event the dialect's way; the decisive exchanges count as
// the event's requests.
func (ev *event) exec(ctx context.Context, idp *simulator.IdP) (requests int) {
	var err error
	switch ev.kind {
	case UserCreate:
		_, err = idp.Provision(ctx, ev.m.user)
	case UserUpdate:
		_, err = idp.Update(ctx, ev.m.user, ev.changes)
	case Deactivate:
		_, err = idp.Deactivate(ctx, ev.m.user)
	case Reactivate, Reprovision:
		_, err = idp.Reactivate(ctx, ev.m.user)
	case Remove:
		_, err = idp.Remove(ctx, ev.m.user)
	case MemberAdd:
		users := []*simulator.User{}
		if ev.m != nil {
			users = append(users, ev.m.user)
		}
		for _, m := range ev.batch {
			users = append(users, m.user)
		}
		_, err = idp.AddMembers(ctx, handle(ev.g), users...)
	case MemberRemove:
		_, err = idp.RemoveMembers(ctx, handle(ev.g), ev.m.user)
	case GroupCreate:
		_, err = idp.CreateGroup(ctx, ev.g.g)
	case GroupRename:
		_, err = idp.RenameGroup(ctx, ev.g.g, ev.name)
	case GroupDelete:
		_, err = idp.DeleteGroup(ctx, ev.g.g)
	default:
		err = fmt.Errorf("unknown event kind %q", ev.kind)
	}
	ev.err = err
	return len(idp.Exchanges())
}

// handle is a stand-in for g in membership calls: the simulator keeps the
// members it pushed on the Group and checks each add against them, which
// is quadratic for a large group; the model here keeps membership itself.
func handle(g *group) *simulator.Group {
	return &simulator.Group{ID: g.g.ID, DisplayName: g.g.DisplayName, ExternalID: g.g.ExternalID}
}

// settle fixes the model after a round for what the target never got: a
// user whose create failed has no SCIM id and is out of every pool.
func (s *slice) settle(evs []*event) {
	for _, ev := range evs {
		if ev.err != nil && ev.kind == UserCreate && ev.m.user.ID == "" {
			s.move(ev.m, poolNone)
			for _, g := range ev.m.groups {
				g.members.remove(ev.m)
			}
			ev.m.groups = nil
		}
		if ev.err != nil && ev.kind == GroupCreate && ev.g.g.ID == "" && !ev.g.deleted {
			s.dropGroup(ev.g)
		}
	}
}
