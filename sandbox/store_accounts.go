package sandbox

import (
	"slices"

	"github.com/scimharness/scimharness/sandbox/engine"
)

// memTx is a view of one locked tenant.
type memTx struct{ t *memTenant }

func (x memTx) Get(kind Kind, id string) (engine.Resource, bool) { return x.t.coll[kind].get(id) }

func (x memTx) Has(kind Kind, id string) bool {
	_, ok := x.t.coll[kind].byID[id]
	return ok
}

func (x memTx) Display(kind Kind, id string) (string, bool) { return x.t.coll[kind].display(id) }

func (x memTx) Lookup(kind Kind, attr, value string) []engine.Resource {
	return x.t.coll[kind].lookup(attr, value)
}

func (x memTx) LookupPrefix(kind Kind, attr, prefix string) []engine.Resource {
	if attr != "userName" {
		return x.All(kind)
	}
	return x.t.coll[kind].lookupPrefix(prefix)
}

func (x memTx) PageByUserName(descending bool, startIndex, count int) ([]engine.Resource, bool) {
	return x.t.coll[KindUser].pageByName(descending, startIndex, count)
}

func (x memTx) UserNamesLike(userName string) []NamedUser {
	return x.t.coll[KindUser].namesLike(userName)
}

func (x memTx) All(kind Kind) []engine.Resource { return x.t.coll[kind].all() }
func (x memTx) Count(kind Kind) int             { return len(x.t.coll[kind].byID) }

func (x memTx) Page(kind Kind, startIndex, count int) []engine.Resource {
	return x.t.coll[kind].page(startIndex, count)
}

func (x memTx) GroupsOf(userID string) []engine.Resource {
	return x.t.coll[KindGroup].groupsOf(userID)
}

func (x memTx) GroupRefsOf(userID string) []GroupRef {
	return x.t.coll[KindGroup].groupRefsOf(userID)
}

func (x memTx) Put(kind Kind, r engine.Resource) error { return x.t.coll[kind].put(kind, r) }
func (x memTx) Delete(kind Kind, id string) bool       { return x.t.coll[kind].delete(id) }

func (x memTx) Account(id string) (Account, bool) {
	a, ok := x.t.accounts[id]
	if !ok {
		return Account{}, false
	}
	return a.Account, true
}

func (x memTx) AccountsByUserName(userName string) []Account {
	var out []*seqAccount
	for _, id := range x.t.byUser.get(lowerKey(userName)) {
		out = append(out, x.t.accounts[id])
	}
	return sortAccounts(out)
}

func (x memTx) AccountByScimID(scimID string) (Account, bool) {
	id, ok := x.t.byScim[scimID]
	if !ok || scimID == "" {
		return Account{}, false
	}
	return x.t.accounts[id].Account, true
}

func (x memTx) Accounts() []Account {
	out := make([]*seqAccount, 0, len(x.t.accounts))
	for _, a := range x.t.accounts {
		out = append(out, a)
	}
	return sortAccounts(out)
}

func sortAccounts(in []*seqAccount) []Account {
	slices.SortFunc(in, func(a, b *seqAccount) int { return int(a.seq - b.seq) })
	out := make([]Account, len(in))
	for i, a := range in {
		out[i] = a.Account
	}
	return out
}

func (x memTx) PutAccount(a Account) {
	a.Groups = nil // derived from groups at read time
	old, exists := x.t.accounts[a.ID]
	var seq int64
	if exists {
		seq = old.seq
		x.dropAccountIndex(old.Account)
		a = x.shareStrings(old.Account, a)
	} else {
		x.t.seq++
		seq = x.t.seq
	}
	a = x.shareDocStrings(a)
	x.t.accounts[a.ID] = &seqAccount{Account: a, seq: seq}
	x.t.byUser.add(lowerKey(a.UserName), a.ID)
	if a.ScimID != "" {
		x.t.byScim[a.ScimID] = a.ID
	}
}

// shareStrings keeps the old account's strings where the values did not
// change: an update then costs no memory for what it left alone.
func (x memTx) shareStrings(old, a Account) Account {
	for _, f := range []struct{ o, n *string }{
		{&old.ID, &a.ID}, {&old.ScimID, &a.ScimID}, {&old.UserName, &a.UserName}, {&old.ExternalID, &a.ExternalID},
		{&old.DisplayName, &a.DisplayName}, {&old.GivenName, &a.GivenName}, {&old.FamilyName, &a.FamilyName},
		{&old.Email, &a.Email}, {&old.Phone, &a.Phone}, {&old.Locale, &a.Locale},
	} {
		if *f.o == *f.n {
			*f.n = *f.o
		}
	}
	return a
}

// shareDocStrings points a SCIM account's fields at the bytes of its user's
// stored document where the values are the same (they are copies of it),
// so an account costs its struct and little more.
func (x memTx) shareDocStrings(a Account) Account {
	users := x.t.coll[KindUser]
	s, ok := users.byID[a.ScimID]
	if !ok {
		return a
	}
	doc := users.slots[s].doc
	a.ScimID = users.slots[s].id
	for _, f := range []*string{&a.UserName, &a.ExternalID, &a.DisplayName, &a.GivenName, &a.FamilyName, &a.Email, &a.Phone, &a.Locale} {
		*f = docString(doc, *f)
	}
	return a
}

func (x memTx) dropAccountIndex(a Account) {
	x.t.byUser.remove(lowerKey(a.UserName), a.ID)
	if a.ScimID != "" && x.t.byScim[a.ScimID] == a.ID {
		delete(x.t.byScim, a.ScimID)
	}
}

func (x memTx) DeleteAccount(id string) {
	if old, ok := x.t.accounts[id]; ok {
		x.dropAccountIndex(old.Account)
		delete(x.t.accounts, id)
	}
}

func (x memTx) Group(id string) (CantaraGroup, bool) {
	g, ok := x.t.groups[id]
	if !ok {
		return CantaraGroup{}, false
	}
	return copyGroup(g.CantaraGroup), true
}

func (x memTx) GroupByScimID(scimID string) (CantaraGroup, bool) {
	id, ok := x.t.grpScim[scimID]
	if !ok {
		return CantaraGroup{}, false
	}
	return x.Group(id)
}

func (x memTx) Groups() []CantaraGroup {
	all := make([]*seqGroup, 0, len(x.t.groups))
	for _, g := range x.t.groups {
		all = append(all, g)
	}
	return sortGroups(all)
}

// GroupsOfAccount answers the console groups listing account aid.
func (x memTx) GroupsOfAccount(aid string) []CantaraGroup {
	var all []*seqGroup
	for _, gid := range x.t.memberOf[aid] {
		if g, ok := x.t.groups[gid]; ok {
			all = append(all, g)
		}
	}
	return sortGroups(all)
}

func sortGroups(all []*seqGroup) []CantaraGroup {
	slices.SortFunc(all, func(a, b *seqGroup) int { return int(a.seq - b.seq) })
	out := make([]CantaraGroup, len(all))
	for i, g := range all {
		out[i] = copyGroup(g.CantaraGroup)
	}
	return out
}

func (x memTx) PutGroup(g CantaraGroup) {
	old, exists := x.t.groups[g.ID]
	var seq int64
	if exists {
		seq = old.seq
		if old.ScimID != "" {
			delete(x.t.grpScim, old.ScimID)
		}
		x.dropGroupMembers(old.CantaraGroup)
	} else {
		x.t.seq++
		seq = x.t.seq
	}
	x.t.groups[g.ID] = &seqGroup{CantaraGroup: copyGroup(g), seq: seq}
	if g.ScimID != "" {
		x.t.grpScim[g.ScimID] = g.ID
	}
	for _, aid := range g.Members {
		if !slices.Contains(x.t.memberOf[aid], g.ID) {
			x.t.memberOf[aid] = append(x.t.memberOf[aid], g.ID)
		}
	}
}

func (x memTx) dropGroupMembers(g CantaraGroup) {
	for _, aid := range g.Members {
		list := slices.DeleteFunc(x.t.memberOf[aid], func(id string) bool { return id == g.ID })
		if len(list) == 0 {
			delete(x.t.memberOf, aid)
		} else {
			x.t.memberOf[aid] = list
		}
	}
}

func (x memTx) DeleteGroup(id string) {
	if old, ok := x.t.groups[id]; ok {
		delete(x.t.grpScim, old.ScimID)
		x.dropGroupMembers(old.CantaraGroup)
		delete(x.t.groups, id)
	}
}

func copyGroup(g CantaraGroup) CantaraGroup {
	g.Members = append([]string{}, g.Members...)
	return g
}
