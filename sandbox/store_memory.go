package sandbox

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/scimharness/scimharness/sandbox/engine"
)

// indexedAttrs are the attributes a filter `attr eq "x"` can answer from an
// index (engine.IndexHint names the same ones, plus id which is the map key).
// Keys are lower-cased: a superset for caseExact attributes such as
// externalId, which the caller narrows with Filter.Match.
var indexedAttrs = []string{"userName", "externalId", "displayName"}

// MemoryStore keeps everything in process memory. One RWMutex per tenant lets
// tenants proceed in parallel; a store-level lock guards the tenant and token maps.
type MemoryStore struct {
	mu      sync.RWMutex
	tenants map[string]*memTenant
	order   []string
	tokens  map[[32]byte]memToken
	tokSeq  int64
}

// memToken keeps issue order so listings are stable under a frozen clock.
type memToken struct {
	TokenRecord
	seq int64
}

// NewMemoryStore returns an empty in-memory store.
func NewMemoryStore() *MemoryStore {
	return &MemoryStore{tenants: map[string]*memTenant{}, tokens: map[[32]byte]memToken{}}
}

type memTenant struct {
	mu       sync.RWMutex
	info     Tenant
	coll     map[Kind]*collection
	accounts map[string]seqAccount
	byUser   map[string]map[string]struct{} // lower userName → account ids
	byScim   map[string]string              // scimId → account id
	groups   map[string]seqGroup
	grpScim  map[string]string
	seq      int64
}

type seqAccount struct {
	Account
	seq int64
}

type seqGroup struct {
	CantaraGroup
	seq int64
}

// collection is one resource type: a map plus creation order plus indexes.
type collection struct {
	byID  map[string]engine.Resource
	order []string // "" marks a deleted slot; compacted when holes dominate
	pos   map[string]int
	holes int
	index map[string]map[string]map[string]struct{} // attr → lower value → ids
}

func newCollection() *collection {
	c := &collection{byID: map[string]engine.Resource{}, pos: map[string]int{}, index: map[string]map[string]map[string]struct{}{}}
	for _, a := range indexedAttrs {
		c.index[a] = map[string]map[string]struct{}{}
	}
	return c
}

func (c *collection) unindex(r engine.Resource, id string) {
	for _, a := range indexedAttrs {
		if v, ok := r[a].(string); ok {
			key := strings.ToLower(v)
			if set := c.index[a][key]; set != nil {
				delete(set, id)
				if len(set) == 0 {
					delete(c.index[a], key)
				}
			}
		}
	}
}

func (c *collection) put(r engine.Resource) error {
	id, _ := r["id"].(string)
	if id == "" {
		return fmt.Errorf("expected a resource with a string id, got %v", r["id"])
	}
	if old, ok := c.byID[id]; ok {
		c.unindex(old, id)
	} else {
		c.pos[id] = len(c.order)
		c.order = append(c.order, id)
	}
	cp := engine.Clone(r)
	c.byID[id] = cp
	for _, a := range indexedAttrs {
		if v, ok := cp[a].(string); ok {
			key := strings.ToLower(v)
			set := c.index[a][key]
			if set == nil {
				set = map[string]struct{}{}
				c.index[a][key] = set
			}
			set[id] = struct{}{}
		}
	}
	return nil
}

func (c *collection) delete(id string) bool {
	old, ok := c.byID[id]
	if !ok {
		return false
	}
	c.unindex(old, id)
	delete(c.byID, id)
	c.order[c.pos[id]] = ""
	delete(c.pos, id)
	c.holes++
	if c.holes > 64 && c.holes > len(c.order)/2 {
		c.compact()
	}
	return true
}

func (c *collection) compact() {
	kept := make([]string, 0, len(c.byID))
	for _, id := range c.order {
		if id != "" {
			c.pos[id] = len(kept)
			kept = append(kept, id)
		}
	}
	c.order, c.holes = kept, 0
}

func (c *collection) all() []engine.Resource {
	out := make([]engine.Resource, 0, len(c.byID))
	for _, id := range c.order {
		if id != "" {
			out = append(out, c.byID[id])
		}
	}
	return out
}

func (c *collection) lookup(attr, value string) []engine.Resource {
	if attr == "id" {
		if r, ok := c.byID[value]; ok {
			return []engine.Resource{r}
		}
		return nil
	}
	idx, ok := c.index[attr]
	if !ok {
		return nil
	}
	set := idx[strings.ToLower(value)]
	out := make([]engine.Resource, 0, len(set))
	for id := range set {
		out = append(out, c.byID[id])
	}
	// Creation order keeps list answers stable whether or not an index served them.
	slices.SortFunc(out, func(a, b engine.Resource) int {
		return c.pos[a["id"].(string)] - c.pos[b["id"].(string)]
	})
	return out
}

// CreateTenant implements Store.
func (m *MemoryStore) CreateTenant(t Tenant) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.tenants[t.ID]; ok {
		return fmt.Errorf("tenant %q: %w", t.ID, ErrExists)
	}
	m.tenants[t.ID] = &memTenant{
		info:     t,
		coll:     map[Kind]*collection{KindUser: newCollection(), KindGroup: newCollection()},
		accounts: map[string]seqAccount{},
		byUser:   map[string]map[string]struct{}{},
		byScim:   map[string]string{},
		groups:   map[string]seqGroup{},
		grpScim:  map[string]string{},
	}
	m.order = append(m.order, t.ID)
	return nil
}

// Tenant implements Store.
func (m *MemoryStore) Tenant(id string) (Tenant, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	t, ok := m.tenants[id]
	if !ok {
		return Tenant{}, false
	}
	return t.info, true
}

// Tenants implements Store.
func (m *MemoryStore) Tenants() []Tenant {
	m.mu.RLock()
	defer m.mu.RUnlock()
	out := make([]Tenant, 0, len(m.order))
	for _, id := range m.order {
		out = append(out, m.tenants[id].info)
	}
	return out
}

// PutToken implements Store.
func (m *MemoryStore) PutToken(rec TokenRecord) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.tenants[rec.TenantID]; !ok {
		return fmt.Errorf("tenant %q: %w", rec.TenantID, ErrNotFound)
	}
	m.tokSeq++
	m.tokens[rec.Hash] = memToken{TokenRecord: rec, seq: m.tokSeq}
	return nil
}

// TokenByHash implements Store.
func (m *MemoryStore) TokenByHash(hash [32]byte) (TokenRecord, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	t, ok := m.tokens[hash]
	return t.TokenRecord, ok
}

// Tokens implements Store: live (not deleted) tokens of a tenant, oldest first.
func (m *MemoryStore) Tokens(tenantID string) []TokenRecord {
	m.mu.RLock()
	defer m.mu.RUnlock()
	var live []memToken
	for _, t := range m.tokens {
		if t.TenantID == tenantID && !t.Deleted {
			live = append(live, t)
		}
	}
	slices.SortFunc(live, func(a, b memToken) int { return int(a.seq - b.seq) })
	out := make([]TokenRecord, len(live))
	for i, t := range live {
		out[i] = t.TokenRecord
	}
	return out
}

// MarkTokenDeleted implements Store.
func (m *MemoryStore) MarkTokenDeleted(tenantID, id string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	for h, t := range m.tokens {
		if t.TenantID == tenantID && t.ID == id && !t.Deleted {
			t.Deleted = true
			t.Secret = ""
			m.tokens[h] = t
			return nil
		}
	}
	return fmt.Errorf("token %q: %w", id, ErrNotFound)
}

func (m *MemoryStore) tenant(id string) (*memTenant, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	t, ok := m.tenants[id]
	if !ok {
		return nil, fmt.Errorf("tenant %q: %w", id, ErrNotFound)
	}
	return t, nil
}

// View implements Store.
func (m *MemoryStore) View(tenantID string, fn func(Tx) error) error {
	t, err := m.tenant(tenantID)
	if err != nil {
		return err
	}
	t.mu.RLock()
	defer t.mu.RUnlock()
	return fn(memTx{t})
}

// Update implements Store.
func (m *MemoryStore) Update(tenantID string, fn func(Tx) error) error {
	t, err := m.tenant(tenantID)
	if err != nil {
		return err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return fn(memTx{t})
}

// memTx is a view of one locked tenant.
type memTx struct{ t *memTenant }

func (x memTx) Get(kind Kind, id string) (engine.Resource, bool) {
	r, ok := x.t.coll[kind].byID[id]
	return r, ok
}

func (x memTx) Lookup(kind Kind, attr, value string) []engine.Resource {
	return x.t.coll[kind].lookup(attr, value)
}

func (x memTx) All(kind Kind) []engine.Resource { return x.t.coll[kind].all() }
func (x memTx) Count(kind Kind) int             { return len(x.t.coll[kind].byID) }

func (x memTx) Put(kind Kind, r engine.Resource) error { return x.t.coll[kind].put(r) }
func (x memTx) Delete(kind Kind, id string) bool       { return x.t.coll[kind].delete(id) }

func (x memTx) Account(id string) (Account, bool) {
	a, ok := x.t.accounts[id]
	return a.Account, ok
}

func (x memTx) AccountsByUserName(userName string) []Account {
	var out []seqAccount
	for id := range x.t.byUser[strings.ToLower(userName)] {
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
	out := make([]seqAccount, 0, len(x.t.accounts))
	for _, a := range x.t.accounts {
		out = append(out, a)
	}
	return sortAccounts(out)
}

func sortAccounts(in []seqAccount) []Account {
	slices.SortFunc(in, func(a, b seqAccount) int { return int(a.seq - b.seq) })
	out := make([]Account, len(in))
	for i, a := range in {
		out[i] = a.Account
	}
	return out
}

func (x memTx) PutAccount(a Account) {
	a.Groups = nil // derived from groups at read time
	old, exists := x.t.accounts[a.ID]
	seq := old.seq
	if exists {
		x.dropAccountIndex(old.Account)
	} else {
		x.t.seq++
		seq = x.t.seq
	}
	x.t.accounts[a.ID] = seqAccount{Account: a, seq: seq}
	key := strings.ToLower(a.UserName)
	if x.t.byUser[key] == nil {
		x.t.byUser[key] = map[string]struct{}{}
	}
	x.t.byUser[key][a.ID] = struct{}{}
	if a.ScimID != "" {
		x.t.byScim[a.ScimID] = a.ID
	}
}

func (x memTx) dropAccountIndex(a Account) {
	key := strings.ToLower(a.UserName)
	delete(x.t.byUser[key], a.ID)
	if len(x.t.byUser[key]) == 0 {
		delete(x.t.byUser, key)
	}
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
	return copyGroup(g.CantaraGroup), ok
}

func (x memTx) GroupByScimID(scimID string) (CantaraGroup, bool) {
	id, ok := x.t.grpScim[scimID]
	if !ok {
		return CantaraGroup{}, false
	}
	return x.Group(id)
}

func (x memTx) Groups() []CantaraGroup {
	all := make([]seqGroup, 0, len(x.t.groups))
	for _, g := range x.t.groups {
		all = append(all, g)
	}
	slices.SortFunc(all, func(a, b seqGroup) int { return int(a.seq - b.seq) })
	out := make([]CantaraGroup, len(all))
	for i, g := range all {
		out[i] = copyGroup(g.CantaraGroup)
	}
	return out
}

func (x memTx) PutGroup(g CantaraGroup) {
	old, exists := x.t.groups[g.ID]
	seq := old.seq
	if !exists {
		x.t.seq++
		seq = x.t.seq
	} else if old.ScimID != "" {
		delete(x.t.grpScim, old.ScimID)
	}
	x.t.groups[g.ID] = seqGroup{CantaraGroup: copyGroup(g), seq: seq}
	if g.ScimID != "" {
		x.t.grpScim[g.ScimID] = g.ID
	}
}

func (x memTx) DeleteGroup(id string) {
	if old, ok := x.t.groups[id]; ok {
		delete(x.t.grpScim, old.ScimID)
		delete(x.t.groups, id)
	}
}

func copyGroup(g CantaraGroup) CantaraGroup {
	g.Members = append([]string{}, g.Members...)
	return g
}
