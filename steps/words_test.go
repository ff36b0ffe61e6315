package steps

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/scimharness/scimharness/simulator"
)

func TestMessagesNameWhatTheIdPSent(t *testing.T) {
	w := &World{
		Users:  map[string]*simulator.User{"alice": {ID: "5ffb8678-a04c-4dd0-9a11-45eb95200000", UserName: "ann.lee@example.com"}},
		Groups: map[string]*simulator.Group{"sales": {ID: "g-1", DisplayName: "Sales EMEA"}},
	}
	assert.Equal(t, `"ann.lee@example.com"`, w.userWords("alice"))
	assert.Equal(t, `"bob"`, w.userWords("bob"), "a user the scenario has not made yet keeps its label")
	assert.Equal(t, `group "Sales EMEA"`, w.groupWords("sales"))
	assert.Equal(t, `Cantara's account for "ann.lee@example.com"`, w.accountWords("alice"))
	assert.Equal(t, `["ann.lee@example.com", an unknown member 9e1]`, w.describeIDs([]string{"9e1", "5ffb8678-a04c-4dd0-9a11-45eb95200000"}))
	assert.Equal(t, "no members", w.describeIDs(nil))
}

func TestAccountFieldMeaning(t *testing.T) {
	assert.Equal(t, meaningNotSynced, accountFieldMeaning("email", "new@example.com", "the new value"))
	assert.Equal(t, meaningStillActive, accountFieldMeaning("status", "deactivated", ""))
	assert.Equal(t, meaningStillBlocked, accountFieldMeaning("status", "active", ""))
	assert.Empty(t, accountFieldMeaning("accountSource", "SCIM", ""), "the comparison says it all")
}
