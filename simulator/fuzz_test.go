package simulator

import (
	"net/url"
	"testing"
	"unicode/utf8"
)

// Whatever the value, a dialect's encoded filter decodes back to the
// filter it meant (so spacing style never changes meaning).
func FuzzEncodeFilter(f *testing.F) {
	for _, s := range []string{`userName eq "a@b.c"`, `x eq "a+b&c=d#e%f"`, "é ü 日本", `a eq "\"q\""`, "a;b", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			t.Skip()
		}
		for _, sp := range []SpaceEncoding{SpacesPlus, SpacesPercent} {
			q, err := url.ParseQuery("filter=" + EncodeFilter(s, sp))
			if err != nil {
				t.Fatalf("expected a parsable query for %q, got %v", s, err)
			}
			if got := q.Get("filter"); got != s {
				t.Fatalf("expected %q back, got %q", s, got)
			}
		}
	})
}

// ParseAttrPath never panics, and what it accepts it can write and read.
func FuzzParseAttrPath(f *testing.F) {
	for _, s := range []string{"userName", "name.givenName", `emails[type eq "work"].value`, "urn:x:y:User:dept", "a[", "urn:"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParseAttrPath(s)
		if err != nil {
			return
		}
		doc := map[string]any{}
		p.set(doc, "v", false)
		got, ok := p.get(doc)
		if !ok || got != "v" {
			t.Fatalf("expected to read back %q at %q, got %v (%v)", "v", s, got, ok)
		}
	})
}
