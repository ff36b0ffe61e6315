package engine

import (
	"sync"
	"sync/atomic"

	filter "github.com/scim2/filter-parser/v2"
)

// An IdP sends the same few paths (emails[type eq "work"].value, the
// enterprise extension's department ...) in every PATCH, and the general
// grammar costs more than the rest of the PATCH: under load it was an
// eighth of the sandbox's CPU, spent while the tenant's write lock was
// held. Parsed paths are kept, read-only, up to pathCacheMax distinct
// paths; failures are not kept, so hostile input cannot fill the cache
// with errors, and beyond the bound paths are parsed each time.
const pathCacheMax = 4096

type pathCache struct {
	m sync.Map // trimmed path → filter.Path; never modified once stored
	n atomic.Int32
}

var parsedPaths pathCache

// parse parses a PATCH path with filter.ParsePath, or as a value path with
// a filter beyond that grammar (parseWideValuePath).
func (c *pathCache) parse(path string) (filter.Path, bool) {
	if p, ok := c.m.Load(path); ok {
		return p.(filter.Path), true
	}
	p, err := filter.ParsePath([]byte(path))
	if err != nil {
		var ok bool
		if p, ok = parseWideValuePath(path); !ok {
			return filter.Path{}, false
		}
	}
	if c.n.Load() < pathCacheMax {
		if _, loaded := c.m.LoadOrStore(path, p); !loaded {
			c.n.Add(1)
		}
	}
	return p, true
}
