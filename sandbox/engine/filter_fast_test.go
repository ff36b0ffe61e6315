package engine

import (
	"testing"

	filter "github.com/scim2/filter-parser/v2"
)

// TestFastAttrExprMatchesParser: every filter the fast path takes compiles
// to a filter that matches exactly what the full parser's does; the rest
// are left to the parser.
func TestFastAttrExprMatchesParser(t *testing.T) {
	rs := UserResource()
	users := []map[string]any{
		{"id": "1", "userName": "Alice@Example.com", "externalId": "E1", "active": true,
			"emails": []any{map[string]any{"type": "work", "value": "alice@example.com"}}, "name": map[string]any{"givenName": "Alice"}},
		{"id": "2", "userName": "bob", "externalId": "e1", "displayName": "Bob B"},
	}
	fast := []string{
		`userName eq "alice@example.com"`, `USERNAME EQ "BOB"`, `externalId eq "E1"`, `externalId eq "e1"`,
		`emails.value eq "ALICE@example.com"`, `name.givenName sw "Al"`, `displayName co "b B"`, `userName ne "bob"`,
		`userName gt "b"`, `title eq "x"`, `userName eq ""`, `password eq "x"`,
	}
	for _, src := range fast {
		x, ok := fastAttrExpr(src)
		if !ok {
			t.Errorf("expected the fast path to take %s", src)
			continue
		}
		c := filterCompiler{rs: rs}
		got, ferr := c.attrExpr(&x, nil)
		ast, err := filter.ParseFilter([]byte(src))
		if err != nil {
			t.Errorf("%s: the parser refuses what the fast path took: %v", src, err)
			continue
		}
		want, werr := c.node(ast, nil)
		if (ferr == nil) != (werr == nil) {
			t.Errorf("%s: expected error %v, got %v", src, werr, ferr)
			continue
		}
		if ferr != nil {
			continue
		}
		for _, u := range users {
			if a, b := (&compiledFilter{root: got}).Match(u), (&compiledFilter{root: want}).Match(u); a != b {
				t.Errorf("%s on %v: expected %v as the parser, got %v", src, u["userName"], b, a)
			}
		}
	}
	for _, src := range []string{
		`userName  eq "x"`, `userName eq "a\"b"`, `userName eq 5`, `active eq true`, `userName pr`,
		`urn:ietf:params:scim:schemas:core:2.0:User:userName eq "x"`, `emails[type eq "work"]`, `a.b.c eq "x"`,
		`userName eq "x" and active eq true`, `1abc eq "x"`, `userName xx "x"`,
	} {
		if _, ok := fastAttrExpr(src); ok {
			t.Errorf("expected %s left to the parser", src)
		}
	}
}
