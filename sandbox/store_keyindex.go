package sandbox

import "slices"

// keyIndex maps a key to the set of values holding it: slots of a
// collection's indexed attribute, ids of the accounts with a userName.
// Most keys have one value, kept inline; only shared keys get a list.
type keyIndex[V comparable] struct {
	one  map[string]V
	more map[string][]V
}

func newKeyIndex[V comparable]() *keyIndex[V] {
	return &keyIndex[V]{one: map[string]V{}, more: map[string][]V{}}
}

func (ix *keyIndex[V]) add(key string, v V) {
	if list, ok := ix.more[key]; ok {
		if !slices.Contains(list, v) {
			ix.more[key] = append(list, v)
		}
		return
	}
	if prev, ok := ix.one[key]; ok {
		if prev != v {
			delete(ix.one, key)
			ix.more[key] = []V{prev, v}
		}
		return
	}
	ix.one[key] = v
}

func (ix *keyIndex[V]) remove(key string, v V) {
	if prev, ok := ix.one[key]; ok {
		if prev == v {
			delete(ix.one, key)
		}
		return
	}
	// A copy: get hands out the stored list.
	list := slices.DeleteFunc(slices.Clone(ix.more[key]), func(x V) bool { return x == v })
	switch len(list) {
	case 0:
		delete(ix.more, key)
	case 1:
		delete(ix.more, key)
		ix.one[key] = list[0]
	default:
		ix.more[key] = list
	}
}

// get answers the values of key, in the order they were added; callers
// must not modify the list.
func (ix *keyIndex[V]) get(key string) []V {
	if v, ok := ix.one[key]; ok {
		return []V{v}
	}
	return ix.more[key]
}
