package sandbox

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSortedPagesFromTheNameIndex: an unfiltered list sorted by userName is
// answered from the name index, page by page, exactly as sorting every
// user answers it (the filter `userName pr` takes that path): ascending
// and descending, case variants, names that lower-case alike (allowed by
// the ascii-username-folding fault, kept in creation order), after
// renames and deletes, across page boundaries.
func TestSortedPagesFromTheNameIndex(t *testing.T) {
	e := newEnv(t, FaultASCIIUserNameFolding)
	names := []string{"Émile", "émile", "bob", "Alice", "carol", "Élodie", "dave", "Zed", "yann", "Xavier",
		"alice.b", "Bob.c", "Ærø", "ærø", "mike", "Nina", "oscar", "Peter", "quinn", "Rita"}
	var ids []string
	for i := range 3 {
		for _, n := range names {
			r := e.do("POST", e.scim("/Users"), user(fmt.Sprintf("%s%d", n, i)))
			require.Equal(t, http.StatusCreated, r.Status, r.String())
			ids = append(ids, r.get("id").String())
		}
	}
	for _, id := range ids[5:9] {
		require.Equal(t, http.StatusNoContent, e.do("DELETE", e.scim("/Users/"+id), nil).Status)
	}
	for i, id := range ids[20:24] {
		r := e.do("PATCH", e.scim("/Users/"+id), map[string]any{
			"schemas":    []string{"urn:ietf:params:scim:api:messages:2.0:PatchOp"},
			"Operations": []map[string]any{{"op": "replace", "path": "userName", "value": fmt.Sprintf("Renamed%d", 3-i)}},
		})
		require.Equal(t, http.StatusOK, r.Status, r.String())
	}
	page := func(query string) (ids []string, total int64) {
		r := e.do("GET", e.scim("/Users?"+query), nil)
		require.Equal(t, http.StatusOK, r.Status, r.String())
		for _, v := range r.get("Resources.#.id").Array() {
			ids = append(ids, v.String())
		}
		return ids, r.get("totalResults").Int()
	}
	for _, by := range []string{"userName", "USERNAME", "urn:ietf:params:scim:schemas:core:2.0:User:userName"} {
		for _, order := range []string{"", "ascending", "Descending"} {
			for _, win := range [][2]int{{1, 100}, {1, 7}, {8, 7}, {50, 7}, {0, 3}, {56, 10}, {57, 5}, {100, 5}, {1, 0}} {
				q := url.Values{"sortBy": {by}, "startIndex": {fmt.Sprint(win[0])}, "count": {fmt.Sprint(win[1])}}
				if order != "" {
					q.Set("sortOrder", order)
				}
				got, gotTotal := page(q.Encode())
				q.Set("filter", "userName pr")
				want, wantTotal := page(q.Encode())
				assert.Equal(t, want, got, "%s", q.Encode())
				assert.Equal(t, wantTotal, gotTotal, "%s", q.Encode())
				assert.EqualValues(t, 56, gotTotal)
			}
		}
	}
	r := e.do("GET", e.scim("/Users?sortBy=userName&sortOrder=sideways"), nil)
	assert.Equal(t, http.StatusBadRequest, r.Status, "an invalid sortOrder is still refused")
}

// TestNamePageAfterDeletesOnly: deleting users leaves their entries in the
// name index until a merge; a sorted page must still come from the index
// (not fall back to sorting everyone) and must not list the deleted.
func TestNamePageAfterDeletesOnly(t *testing.T) {
	c := newCollection()
	for i := range 30 {
		require.NoError(t, c.put(KindUser, map[string]any{"id": fmt.Sprintf("id%02d", i), "userName": fmt.Sprintf("user%02d", 29-i)}))
	}
	page, ok := c.pageByName(false, 1, 3)
	require.True(t, ok)
	require.Len(t, page, 3)
	for _, id := range []string{"id29", "id28", "id10"} {
		require.True(t, c.delete(id))
	}
	page, ok = c.pageByName(false, 1, 3)
	require.True(t, ok, "expected the index to answer after deletes alone")
	var names []string
	for _, r := range page {
		names = append(names, r["userName"].(string))
	}
	assert.Equal(t, []string{"user02", "user03", "user04"}, names)
	page, ok = c.pageByName(true, 1, 2)
	require.True(t, ok)
	assert.Equal(t, "user29", page[0]["userName"])
	assert.Equal(t, "user28", page[1]["userName"])
}
