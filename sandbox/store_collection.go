package sandbox

import (
	"fmt"
	"slices"

	"github.com/tidwall/gjson"

	"github.com/scimharness/scimharness/sandbox/engine"
)

// indexedAttrs are the attributes a filter `attr eq "x"` can answer from an
// index (engine.IndexHint names the same ones, plus id which is the map key).
// Keys are lower-cased: a superset for caseExact attributes such as
// externalId, which the caller narrows with Filter.Match. emails.value
// indexes every email of a user.
var indexedAttrs = []string{"userName", "externalId", "displayName", "emails.value"}

// slot is one stored resource; slots keep creation order.
type slot struct {
	id      string // shares the document's bytes
	display string // displayName, else userName: what a group shows for a member
	name    string // lower-cased userName, the prefix index's key
	doc     []byte // compact JSON; nil once deleted
}

// sortedSlots is a keyIndex's slots of a key in creation order.
func sortedSlots(list []int32) []int32 {
	list = slices.Clone(list)
	slices.Sort(list)
	return list
}

// collection is one resource type of a tenant.
type collection struct {
	slots []slot
	byID  map[string]int32
	holes int
	index map[string]*keyIndex[int32]
	// memberOf maps a user id to the groups listing it (groups only), so a
	// user's "groups" and its removal never scan every group.
	memberOf map[string][]string
	names    prefixIndex // userName sw "x"
}

func newCollection() *collection {
	c := &collection{byID: map[string]int32{}, index: map[string]*keyIndex[int32]{}, memberOf: map[string][]string{}}
	for _, a := range indexedAttrs {
		c.index[a] = newKeyIndex[int32]()
	}
	return c
}

// indexedValues lists r's values of an indexed attribute.
func indexedValues(r engine.Resource, attr string) []string {
	if attr == "emails.value" {
		list, _ := r["emails"].([]any)
		out := make([]string, 0, len(list))
		for _, item := range list {
			if m, ok := item.(map[string]any); ok {
				if v, ok := m["value"].(string); ok {
					out = append(out, v)
				}
			}
		}
		return out
	}
	if v, ok := r[attr].(string); ok {
		return []string{v}
	}
	return nil
}

func (c *collection) unindex(s int32) {
	values, members := docIndexed(c.slots[s].doc)
	for _, a := range indexedAttrs {
		for _, v := range values[a] {
			c.index[a].remove(lowerKey(v), s)
		}
	}
	for _, uid := range members {
		c.dropMemberOf(uid, c.slots[s].id)
	}
}

func (c *collection) dropMemberOf(uid, gid string) {
	list := slices.DeleteFunc(c.memberOf[uid], func(x string) bool { return x == gid })
	if len(list) == 0 {
		delete(c.memberOf, uid)
	} else {
		c.memberOf[uid] = list
	}
}

func (c *collection) put(kind Kind, r engine.Resource) error {
	id, _ := r["id"].(string)
	if id == "" {
		return fmt.Errorf("expected a resource with a string id, got %v", r["id"])
	}
	doc, err := encodeDoc(r)
	if err != nil {
		return fmt.Errorf("store resource %s: %w", id, err)
	}
	s, exists := c.byID[id]
	if exists {
		c.unindex(s)
		delete(c.byID, c.slots[s].id)
	} else {
		s = int32(len(c.slots))
		c.slots = append(c.slots, slot{})
	}
	sid := docString(doc, id)
	display, _ := r["displayName"].(string)
	if display == "" {
		display, _ = r["userName"].(string)
	}
	prevName := c.slots[s].name
	name := ""
	if un, ok := r["userName"].(string); ok {
		name = lowerKey(docString(doc, un))
	}
	c.slots[s] = slot{id: sid, display: docString(doc, display), name: name, doc: doc}
	if name != "" && (!exists || name != prevName) {
		c.names.add(name, s)
	}
	c.byID[sid] = s
	for _, a := range indexedAttrs {
		for _, v := range indexedValues(r, a) {
			c.index[a].add(lowerKey(docString(doc, v)), s)
		}
	}
	if kind == KindGroup {
		for _, uid := range memberIDs(r) {
			if !slices.Contains(c.memberOf[uid], sid) {
				c.memberOf[uid] = append(c.memberOf[uid], sid)
			}
		}
	}
	return nil
}

func (c *collection) delete(id string) bool {
	s, ok := c.byID[id]
	if !ok {
		return false
	}
	c.unindex(s)
	delete(c.byID, id)
	c.slots[s] = slot{}
	c.holes++
	if c.holes > 64 && c.holes > len(c.slots)/2 {
		c.compact()
	}
	return true
}

// compact drops deleted slots; every index holds slot numbers, so they are
// renumbered together.
func (c *collection) compact() {
	renum := make([]int32, len(c.slots))
	kept := make([]slot, 0, len(c.byID))
	for i, s := range c.slots {
		renum[i] = -1
		if s.doc != nil {
			renum[i] = int32(len(kept))
			kept = append(kept, s)
		}
	}
	c.slots, c.holes = kept, 0
	for id, s := range c.byID {
		c.byID[id] = renum[s]
	}
	var names []prefixEntry
	for i, s := range c.slots {
		if s.name != "" {
			names = append(names, prefixEntry{s.name, int32(i)})
		}
	}
	c.names.rebuild(names)
	for _, ix := range c.index {
		for k, s := range ix.one {
			ix.one[k] = renum[s]
		}
		for k, list := range ix.more {
			for i, s := range list {
				list[i] = renum[s]
			}
			ix.more[k] = list
		}
	}
}

func (c *collection) get(id string) (engine.Resource, bool) {
	s, ok := c.byID[id]
	if !ok {
		return nil, false
	}
	return decodeDoc(c.slots[s].doc), true
}

func (c *collection) display(id string) (string, bool) {
	s, ok := c.byID[id]
	if !ok {
		return "", false
	}
	return c.slots[s].display, true
}

func (c *collection) all() []engine.Resource {
	out := make([]engine.Resource, 0, len(c.byID))
	for _, s := range c.slots {
		if s.doc != nil {
			out = append(out, decodeDoc(s.doc))
		}
	}
	return out
}

// page decodes only the resources of one page, in creation order.
func (c *collection) page(start, count int) []engine.Resource {
	out := make([]engine.Resource, 0, min(count, len(c.byID)))
	seen := 0
	for _, s := range c.slots {
		if len(out) >= count {
			break
		}
		if s.doc == nil {
			continue
		}
		seen++
		if seen >= start {
			out = append(out, decodeDoc(s.doc))
		}
	}
	return out
}

func (c *collection) lookup(attr, value string) []engine.Resource {
	if attr == "id" {
		if r, ok := c.get(value); ok {
			return []engine.Resource{r}
		}
		return nil
	}
	ix, ok := c.index[attr]
	if !ok {
		return nil
	}
	slots := sortedSlots(ix.get(lowerKey(value)))
	out := make([]engine.Resource, 0, len(slots))
	for _, s := range slots {
		out = append(out, decodeDoc(c.slots[s].doc))
	}
	return out
}

// namesLike is lookup by userName reduced to ids and userNames, read from
// the slots and the documents' bytes.
func (c *collection) namesLike(userName string) []NamedUser {
	slots := sortedSlots(c.index["userName"].get(lowerKey(userName)))
	out := make([]NamedUser, 0, len(slots))
	for _, s := range slots {
		out = append(out, NamedUser{ID: c.slots[s].id, UserName: gjson.GetBytes(c.slots[s].doc, "userName").String()})
	}
	return out
}

// lookupPrefix answers the resources whose userName starts with prefix
// (case-insensitively), in creation order: a superset for a case-exact
// comparison, which the caller narrows with Filter.Match.
func (c *collection) lookupPrefix(prefix string) []engine.Resource {
	live := func(e prefixEntry) bool {
		return int(e.slot) < len(c.slots) && c.slots[e.slot].doc != nil && c.slots[e.slot].name == e.key
	}
	slots := c.names.query(lowerKey(prefix), live)
	out := make([]engine.Resource, 0, len(slots))
	for _, s := range slots {
		out = append(out, decodeDoc(c.slots[s].doc))
	}
	return out
}

// pageByName answers a page of the users in userName order from the
// prefix index, decoding only the page. The index holds each live user
// once after a merge; when it does not match the collection's size (it
// should always), ok is false and the caller sorts everything instead.
func (c *collection) pageByName(desc bool, start, count int) ([]engine.Resource, bool) {
	live := func(e prefixEntry) bool {
		return int(e.slot) < len(c.slots) && c.slots[e.slot].doc != nil && c.slots[e.slot].name == e.key
	}
	slots, total := c.names.ordered(desc, max(start, 1)-1, count, len(c.byID), live)
	if total != len(c.byID) {
		return nil, false
	}
	out := make([]engine.Resource, 0, len(slots))
	for _, s := range slots {
		out = append(out, decodeDoc(c.slots[s].doc))
	}
	return out, true
}

// groupsOf answers the groups listing user uid, in creation order.
func (c *collection) groupsOf(uid string) []engine.Resource {
	slots := c.memberSlots(uid)
	out := make([]engine.Resource, 0, len(slots))
	for _, s := range slots {
		out = append(out, decodeDoc(c.slots[s].doc))
	}
	return out
}

// groupRefsOf is groupsOf without decoding: ids and display names from the
// slots.
func (c *collection) groupRefsOf(uid string) []GroupRef {
	slots := c.memberSlots(uid)
	out := make([]GroupRef, 0, len(slots))
	for _, s := range slots {
		out = append(out, GroupRef{ID: c.slots[s].id, DisplayName: c.slots[s].display})
	}
	return out
}

// memberSlots are the slots of the groups listing uid, in creation order.
func (c *collection) memberSlots(uid string) []int32 {
	ids := c.memberOf[uid]
	slots := make([]int32, 0, len(ids))
	for _, gid := range ids {
		if s, ok := c.byID[gid]; ok {
			slots = append(slots, s)
		}
	}
	slices.Sort(slots)
	return slots
}
