package sandbox

import (
	"net/http"
	"strings"

	"github.com/scimharness/scimharness/sandbox/engine"
)

func (c *scimCtx) serviceProviderConfig() {
	writeSCIM(c.w, http.StatusOK, engine.ServiceProviderConfig(c.base, c.s.capabilities()))
}

func (c *scimCtx) schemas(id string) {
	docs := engine.SchemaDocuments(c.base)
	if c.s.faults.on(FaultSchemaNestedComplex) {
		nestComplexUnderName(docs)
	}
	c.discovery(docs, id, "Schema")
}

// nestComplexUnderName is FaultSchemaNestedComplex: the User schema's
// "name" gains a complex "phonetic" sub-attribute with sub-attributes, which
// RFC 7643 §2.3.8 forbids.
func nestComplexUnderName(docs []engine.Resource) {
	for _, d := range docs {
		if str(d["id"]) != engine.UserSchema {
			continue
		}
		attrs, _ := d["attributes"].([]any)
		for _, a := range attrs {
			if attr, ok := a.(engine.Resource); ok && str(attr["name"]) == "name" {
				subs, _ := attr["subAttributes"].([]any)
				attr["subAttributes"] = append(subs, engine.Resource{
					"name": "phonetic", "type": engine.TypeComplex, "multiValued": false,
					"subAttributes": []any{engine.Resource{"name": "givenName", "type": engine.TypeString}},
				})
			}
		}
	}
}

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
