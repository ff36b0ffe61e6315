package engine

import (
	"testing"
)

// fuzzUsers are stored shapes a filter may meet, including ill-typed ones.
var fuzzUsers = []Resource{
	sampleUser(),
	{"id": 7, "userName": []any{"x"}, "emails": "nope", "meta": map[string]any{"created": 3}},
	{"userName": "a", "emails": []any{"x", nil, map[string]any{"value": 1}}, EnterpriseUserSchema: "bad"},
	{},
}

func FuzzFilter(f *testing.F) {
	for _, s := range []string{
		`userName eq "bjensen"`, `userName Eq "x" AND not (active eq false)`, `emails[type eq "work" and value co "@"]`,
		`meta.lastModified gt "2011-05-13T04:42:34Z"`, `title pr or userType ne "Intern"`,
		`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "m"`,
		`emails eq "a@b" and (name.givenName sw "B" or name.familyName ew "n")`, `x[`, `"`, `a eq "\u00e9\"x"`,
		`members[value eq "1"]`, `schemas eq "urn:ietf:params:scim:schemas:core:2.0:User"`, `active eq null`,
		`emails[type eq "work" and not (value ew ".org") and primary eq true]`, `emails[type eq "work"].value eq "x"`,
		`userName sw "b" and emails[type eq "other" or (type eq "home" and value ew ".org")]`,
		`((((((userName eq "a"))))))`, `emails[((type eq "w"))] and (("(" eq "x"))`, `userName eq "\"((("`,
	} {
		f.Add(s)
	}
	users, groups := UserResource(), GroupResource()
	f.Fuzz(func(t *testing.T, expr string) {
		for _, rs := range []ResourceSchema{users, groups} {
			flt, err := compileFilter(rs, expr)
			if err != nil {
				if err.Status != 400 || err.ScimType != ScimTypeInvalidFilter {
					t.Fatalf("expected 400 invalidFilter, got %d %s", err.Status, err.ScimType)
				}
				continue
			}
			for _, u := range fuzzUsers {
				flt.root.eval(u) // no recover: a panic fails the fuzz run
			}
			IndexHint(flt)
		}
	})
}

func FuzzPatch(f *testing.F) {
	for _, s := range []string{
		`{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"active","value":"False"}]}`,
		`{"Operations":[{"op":"replace","value":{"active":false,"name.givenName":"x","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department":"d"}}]}`,
		`{"Operations":[{"op":"Add","path":"emails[type eq \"work\"].value","value":"x@y"}]}`,
		`{"Operations":[{"op":"remove","path":"members[value eq \"1\"]"},{"op":"Remove","path":"members","value":[{"value":"2"}]}]}`,
		`{"Operations":[{"op":"add","path":"members","value":[{"value":"1","display":"a"}]}]}`,
		`{"Operations":[{"op":"replace","value":{"id":"u1","displayName":"n"}}]}`,
		`{"Operations":[{"op":"add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":"m"}]}`,
		`{"Operations":[{"op":"remove","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"}]}`,
		`{"Operations":[{"op":"replace","path":"emails[primary eq true]","value":{"value":"p@q","primary":true}}]}`,
		`{"Operations":[{"op":"remove","path":"emails.type"},{"op":"replace","path":"name","value":{"givenName":null}}]}`,
		`{"Operations":[{"op":"remove","path":"members[value eq \"1\" and type eq \"User\" and display pr]"}]}`,
		`{"Operations":[{"op":"replace","value":{"phoneNumbers[type eq \"work\"].value":"1"}}]}`,
		`[]`, `{"Operations":[1]}`, `{"Operations":[{"op":"x"}]}`,
		`{"Operations":[{"op":"add","path":"emails[((type eq \"w\"))].value","value":"x"},{"op":"add","path":"emails","value":[{"type":"w","value":"x"},{"type":"w","value":"x"}]}]}`,
		`{"Operations":[{"op":"replace","value":{"emails[type eq \"w\"].value":"a","emails[type eq \"w\"].display":"b"}},{"op":"add","path":"displayName","value":"x\u0000"}]}`,
	} {
		f.Add([]byte(s), uint8(0))
	}
	users, groups := UserResource(), GroupResource()
	f.Fuzz(func(t *testing.T, body []byte, flags uint8) {
		opt := PatchOptions{
			Quirks:                  Quirks{RejectStringBooleans: flags&1 != 0},
			StrictOpCase:            flags&2 != 0,
			IgnoreNoPathReplace:     flags&4 != 0,
			BareRemoveClearsMembers: flags&8 != 0,
			NonAtomic:               flags&16 != 0,
		}
		for _, c := range []struct {
			rs ResourceSchema
			r  Resource
		}{{users, sampleUser()}, {groups, sampleGroup()}, {users, fuzzUsers[1]}, {users, fuzzUsers[2]}} {
			r := Clone(c.r)
			out, err := applyPatch(c.rs, r, body, opt)
			if err != nil {
				if err.Status < 400 || err.Status > 499 {
					t.Fatalf("expected a 4xx error, got %d %s", err.Status, err.Error())
				}
				continue
			}
			if out == nil {
				t.Fatalf("expected a resource on success, got nil")
			}
			// The result must itself be a valid input to a further PATCH.
			_, _ = applyPatch(c.rs, out, body, PatchOptions{})
		}
	})
}
