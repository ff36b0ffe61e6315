package engine

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestDedupeElementsMatchesPairwise: the bucketed dedupe gives what
// comparing every element with every kept one gives, on lists mixing
// case variants, types, missing values, scalars and immutable values.
func TestDedupeElementsMatchesPairwise(t *testing.T) {
	pairwise := func(attr *Attribute, list []any) []any {
		out := []any{}
		for _, e := range list {
			idx := firstSame(attr, out, e)
			if idx < 0 {
				out = append(out, e)
				continue
			}
			out[idx] = mergeElement(out[idx], e)
		}
		return out
	}
	values := []any{"a@x.io", "A@X.io", "b@x.io", "\u212a", "k", "K", 7.0, true}
	types := []any{"work", "Work", "home", nil}
	attrs := map[string]Attribute{
		"caseIgnore": {Name: "emails", MultiValued: true, SubAttributes: []Attribute{{Name: "value"}, {Name: "type"}}},
		"caseExact":  {Name: "emails", MultiValued: true, SubAttributes: []Attribute{{Name: "value", CaseExact: true}, {Name: "type"}}},
		"immutable":  {Name: "members", MultiValued: true, SubAttributes: []Attribute{{Name: "value", Mutability: MutImmutable}}},
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for name, attr := range attrs {
		for round := range 300 {
			var list []any
			for range rng.IntN(12) {
				switch rng.IntN(6) {
				case 0:
					list = append(list, values[rng.IntN(len(values))])
				case 1:
					list = append(list, map[string]any{"display": fmt.Sprint(rng.IntN(2))})
				default:
					m := map[string]any{"value": values[rng.IntN(len(values))]}
					if ty := types[rng.IntN(len(types))]; ty != nil {
						m["type"] = ty
					}
					if rng.IntN(3) == 0 {
						m["primary"] = true
					}
					list = append(list, m)
				}
			}
			got, want := dedupeElements(&attr, list), pairwise(&attr, list)
			if !reflect.DeepEqual(got, want) && !(len(got) == 0 && len(want) == 0) {
				t.Fatalf("%s round %d: list %v: expected %v, got %v", name, round, list, want, got)
			}
		}
	}
}

// TestFoldKeyAgreesWithEqualFold: the bucket key of dedupeElements never
// separates two strings strings.EqualFold holds equal, nor joins two it
// holds different.
func TestFoldKeyAgreesWithEqualFold(t *testing.T) {
	words := []string{"k", "K", "\u212a", "kk", "k\u212a", "s", "S", "\u017f", "Straße", "STRASSE", "straße",
		"Σ", "σ", "ς", "é", "É", "ÿ", "Ÿ", "a@b.C", "A@B.c", "\xff", "\xfe", "ǅ", "ǆ", "Ǆ", ""}
	for _, a := range words {
		for _, b := range words {
			assert.Equal(t, strings.EqualFold(a, b), foldKey(a) == foldKey(b), "%q vs %q", a, b)
		}
	}
}

// TestAddElementsMatchesPairwise: a PATCH add into a multi-valued
// attribute finds the element each value repeats through the bucket index
// exactly as comparing it with every element would, merges, appends and
// moves primary the same way.
func TestAddElementsMatchesPairwise(t *testing.T) {
	pairwise := func(attr *Attribute, list, added []any) []any {
		list = append([]any(nil), list...)
		for _, e := range added {
			idx := firstSame(attr, list, e)
			if idx < 0 {
				list = append(list, e)
				idx = len(list) - 1
			} else if om, ok := asMap(list[idx]); ok {
				em, _ := asMap(e)
				for k, v := range em {
					om[k] = v
				}
			}
			if isPrimary(e) {
				clearOtherPrimaries(list, idx)
			}
		}
		return list
	}
	values := []any{"a@x.io", "A@X.io", "b@x.io", "\u212a", "k", "K", 7.0}
	types := []any{"work", "Work", "home", nil}
	attrs := map[string]Attribute{
		"caseIgnore": {Name: "emails", MultiValued: true, SubAttributes: []Attribute{{Name: "value"}, {Name: "type"}, {Name: "primary", Type: TypeBoolean}}},
		"immutable":  {Name: "members", MultiValued: true, SubAttributes: []Attribute{{Name: "value", Mutability: MutImmutable}, {Name: "display"}}},
	}
	gen := func(seed uint64, n int) []any {
		rng := rand.New(rand.NewPCG(seed, 9))
		var list []any
		for range n {
			if rng.IntN(8) == 0 {
				list = append(list, map[string]any{"display": fmt.Sprint(rng.IntN(2))})
				continue
			}
			m := map[string]any{"value": values[rng.IntN(len(values))]}
			if ty := types[rng.IntN(len(types))]; ty != nil {
				m["type"] = ty
			}
			if rng.IntN(4) == 0 {
				m["primary"] = true
			}
			if rng.IntN(3) == 0 {
				m["display"] = fmt.Sprint("d", rng.IntN(3))
			}
			list = append(list, m)
		}
		return list
	}
	for name, attr := range attrs {
		for round := range uint64(400) {
			n, k := int(round%9), int(round%5)+1
			got := addElements(&attr, gen(round, n), gen(round+1000, k))
			want := pairwise(&attr, gen(round, n), gen(round+1000, k))
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%s round %d: expected %v, got %v", name, round, want, got)
			}
		}
	}
}

// firstSame is the references' search: every element compared with e, the
// first that sameElement holds equal wins.
func firstSame(attr *Attribute, list []any, e any) int {
	for i, x := range list {
		if sameElement(attr, x, e) {
			return i
		}
	}
	return -1
}
