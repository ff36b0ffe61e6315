package sandbox

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scimharness/scimharness/sandbox/engine"
)

// listEnv has users u01..u12 created in order; u05 is inactive.
func listEnv(t *testing.T, faults ...Fault) (*env, []string) {
	e := newEnv(t, faults...)
	var ids []string
	for i := 1; i <= 12; i++ {
		u := user(fmt.Sprintf("u%02d", i))
		if i == 5 {
			u["active"] = false
		}
		r := e.do("POST", e.scim("/Users"), u)
		require.Equal(t, http.StatusCreated, r.Status)
		ids = append(ids, r.get("id").String())
	}
	return e, ids
}

func TestListPagination(t *testing.T) {
	e, _ := listEnv(t)
	tests := []struct {
		query                   string
		total, start, perPage   int64
		firstUserName, lastUser string
		status                  int
	}{
		{"", 12, 1, 12, "u01", "u12", 200},
		{"?startIndex=1&count=5", 12, 1, 5, "u01", "u05", 200},
		{"?startIndex=11&count=5", 12, 11, 2, "u11", "u12", 200},
		{"?startIndex=0&count=2", 12, 1, 2, "u01", "u02", 200},
		{"?startIndex=-4&count=2", 12, 1, 2, "u01", "u02", 200},
		{"?count=-1", 12, 1, 0, "", "", 200},
		{"?count=0", 12, 1, 0, "", "", 200},
		{"?startIndex=20", 12, 20, 0, "", "", 200},
		{"?StartIndex=3&COUNT=1", 12, 3, 1, "u03", "u03", 200},
		{"?count=abc", 0, 0, 0, "", "", 400},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			r := e.do("GET", e.scim("/Users"+tt.query), nil)
			require.Equal(t, tt.status, r.Status, r.String())
			if tt.status != 200 {
				assert.Equal(t, "invalidValue", r.get("scimType").String())
				return
			}
			assert.Equal(t, "urn:ietf:params:scim:api:messages:2.0:ListResponse", r.get("schemas.0").String())
			assert.Equal(t, tt.total, r.get("totalResults").Int())
			assert.Equal(t, tt.start, r.get("startIndex").Int())
			assert.Equal(t, tt.perPage, r.get("itemsPerPage").Int())
			items := r.get("Resources").Array()
			require.Len(t, items, int(tt.perPage))
			if tt.perPage > 0 {
				assert.Equal(t, tt.firstUserName, items[0].Get("userName").String())
				assert.Equal(t, tt.lastUser, items[len(items)-1].Get("userName").String())
				assert.Contains(t, items[0].Get("meta.location").String(), "http://sandbox.test/scim/v2/acme/Users/")
			}
		})
	}
}

func TestListFilter(t *testing.T) {
	e, ids := listEnv(t)
	tests := []struct {
		filter string
		total  int64
		status int
	}{
		{`userName eq "u03"`, 1, 200},
		{`userName eq "U03"`, 1, 200},
		{`USERNAME Eq "u03"`, 1, 200},
		{`userName eq "nobody"`, 0, 200},
		{`externalId eq "ext-u04"`, 1, 200},
		{`externalId eq "EXT-U04"`, 0, 200}, // externalId is caseExact
		{`displayName eq "display u07"`, 1, 200},
		{`id eq "` + ids[2] + `"`, 1, 200},
		{`userName sw "u0"`, 9, 200},
		{`userName co "1"`, 4, 200},
		{`active eq false`, 1, 200},
		{`userName eq "u01" or userName eq "u02"`, 2, 200},
		{`userName eq "u01" and active eq true`, 1, 200},
		{`not (active eq true)`, 1, 200},
		{`emails[type eq "work" and value ew "u12@example.com"]`, 1, 200},
		{`name.givenName eq "Given"`, 12, 200},
		{`urn:ietf:params:scim:schemas:core:2.0:User:userName eq "u09"`, 1, 200},
		{`meta.created gt "2020-01-01T00:00:00Z"`, 12, 200},
		{`title pr`, 0, 200},
		{`userName eq`, 0, 400},
		{`userName zz "x"`, 0, 400},
	}
	for _, tt := range tests {
		t.Run(tt.filter, func(t *testing.T) {
			r := e.do("GET", e.filterPath("Users", tt.filter), nil)
			require.Equal(t, tt.status, r.Status, r.String())
			if tt.status == 400 {
				assert.Equal(t, "invalidFilter", r.get("scimType").String())
				return
			}
			assert.Equal(t, tt.total, r.get("totalResults").Int(), r.String())
			assert.Len(t, r.get("Resources").Array(), int(tt.total))
		})
	}
	// Entra sends spaces as '+'.
	r := e.do("GET", e.scim(`/Users?filter=userName+eq+%22u03%22`), nil)
	assert.EqualValues(t, 1, r.get("totalResults").Int())
}

func TestListProjectionAndSort(t *testing.T) {
	e, _ := listEnv(t)
	r := e.do("GET", e.scim("/Users?attributes=userName&count=1"), nil)
	item := r.get("Resources.0")
	assert.True(t, item.Get("userName").Exists())
	assert.True(t, item.Get("id").Exists())
	assert.False(t, item.Get("emails").Exists())

	r = e.do("GET", e.scim("/Users?excludedAttributes=emails&count=1"), nil)
	assert.False(t, r.get("Resources.0.emails").Exists())
	assert.True(t, r.get("Resources.0.userName").Exists())

	r = e.do("GET", e.scim("/Users?sortBy=userName&sortOrder=descending&count=3"), nil)
	require.Equal(t, http.StatusOK, r.Status, r.String())
	assert.Equal(t, []any{"u12", "u11", "u10"}, r.get("Resources.#.userName").Value())
	r = e.do("GET", e.scim("/Users?sortBy=userName&startIndex=2&count=2"), nil)
	assert.Equal(t, []any{"u02", "u03"}, r.get("Resources.#.userName").Value())
}

func TestSearchEndpoint(t *testing.T) {
	e, _ := listEnv(t)
	r := e.do("POST", e.scim("/Users/.search"), map[string]any{
		"schemas":    []string{"urn:ietf:params:scim:api:messages:2.0:SearchRequest"},
		"filter":     `userName sw "u1"`,
		"attributes": []string{"userName"},
		"sortBy":     "userName",
		"startIndex": 2,
		"count":      5,
	})
	require.Equal(t, http.StatusOK, r.Status, r.String())
	assert.EqualValues(t, 3, r.get("totalResults").Int())
	assert.Equal(t, []any{"u11", "u12"}, r.get("Resources.#.userName").Value())
	assert.False(t, r.get("Resources.0.emails").Exists())
	assert.Equal(t, http.StatusBadRequest, e.do("POST", e.scim("/Users/.search"), `{"filter":1}`).Status)
	assert.Equal(t, http.StatusBadRequest, e.do("POST", e.scim("/Users/.search"), `{"filter":"userName eq"}`).Status)
}

func TestListCapsAtMaxResults(t *testing.T) {
	e := newEnv(t)
	err := e.sb.store.Update(e.tenant, func(tx Tx) error {
		for i := range MaxResults + 5 {
			require.NoError(t, tx.Put(KindUser, map[string]any{"id": fmt.Sprint(i), "userName": fmt.Sprint("bulk", i)}))
		}
		return nil
	})
	require.NoError(t, err)
	r := e.do("GET", e.scim("/Users?count=5000"), nil)
	assert.EqualValues(t, MaxResults+5, r.get("totalResults").Int())
	assert.EqualValues(t, MaxResults, r.get("itemsPerPage").Int())
}

func TestDiscovery(t *testing.T) {
	e := newEnv(t)
	spc := e.do("GET", e.scim("/ServiceProviderConfig"), nil)
	require.Equal(t, http.StatusOK, spc.Status)
	for path, want := range map[string]bool{"patch.supported": true, "filter.supported": true, "sort.supported": true,
		"etag.supported": true, "bulk.supported": true, "changePassword.supported": false} {
		assert.Equal(t, want, spc.get(path).Bool(), path)
	}
	assert.EqualValues(t, MaxResults, spc.get("filter.maxResults").Int())

	sch := e.do("GET", e.scim("/Schemas"), nil)
	require.Equal(t, http.StatusOK, sch.Status)
	ids := sch.get("Resources.#.id").Value()
	for _, urn := range []string{"urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:core:2.0:Group",
		"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"} {
		assert.Contains(t, ids, urn)
		one := e.do("GET", e.scim("/Schemas/"+urn), nil)
		assert.Equal(t, http.StatusOK, one.Status)
		assert.Equal(t, urn, one.get("id").String())
	}
	rt := e.do("GET", e.scim("/ResourceTypes"), nil)
	assert.EqualValues(t, 2, rt.get("totalResults").Int())
	assert.Equal(t, http.StatusOK, e.do("GET", e.scim("/ResourceTypes/User"), nil).Status)
	assert.Equal(t, http.StatusNotFound, e.do("GET", e.scim("/ResourceTypes/Nope"), nil).Status)
	assert.Equal(t, http.StatusNotFound, e.do("GET", e.scim("/Schemas/urn:nope"), nil).Status)
	assert.Equal(t, http.StatusUnauthorized, e.do("GET", e.scim("/ServiceProviderConfig"), nil, withToken("")).Status)
}

// scanCounter is a Store whose transactions count full scans.
type scanCounter struct {
	*MemoryStore
	scans int
}

type countingTx struct {
	Tx
	s *scanCounter
}

func (c countingTx) All(kind Kind) []engine.Resource {
	if kind == KindUser {
		c.s.scans++
	}
	return c.Tx.All(kind)
}

func (s *scanCounter) View(tid string, fn func(Tx) error) error {
	return s.MemoryStore.View(tid, func(tx Tx) error { return fn(countingTx{tx, s}) })
}

// TestIndexedFiltersDoNotScan: `attr eq "x"` on userName, externalId,
// displayName, emails.value or id, and `userName sw "x"` (alone or inside
// an AND) are answered from an index.
func TestIndexedFiltersDoNotScan(t *testing.T) {
	store := &scanCounter{MemoryStore: NewMemoryStore()}
	sb, err := New(Options{AdminToken: "admin-secret", Store: store, Clock: NewFixedClock(testStart)})
	require.NoError(t, err)
	_, err = sb.CreateTenant("Acme", "acme")
	require.NoError(t, err)
	tok, _, err := sb.IssueToken("acme", time.Time{})
	require.NoError(t, err)
	e := &env{t: t, sb: sb, h: sb.Handler(), tenant: "acme", token: tok}
	id := e.createUser("alice")
	e.createUser("bob")

	tests := []struct {
		filter string
		scans  int
		total  int64
	}{
		{`userName eq "ALICE"`, 0, 1},
		{`externalId eq "ext-bob"`, 0, 1},
		{`displayName eq "Display alice"`, 0, 1},
		{`id eq "` + id + `"`, 0, 1},
		{`active eq true and userName eq "bob"`, 0, 1},
		{`userName eq "nobody"`, 0, 0},
		{`userName sw "a"`, 0, 1},
		{`userName sw "A" and active eq true`, 0, 1},
		{`emails.value eq "ALICE@example.com"`, 0, 1},
		{`displayName sw "Display"`, 1, 2},
		{`userName eq "alice" or userName eq "bob"`, 1, 2},
	}
	for _, tt := range tests {
		t.Run(tt.filter, func(t *testing.T) {
			store.scans = 0
			r := e.do("GET", e.filterPath("Users", tt.filter), nil)
			require.Equal(t, http.StatusOK, r.Status, r.String())
			assert.Equal(t, tt.total, r.get("totalResults").Int())
			assert.Equal(t, tt.scans, store.scans, "expected %d full scans", tt.scans)
		})
	}
}
