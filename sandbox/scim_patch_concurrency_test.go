package sandbox

import (
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestConcurrentPatchesLoseNothing: PATCHes of one user sent at once each
// add their own email; every one is kept (read, patch and write of one
// PATCH happen under the tenant's write lock, so none overwrites another:
// a sandbox that lost such writes would pass converge's faults off as
// Cantara's).
func TestConcurrentPatchesLoseNothing(t *testing.T) {
	e := newEnv(t)
	r := e.do("POST", e.scim("/Users"), user("race"))
	require.Equal(t, http.StatusCreated, r.Status, r.String())
	id := r.get("id").String()
	const n = 48
	statuses := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i] = e.do("PATCH", e.scim("/Users/"+id), map[string]any{
				"schemas": []string{"urn:ietf:params:scim:api:messages:2.0:PatchOp"},
				"Operations": []map[string]any{{"op": "add", "path": "emails",
					"value": []map[string]any{{"value": fmt.Sprintf("extra%02d@example.com", i), "type": "other"}}}},
			}).Status
		}()
	}
	wg.Wait()
	for i, st := range statuses {
		assert.Equal(t, http.StatusOK, st, "PATCH %d", i)
	}
	got := e.do("GET", e.scim("/Users/"+id), nil)
	have := map[string]bool{}
	for _, v := range got.get(`emails.#.value`).Array() {
		have[v.String()] = true
	}
	for i := range n {
		assert.True(t, have[fmt.Sprintf("extra%02d@example.com", i)], "expected extra%02d@example.com kept, got %s", i, got.get("emails"))
	}
}
