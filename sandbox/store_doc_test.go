package sandbox

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scimharness/scimharness/sandbox/engine"
)

// TestDocIndexedReadsWhatTheIndexesHold: what unindex reads from a stored
// document's bytes equals what put indexed from the decoded resource, for
// escaped, non-ASCII and ill-typed values alike; otherwise a replaced
// resource would leave stale index entries behind.
func TestDocIndexedReadsWhatTheIndexesHold(t *testing.T) {
	resources := []engine.Resource{
		{"id": "1", "userName": `a"b\c@example.com`, "externalId": "x\u00e9\u2028y", "displayName": "<Zoë & co>",
			"emails": []any{map[string]any{"value": "A@x.io", "type": "work"}, "not an object", map[string]any{"value": 7.0}, map[string]any{"type": "home"}}},
		{"id": "2", "displayName": "Engineering", "members": []any{
			map[string]any{"value": "u1", "display": "Alice"}, map[string]any{"value": ""}, map[string]any{"value": 3.0}, "u9", map[string]any{"value": "u\"2"}}},
		{"id": "3", "userName": 12.0, "displayName": nil, "emails": "none", "members": map[string]any{"value": "u1"}},
		{"id": "4"},
	}
	for _, r := range resources {
		doc, err := encodeDoc(r)
		require.NoError(t, err)
		values, members := docIndexed(doc)
		for _, a := range indexedAttrs {
			want := indexedValues(r, a)
			if len(want) == 0 {
				assert.Empty(t, values[a], "resource %s, %s", r["id"], a)
				continue
			}
			assert.Equal(t, want, values[a], "resource %s, %s", r["id"], a)
		}
		want := memberIDs(r)
		if len(want) == 0 {
			assert.Empty(t, members, "resource %s members", r["id"])
		} else {
			assert.Equal(t, want, members, "resource %s members", r["id"])
		}
	}
}
