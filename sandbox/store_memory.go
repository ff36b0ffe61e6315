package sandbox

import (
	"fmt"
	"slices"
	"sync"
)

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

// memTenant is one tenant's data: SCIM resources as compact documents
// (store_collection.go), accounts and console groups as structs with their
// indexes (store_accounts.go).
type memTenant struct {
	mu       sync.RWMutex
	info     Tenant
	coll     map[Kind]*collection
	accounts map[string]*seqAccount
	byUser   *keyIndex[string] // lower userName → account ids
	byScim   map[string]string
	groups   map[string]*seqGroup
	grpScim  map[string]string
	// memberOf maps an account id to the console groups listing it, so an
	// account's groups never need every group.
	memberOf map[string][]string
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
		accounts: map[string]*seqAccount{},
		byUser:   newKeyIndex[string](),
		byScim:   map[string]string{},
		groups:   map[string]*seqGroup{},
		grpScim:  map[string]string{},
		memberOf: map[string][]string{},
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
