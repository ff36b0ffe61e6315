package sandbox

import (
	"net/http"
	"strings"

	"github.com/scimharness/scimharness/sandbox/engine"
)

func (c *scimCtx) serviceProviderConfig() {
	writeSCIM(c.w, http.StatusOK, engine.ServiceProviderConfig(c.base, c.s.capabilities()))
}

func (c *scimCtx) schemas(id string) { c.discovery(engine.SchemaDocuments(c.base), id, "Schema") }

func (c *scimCtx) resourceTypes(id string) {
	c.discovery(engine.ResourceTypeDocuments(c.base), id, "ResourceType")
}

// discovery answers a ListResponse of docs, or the one whose id (or name) is id.
func (c *scimCtx) discovery(docs []engine.Resource, id, what string) {
	if id == "" {
		writeSCIM(c.w, http.StatusOK, map[string]any{
			"schemas":      []string{engine.ListResponseSchema},
			"totalResults": len(docs),
			"startIndex":   1,
			"itemsPerPage": len(docs),
			"Resources":    docs,
		})
		return
	}
	for _, d := range docs {
		if str(d["id"]) == id || strings.EqualFold(str(d["name"]), id) {
			writeSCIM(c.w, http.StatusOK, d)
			return
		}
	}
	c.fail(engine.Errorf(http.StatusNotFound, "", "expected a known %s id, got %q", what, id))
}
