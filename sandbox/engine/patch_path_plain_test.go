package engine

import (
	"testing"

	filter "github.com/scim2/filter-parser/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPlainPathAgreesWithTheGrammar holds the PATCH path shortcut to the
// full parser's reading: same attribute, same sub-attribute, same verdict.
func TestPlainPathAgreesWithTheGrammar(t *testing.T) {
	rs := UserResource()
	for _, path := range []string{
		"active", "displayName", "name.givenName", "NAME.FAMILYNAME", "userName", "emails",
		"emails.value", "locale", "x509Certificates", "nosuch", "name.nosuch", "schemas", "meta.lastModified",
	} {
		t.Run(path, func(t *testing.T) {
			name, sub, ok := plainPath(path)
			require.True(t, ok, "a plain path")
			p, err := filter.ParsePath([]byte(path))
			require.NoError(t, err)
			assert.Equal(t, p.AttributePath.AttributeName, name)
			assert.Equal(t, p.AttributePath.SubAttributeName(), sub)
			assert.Empty(t, p.AttributePath.URI())
			assert.Nil(t, p.ValueExpression)
		})
	}
	for _, path := range []string{
		`emails[type eq "work"].value`, "urn:ietf:params:scim:schemas:core:2.0:User:userName",
		"name.givenName.x", "1name", "", "name.", ".x", "na me", "user_name", "名前",
	} {
		_, _, ok := plainPath(path)
		assert.False(t, ok, "%q goes to the full grammar", path)
	}
	// the shortcut's verdicts match the whole function's on known and unknown paths
	for path, unknown := range map[string]bool{"active": false, "name.givenName": false, "nosuch": true, "name.nosuch": true} {
		_, gotUnknown, err := rs.parsePatchPath(path)
		assert.Equal(t, unknown, gotUnknown, path)
		assert.Equal(t, unknown, err != nil, path)
	}
}
