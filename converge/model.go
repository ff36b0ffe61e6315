package converge

import (
	"math/rand/v2"

	"github.com/scimharness/scimharness/simulator"
)

// Where a user stands in the IdP, which decides the events it can take.
const (
	poolNone     = iota // never reached the target (its create failed)
	poolActive          // provisioned and active
	poolInactive        // provisioned, deactivated
	poolRemoved         // deleted from the target (DELETE); may be re-provisioned
	poolCount
)

// member is one user of the directory and what the IdP knows of it.
type member struct {
	user   *simulator.User
	groups []*group // groups the IdP has it in, in join order
	pool   int
	slot   int   // index in its pool
	round  int64 // last round that touched it (conflict check)
	index  int   // position in the slice, for stable report order
	slice  int
}

func (m *member) sliceID() int { return m.slice }

// group is one directory group.
type group struct {
	g       *simulator.Group // ID, DisplayName, ExternalID; Members is not used (see addMembers)
	members set[*member]
	deleted bool
	slot    int // index in slice.groups' live list
	round   int64
	index   int
	slice   int
}

func (g *group) sliceID() int { return g.slice }

// set is an insertion-ordered set with O(1) add, remove and random pick.
type set[T comparable] struct {
	items []T
	pos   map[T]int
}

func (s *set[T]) has(v T) bool { _, ok := s.pos[v]; return ok }
func (s *set[T]) len() int     { return len(s.items) }

func (s *set[T]) add(v T) {
	if s.pos == nil {
		s.pos = map[T]int{}
	}
	if _, ok := s.pos[v]; ok {
		return
	}
	s.pos[v] = len(s.items)
	s.items = append(s.items, v)
}

func (s *set[T]) remove(v T) {
	i, ok := s.pos[v]
	if !ok {
		return
	}
	last := s.items[len(s.items)-1]
	s.items[i] = last
	s.pos[last] = i
	s.items = s.items[:len(s.items)-1]
	delete(s.pos, v)
}

func (s *set[T]) pick(r *rand.Rand) T { return s.items[r.IntN(len(s.items))] }

// slice is one independent part of the directory: its own users, groups,
// random stream and event budget.
type slice struct {
	id      int
	dir     *simulator.Directory
	rng     *rand.Rand
	users   []*member
	pools   [poolCount][]*member
	groups  []*group // every group ever made, for reconciliation
	live    []*group // groups not deleted
	round   int64
	removes bool // the dialect deletes users (else removal is deactivation)
}

func newSlice(id int, seed int64, suffix string, removes bool) *slice {
	s := uint64(seed)*0x9e3779b97f4a7c15 + uint64(id)
	dir := simulator.NewDirectory(int64(s^0x5eed), simulator.WithRunSuffix(suffix))
	return &slice{id: id, dir: dir, rng: rand.New(rand.NewPCG(s, uint64(id)+1)), removes: removes}
}

func (s *slice) newMember() *member {
	m := &member{user: s.dir.NewUser(), index: len(s.users), pool: poolNone, slot: -1, slice: s.id}
	s.users = append(s.users, m)
	return m
}

func (s *slice) move(m *member, pool int) {
	if m.pool == pool && m.slot >= 0 {
		return
	}
	if m.slot >= 0 {
		p := s.pools[m.pool]
		last := p[len(p)-1]
		p[m.slot] = last
		last.slot = m.slot
		s.pools[m.pool] = p[:len(p)-1]
	}
	m.pool, m.slot = pool, -1
	if pool != poolNone {
		m.slot = len(s.pools[pool])
		s.pools[pool] = append(s.pools[pool], m)
	}
}

func (s *slice) newGroup() *group {
	g := &group{g: s.dir.NewGroup(), index: len(s.groups), slot: len(s.live), slice: s.id}
	s.groups = append(s.groups, g)
	s.live = append(s.live, g)
	return g
}

func (s *slice) dropGroup(g *group) {
	g.deleted = true
	last := s.live[len(s.live)-1]
	s.live[g.slot] = last
	last.slot = g.slot
	s.live = s.live[:len(s.live)-1]
	for _, m := range g.members.items {
		m.groups = without(m.groups, g)
	}
	g.members = set[*member]{}
}

func without(gs []*group, g *group) []*group {
	out := gs[:0:0]
	for _, x := range gs {
		if x != g {
			out = append(out, x)
		}
	}
	return out
}

// present users hold a SCIM resource in the target.
func (s *slice) present() int { return len(s.pools[poolActive]) + len(s.pools[poolInactive]) }

func (s *slice) pickPresent() *member {
	n := s.present()
	i := s.rng.IntN(n)
	if i < len(s.pools[poolActive]) {
		return s.pools[poolActive][i]
	}
	return s.pools[poolInactive][i-len(s.pools[poolActive])]
}
