package sandbox

import (
	"cmp"
	"slices"
	"sort"
	"strings"
	"sync"
)

// prefixIndex answers `userName sw "x"` without a scan: a sorted run of
// (lower-cased userName, slot) plus the entries added since, merged in once
// they grow past a share of the sorted run. Entries are never removed when
// a user is renamed or deleted: a query checks each against the slot's
// current name, and a merge drops the stale ones. Writers hold the
// tenant's write lock; queries may run side by side under its read lock,
// so merging takes mu.
type prefixIndex struct {
	mu      sync.Mutex
	sorted  []prefixEntry
	pending []prefixEntry
}

type prefixEntry struct {
	key  string // shares the document's bytes
	slot int32
}

func comparePrefixEntries(a, b prefixEntry) int {
	if c := strings.Compare(a.key, b.key); c != 0 {
		return c
	}
	return cmp.Compare(a.slot, b.slot)
}

func (p *prefixIndex) add(key string, s int32) {
	p.pending = append(p.pending, prefixEntry{key, s})
}

// query returns the live slots whose key starts with prefix, in slot
// (creation) order.
func (p *prefixIndex) query(prefix string, live func(prefixEntry) bool) []int32 {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.pending) > 256+len(p.sorted)/16 {
		p.merge(live)
	}
	var out []int32
	i := sort.Search(len(p.sorted), func(i int) bool { return p.sorted[i].key >= prefix })
	for ; i < len(p.sorted) && strings.HasPrefix(p.sorted[i].key, prefix); i++ {
		if live(p.sorted[i]) {
			out = append(out, p.sorted[i].slot)
		}
	}
	for _, e := range p.pending {
		if strings.HasPrefix(e.key, prefix) && live(e) {
			out = append(out, e.slot)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// ordered returns count slots from offset skip of every live entry in key
// order (descending: keys from the last, equal keys still in slot order,
// as a stable sort keeps them), and how many live entries there are.
// liveCount is how many there should be: more entries than that means
// deleted users' entries are still there, and a merge drops them.
func (p *prefixIndex) ordered(desc bool, skip, count, liveCount int, live func(prefixEntry) bool) (slots []int32, total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.pending) > 0 || len(p.sorted) != liveCount {
		p.merge(live) // after a merge every entry is live and distinct
	}
	total = len(p.sorted)
	if skip >= total || count <= 0 {
		return nil, total
	}
	if !desc {
		for _, e := range p.sorted[skip:min(skip+count, total)] {
			slots = append(slots, e.slot)
		}
		return slots, total
	}
	// Descending is the runs of equal keys from the last, each run in slot
	// order: the run holding index total-1-skip holds the skip-th entry.
	run := func(i int) (lo, hi int) {
		lo, hi = i, i
		for lo > 0 && p.sorted[lo-1].key == p.sorted[i].key {
			lo--
		}
		for hi < total-1 && p.sorted[hi+1].key == p.sorted[i].key {
			hi++
		}
		return lo, hi
	}
	lo, hi := run(total - 1 - skip)
	k := lo + skip - (total - 1 - hi)
	for {
		for ; k <= hi && len(slots) < count; k++ {
			slots = append(slots, p.sorted[k].slot)
		}
		if len(slots) >= count || lo == 0 {
			return slots, total
		}
		lo, hi = run(lo - 1)
		k = lo
	}
}

// merge folds pending into sorted, dropping stale and repeated entries.
func (p *prefixIndex) merge(live func(prefixEntry) bool) {
	slices.SortFunc(p.pending, comparePrefixEntries)
	merged := make([]prefixEntry, 0, len(p.sorted)+len(p.pending))
	i, j := 0, 0
	for i < len(p.sorted) || j < len(p.pending) {
		var e prefixEntry
		if j >= len(p.pending) || i < len(p.sorted) && comparePrefixEntries(p.sorted[i], p.pending[j]) <= 0 {
			e, i = p.sorted[i], i+1
		} else {
			e, j = p.pending[j], j+1
		}
		if live(e) && (len(merged) == 0 || merged[len(merged)-1] != e) {
			merged = append(merged, e)
		}
	}
	p.sorted, p.pending = merged, nil
}

// rebuild replaces the index with entries (slot numbers changed).
func (p *prefixIndex) rebuild(entries []prefixEntry) {
	p.mu.Lock()
	defer p.mu.Unlock()
	slices.SortFunc(entries, comparePrefixEntries)
	p.sorted, p.pending = entries, nil
}
