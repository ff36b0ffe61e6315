package sandbox

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/scimharness/scimharness/sandbox/engine"
)

// listParams are the query parameters of RFC 7644 §3.4.2, from a GET query
// or a POST /.search body (§3.4.3).
type listParams struct {
	filter     string
	startIndex int
	count      int
	attributes []string
	excluded   []string
	sortBy     string
	sortOrder  string
}

// queryValue reads a parameter whose name is matched case-insensitively.
func queryValue(q url.Values, name string) (string, bool) {
	if v, ok := q[name]; ok && len(v) > 0 {
		return v[0], true
	}
	for k, v := range q {
		if strings.EqualFold(k, name) && len(v) > 0 {
			return v[0], true
		}
	}
	return "", false
}

// projectionFromQuery reads attributes and excludedAttributes; the comma
// lists are split by engine.Project.
func projectionFromQuery(r *http.Request) (attrs, excl []string) {
	q := r.URL.Query()
	a, _ := queryValue(q, "attributes")
	x, _ := queryValue(q, "excludedAttributes")
	return []string{a}, []string{x}
}

func listParamsFromQuery(r *http.Request) (listParams, *engine.Error) {
	q := r.URL.Query()
	p := listParams{startIndex: 1, count: MaxResults}
	p.filter, _ = queryValue(q, "filter")
	p.sortBy, _ = queryValue(q, "sortBy")
	p.sortOrder, _ = queryValue(q, "sortOrder")
	p.attributes, p.excluded = projectionFromQuery(r)
	for _, n := range []struct {
		name string
		dst  *int
	}{{"startIndex", &p.startIndex}, {"count", &p.count}} {
		v, ok := queryValue(q, n.name)
		if !ok {
			continue
		}
		i, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			return p, engine.Errorf(http.StatusBadRequest, engine.ScimTypeInvalidValue, "expected an integer %s, got %q", n.name, v)
		}
		*n.dst = i
	}
	return p.clamp(), nil
}

// clamp applies RFC 7644 §3.4.2.4: startIndex below 1 means 1, a negative
// count means 0, and no page exceeds MaxResults.
func (p listParams) clamp() listParams {
	if p.startIndex < 1 {
		p.startIndex = 1
	}
	if p.count < 0 {
		p.count = 0
	}
	if p.count > MaxResults {
		p.count = MaxResults
	}
	return p
}

// searchRequest is the body of POST /.search (RFC 7644 §3.4.3).
type searchRequest struct {
	Schemas            []string `json:"schemas"`
	Filter             string   `json:"filter"`
	StartIndex         *int     `json:"startIndex"`
	Count              *int     `json:"count"`
	Attributes         []string `json:"attributes"`
	ExcludedAttributes []string `json:"excludedAttributes"`
	SortBy             string   `json:"sortBy"`
	SortOrder          string   `json:"sortOrder"`
}

func (c *scimCtx) search(k resourceKind) {
	raw, e := c.s.readSCIMBody(c.w, c.r, c.s.maxBody, "a body")
	if e != nil {
		c.fail(e)
		return
	}
	var req searchRequest
	if e := decodeMessage(raw, &req, "SearchRequest"); e != nil {
		c.fail(e)
		return
	}
	p := listParams{startIndex: 1, count: MaxResults, filter: req.Filter, sortBy: req.SortBy, sortOrder: req.SortOrder,
		attributes: req.Attributes, excluded: req.ExcludedAttributes}
	if req.StartIndex != nil {
		p.startIndex = *req.StartIndex
	}
	if req.Count != nil {
		p.count = *req.Count
	}
	c.list(k, p.clamp())
}

// FilterScanBudget is how many stored users a filtering scan looks at under
// FaultFilterScanBudget.
const FilterScanBudget = 100

// list answers a ListResponse. A filter `attr eq "x"` on an indexed
// attribute is served from the store's index; the filter still runs on each
// candidate, so the index only narrows.
func (c *scimCtx) list(k resourceKind, p listParams) {
	var f engine.Filter
	if strings.TrimSpace(p.filter) != "" {
		var e *engine.Error
		if f, e = engine.CompileFilter(k.rs, p.filter); e != nil {
			c.fail(e)
			return
		}
	}
	var doc map[string]any
	err := c.s.store.View(c.tenant, func(tx Tx) error {
		var candidates []engine.Resource
		if attr, value, ok := indexHint(f); ok {
			candidates = tx.Lookup(k.kind, attr, value)
		} else if attr, prefix, ok := prefixHint(f); ok && !c.s.faults.on(FaultFilterScanBudget) {
			// (The scan-budget fault plays a target without this index.)
			candidates = tx.LookupPrefix(k.kind, attr, prefix)
		} else if f == nil && (p.sortBy == "" || !c.s.honoursSort()) && !c.s.faults.on(FaultIgnoreStartIndex) {
			// No filter, store order: read only the page.
			c.writeList(k, tx, p, tx.Page(k.kind, p.startIndex, p.count), tx.Count(k.kind), &doc)
			return nil
		} else if desc, ok := byUserName(k, p); ok && f == nil && c.s.honoursSort() && !c.s.faults.on(FaultIgnoreStartIndex) {
			// No filter, sorted by userName: the name index's order, read
			// only the page (a directory's first sorted page must not
			// decode every user).
			if page, ok := tx.PageByUserName(desc, p.startIndex, p.count); ok {
				c.writeList(k, tx, p, page, tx.Count(k.kind), &doc)
				return nil
			}
			candidates = tx.All(k.kind)
		} else {
			candidates = tx.All(k.kind)
			if f != nil && c.s.faults.on(FaultFilterScanBudget) {
				candidates = candidates[:min(FilterScanBudget, len(candidates))]
			}
		}
		matched := candidates[:0:0]
		for _, r := range candidates {
			if f == nil || f.Match(r) {
				matched = append(matched, r)
			}
		}
		if f != nil && strings.Contains(p.filter, "[") && c.s.faults.on(FaultValueFilterMatchesNothing) {
			matched = matched[:0]
		}
		if f != nil && len(matched) == 0 && c.s.faults.on(FaultNotFoundOnEmptyFilter) {
			return engine.Errorf(http.StatusNotFound, "", "no %s matches the filter", k.name)
		}
		if p.sortBy != "" && c.s.honoursSort() { // sort off or sort-declared-ignored: store order
			if e := engine.Sort(k.rs, matched, p.sortBy, p.sortOrder); e != nil {
				return e
			}
		}
		start := p.startIndex
		if c.s.faults.on(FaultIgnoreStartIndex) {
			start = 1
		}
		page := matched[min(start-1, len(matched)):]
		page = page[:min(p.count, len(page))]
		c.writeList(k, tx, p, page, len(matched), &doc)
		return nil
	})
	if err != nil {
		c.failWith(err)
		return
	}
	writeSCIM(c.w, http.StatusOK, doc)
}

// writeList renders one page of a ListResponse into doc.
func (c *scimCtx) writeList(k resourceKind, tx Tx, p listParams, page []engine.Resource, total int, doc *map[string]any) {
	render := k.renderer(c, tx)
	items := make([]engine.Resource, 0, len(page))
	for _, r := range page {
		if k.kind == KindUser && c.s.faults.on(FaultListShowsStaleActive) {
			r = staleActive(r)
		}
		items = append(items, engine.Project(k.rs, render(c.withLocation(k, r)), p.attributes, p.excluded))
	}
	*doc = map[string]any{
		"schemas":      []string{engine.ListResponseSchema},
		"totalResults": total,
		"startIndex":   p.startIndex,
		"itemsPerPage": len(items),
		"Resources":    items,
	}
	if len(items) == 0 && c.s.faults.on(FaultListOmitsEmptyResources) {
		delete(*doc, "Resources")
	}
}

func prefixHint(f engine.Filter) (string, string, bool) {
	if f == nil {
		return "", "", false
	}
	return engine.PrefixHint(f)
}

func indexHint(f engine.Filter) (string, string, bool) {
	if f == nil {
		return "", "", false
	}
	return engine.IndexHint(f)
}

// staleActive is FaultListShowsStaleActive: a copy of the user that a
// search index never told of its deactivation.
func staleActive(r engine.Resource) engine.Resource {
	out := make(engine.Resource, len(r))
	for k, v := range r {
		out[k] = v
	}
	if _, ok := out["active"]; ok {
		out["active"] = true
	}
	return out
}

// byUserName reports whether p sorts users by the core userName with a
// valid sortOrder, and in which direction; any other sort goes through
// engine.Sort, which also refuses what is invalid.
func byUserName(k resourceKind, p listParams) (desc, ok bool) {
	by := strings.TrimSpace(p.sortBy)
	if k.kind != KindUser || !strings.EqualFold(by, "userName") && !strings.EqualFold(by, engine.UserSchema+":userName") {
		return false, false
	}
	switch strings.ToLower(strings.TrimSpace(p.sortOrder)) {
	case "", "ascending":
		return false, true
	case "descending":
		return true, true
	}
	return false, false
}
