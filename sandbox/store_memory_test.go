package sandbox

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scimharness/scimharness/sandbox/engine"
)

func newStoreTenant(t *testing.T) *MemoryStore {
	m := NewMemoryStore()
	require.NoError(t, m.CreateTenant(Tenant{ID: "t", Name: "T"}))
	return m
}

func TestMemoryStoreIndexes(t *testing.T) {
	m := newStoreTenant(t)
	require.ErrorIs(t, m.CreateTenant(Tenant{ID: "t"}), ErrExists)
	require.ErrorIs(t, m.View("nope", func(Tx) error { return nil }), ErrNotFound)
	err := m.Update("t", func(tx Tx) error {
		require.NoError(t, tx.Put(KindUser, engine.Resource{"id": "1", "userName": "Alice", "externalId": "E1", "displayName": "A",
			"emails": []any{map[string]any{"value": "Alice@Example.com"}, map[string]any{"value": "shared@example.com"}}}))
		require.NoError(t, tx.Put(KindUser, engine.Resource{"id": "2", "userName": "bob", "externalId": "E2",
			"emails": []any{map[string]any{"value": "shared@example.com"}}}))
		require.Error(t, tx.Put(KindUser, engine.Resource{"userName": "noid"}))
		return nil
	})
	require.NoError(t, err)

	tests := []struct {
		attr, value string
		want        []string
	}{
		{"userName", "alice", []string{"1"}},
		{"userName", "ALICE", []string{"1"}},
		{"externalId", "E2", []string{"2"}},
		{"displayName", "a", []string{"1"}},
		{"id", "2", []string{"2"}},
		{"emails.value", "alice@example.COM", []string{"1"}},
		{"emails.value", "shared@example.com", []string{"1", "2"}},
		{"id", "9", nil},
		{"title", "x", nil},
	}
	for _, tt := range tests {
		t.Run(tt.attr+"="+tt.value, func(t *testing.T) {
			_ = m.View("t", func(tx Tx) error {
				var got []string
				for _, r := range tx.Lookup(KindUser, tt.attr, tt.value) {
					got = append(got, r["id"].(string))
				}
				assert.Equal(t, tt.want, got)
				return nil
			})
		})
	}

	// A rename moves the index entry; a delete drops it.
	_ = m.Update("t", func(tx Tx) error {
		require.NoError(t, tx.Put(KindUser, engine.Resource{"id": "1", "userName": "alicia"}))
		assert.Empty(t, tx.Lookup(KindUser, "userName", "alice"))
		assert.Len(t, tx.Lookup(KindUser, "userName", "Alicia"), 1)
		assert.True(t, tx.Delete(KindUser, "1"))
		assert.False(t, tx.Delete(KindUser, "1"))
		assert.Empty(t, tx.Lookup(KindUser, "userName", "alicia"))
		assert.Equal(t, 1, tx.Count(KindUser))
		return nil
	})
}

// TestMemoryStoreMembershipIndex: a user's groups and an account's console
// groups come from indexes kept in step with every group write and delete.
func TestMemoryStoreMembershipIndex(t *testing.T) {
	m := newStoreTenant(t)
	_ = m.Update("t", func(tx Tx) error {
		member := func(ids ...string) []any {
			var out []any
			for _, id := range ids {
				out = append(out, map[string]any{"value": id})
			}
			return out
		}
		require.NoError(t, tx.Put(KindGroup, engine.Resource{"id": "g1", "displayName": "One", "members": member("u1", "u2")}))
		require.NoError(t, tx.Put(KindGroup, engine.Resource{"id": "g2", "displayName": "Two", "members": member("u1")}))
		ids := func(rs []engine.Resource) []string {
			var out []string
			for _, r := range rs {
				out = append(out, r["id"].(string))
			}
			return out
		}
		assert.Equal(t, []string{"g1", "g2"}, ids(tx.GroupsOf("u1")))
		assert.Equal(t, []string{"g1"}, ids(tx.GroupsOf("u2")))
		require.NoError(t, tx.Put(KindGroup, engine.Resource{"id": "g1", "displayName": "One", "members": member("u2")}))
		assert.Equal(t, []string{"g2"}, ids(tx.GroupsOf("u1")))
		tx.Delete(KindGroup, "g2")
		assert.Empty(t, tx.GroupsOf("u1"))

		tx.PutGroup(CantaraGroup{ID: "c1", DisplayName: "One", Members: []string{"a1", "a2"}})
		tx.PutGroup(CantaraGroup{ID: "c2", DisplayName: "Two", Members: []string{"a1"}})
		assert.Len(t, tx.GroupsOfAccount("a1"), 2)
		tx.PutGroup(CantaraGroup{ID: "c1", DisplayName: "One", Members: []string{"a2"}})
		tx.DeleteGroup("c2")
		assert.Empty(t, tx.GroupsOfAccount("a1"))
		assert.Len(t, tx.GroupsOfAccount("a2"), 1)
		return nil
	})
}

func TestMemoryStorePages(t *testing.T) {
	m := newStoreTenant(t)
	_ = m.Update("t", func(tx Tx) error {
		for i := range 10 {
			require.NoError(t, tx.Put(KindUser, engine.Resource{"id": fmt.Sprint(i), "userName": fmt.Sprint("u", i)}))
		}
		tx.Delete(KindUser, "2")
		var got []string
		for _, r := range tx.Page(KindUser, 2, 3) {
			got = append(got, r["id"].(string))
		}
		assert.Equal(t, []string{"1", "3", "4"}, got)
		assert.Empty(t, tx.Page(KindUser, 20, 3))
		return nil
	})
}

func TestMemoryStoreOrderSurvivesCompaction(t *testing.T) {
	m := newStoreTenant(t)
	_ = m.Update("t", func(tx Tx) error {
		for i := range 300 {
			require.NoError(t, tx.Put(KindUser, engine.Resource{"id": fmt.Sprint(i), "userName": fmt.Sprint("u", i)}))
		}
		for i := range 250 { // enough holes to trigger compaction
			require.True(t, tx.Delete(KindUser, fmt.Sprint(i)))
		}
		all := tx.All(KindUser)
		require.Len(t, all, 50)
		for i, r := range all {
			assert.Equal(t, fmt.Sprint(250+i), r["id"])
		}
		require.True(t, tx.Delete(KindUser, "260"))
		assert.Len(t, tx.All(KindUser), 49)
		return nil
	})
}

func TestMemoryStorePutCopies(t *testing.T) {
	m := newStoreTenant(t)
	r := engine.Resource{"id": "1", "userName": "a", "emails": []any{map[string]any{"value": "x"}}}
	_ = m.Update("t", func(tx Tx) error { return tx.Put(KindUser, r) })
	r["emails"].([]any)[0].(map[string]any)["value"] = "changed"
	_ = m.View("t", func(tx Tx) error {
		got, _ := tx.Get(KindUser, "1")
		assert.Equal(t, "x", got["emails"].([]any)[0].(map[string]any)["value"])
		return nil
	})
}

func TestMemoryStoreTokensAndAccounts(t *testing.T) {
	m := newStoreTenant(t)
	rec := TokenRecord{TokenInfo: TokenInfo{ID: "k", TenantID: "t", ExpiresAt: time.Now()}, Hash: hashSecret("s")}
	require.NoError(t, m.PutToken(rec))
	require.Error(t, m.PutToken(TokenRecord{TokenInfo: TokenInfo{TenantID: "nope"}}))
	got, ok := m.TokenByHash(hashSecret("s"))
	require.True(t, ok)
	assert.Equal(t, "k", got.ID)
	require.NoError(t, m.MarkTokenDeleted("t", "k"))
	require.ErrorIs(t, m.MarkTokenDeleted("t", "k"), ErrNotFound)
	assert.Empty(t, m.Tokens("t"))

	_ = m.Update("t", func(tx Tx) error {
		tx.PutAccount(Account{ID: "a1", ScimID: "s1", UserName: "Alice"})
		tx.PutAccount(Account{ID: "a2", UserName: "alice"})
		assert.Len(t, tx.AccountsByUserName("ALICE"), 2)
		tx.PutAccount(Account{ID: "a1", ScimID: "s2", UserName: "carol"})
		_, ok := tx.AccountByScimID("s1")
		assert.False(t, ok)
		a, ok := tx.AccountByScimID("s2")
		assert.True(t, ok)
		assert.Equal(t, "carol", a.UserName)
		assert.Len(t, tx.AccountsByUserName("alice"), 1)
		tx.DeleteAccount("a2")
		assert.Equal(t, []string{"a1"}, accountIDs(tx.Accounts()))

		tx.PutGroup(CantaraGroup{ID: "g", ScimID: "sg", DisplayName: "G", Members: []string{"a1"}})
		g, ok := tx.GroupByScimID("sg")
		require.True(t, ok)
		g.Members[0] = "mutated"
		again, _ := tx.Group("g")
		assert.Equal(t, []string{"a1"}, again.Members, "expected groups copied out")
		tx.DeleteGroup("g")
		assert.Empty(t, tx.Groups())
		return nil
	})
}

func accountIDs(as []Account) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.ID)
	}
	return out
}

// TestConcurrentRequests drives creates, reads, patches and deletes in
// parallel; run with -race.
func TestConcurrentRequests(t *testing.T) {
	e := newEnv(t)
	gid := e.createGroup("Team")
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 25 {
				name := fmt.Sprintf("w%d-%d", w, i)
				r := e.do("POST", e.scim("/Users"), user(name))
				if r.Status != 201 {
					t.Errorf("expected 201, got %d %s", r.Status, r.String())
					return
				}
				id := r.get("id").String()
				e.patch(e.scim("/Groups/"+gid), op("add", "members", []any{map[string]any{"value": id}}))
				e.do("GET", e.filterPath("Users", `userName eq "`+name+`"`), nil)
				e.do("GET", e.scim("/Groups/"+gid), nil)
				e.do("GET", e.admin("/accounts?userName="+name), nil)
				if i%2 == 0 {
					e.do("DELETE", e.scim("/Users/"+id), nil)
				}
			}
		}()
	}
	wg.Wait()
	r := e.do("GET", e.scim("/Users?count=0"), nil)
	assert.EqualValues(t, 8*12, r.get("totalResults").Int())
	assert.Len(t, e.do("GET", e.scim("/Groups/"+gid), nil).get("members").Array(), 8*12)
}

// TestMemoryStorePrefixIndex: userName prefixes are answered in creation
// order and stay right through renames, deletes, merges and compaction.
func TestMemoryStorePrefixIndex(t *testing.T) {
	m := newStoreTenant(t)
	names := func(rs []engine.Resource) []string {
		var out []string
		for _, r := range rs {
			out = append(out, r["userName"].(string))
		}
		return out
	}
	_ = m.Update("t", func(tx Tx) error {
		for i := range 600 { // past the merge threshold
			require.NoError(t, tx.Put(KindUser, engine.Resource{"id": fmt.Sprint(i), "userName": fmt.Sprintf("U%03d-x", i)}))
		}
		assert.Equal(t, []string{"U010-x", "U011-x"}, names(tx.LookupPrefix(KindUser, "userName", "u01")[:2]))
		assert.Len(t, tx.LookupPrefix(KindUser, "userName", "u01"), 10)
		require.NoError(t, tx.Put(KindUser, engine.Resource{"id": "10", "userName": "renamed"}))
		assert.Len(t, tx.LookupPrefix(KindUser, "userName", "u01"), 9)
		assert.Equal(t, []string{"renamed"}, names(tx.LookupPrefix(KindUser, "userName", "REN")))
		for i := range 400 { // enough deletes to compact and renumber
			tx.Delete(KindUser, fmt.Sprint(i))
		}
		assert.Empty(t, tx.LookupPrefix(KindUser, "userName", "u01"))
		assert.Equal(t, []string{"U400-x", "U401-x"}, names(tx.LookupPrefix(KindUser, "userName", "u40")[:2]))
		assert.Len(t, tx.LookupPrefix(KindUser, "userName", "u5"), 100)
		return nil
	})
}
