package mapping

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/scimharness/scimharness/simulator"
)

// Requirement is one attribute Cantara needs on every account, from the
// target's side: the contract profile or the target's /Schemas.
type Requirement struct {
	SCIM     string `json:"scim"`
	Account  string `json:"account,omitempty"` // the Account field that shows it; "" = SCIM only
	Required bool   `json:"required"`
	From     string `json:"from"`

	path simulator.AttrPath
}

// Sources of requirements, as the report names them.
const (
	fromContract = "the contract's attribute profile, section 4"
	fromSchemas  = "required: true in the target's /Schemas"
)

// ContractRequirements are the contract profile's rows (fixtures/profile.json):
// the eight required attributes and the optional phone.
func ContractRequirements() ([]Requirement, error) {
	p, err := simulator.DefaultProfile()
	if err != nil {
		return nil, fmt.Errorf("load the contract profile: %w", err)
	}
	out := make([]Requirement, 0, len(p.Attributes))
	for _, a := range p.Attributes {
		out = append(out, Requirement{SCIM: a.SCIM, Account: a.Account, Required: a.Required, From: fromContract, path: a.Path()})
	}
	return out, nil
}

// schemaDoc is the part of an RFC 7643 §7 schema the check reads.
type schemaDoc struct {
	ID         string `json:"id"`
	Attributes []struct {
		Name        string `json:"name"`
		Required    bool   `json:"required"`
		MultiValued bool   `json:"multiValued"`
		Mutability  string `json:"mutability"`
		Type        string `json:"type"`
	} `json:"attributes"`
}

// SchemaRequirements adds to reqs every User attribute the target's
// /Schemas marks required that the contract profile lacks, and notes the
// ones both name. A target without /Schemas leaves reqs as they are and
// says so in note.
func SchemaRequirements(ctx context.Context, c *simulator.Client, reqs []Requirement) (out []Requirement, note string) {
	ex, err := c.Do(ctx, simulator.Request{Method: http.MethodGet, Path: "/Schemas", Header: http.Header{"Accept": {"application/scim+json"}}, Note: "mapping check: read the target's required attributes"})
	if err != nil {
		return reqs, "the target's /Schemas could not be read (" + err.Error() + "): only the contract profile's requirements apply"
	}
	if ex.Status != http.StatusOK {
		return reqs, fmt.Sprintf("the target answered /Schemas with %d: only the contract profile's requirements apply", ex.Status)
	}
	var docs []schemaDoc
	var list struct {
		Resources []schemaDoc `json:"Resources"`
	}
	if json.Unmarshal(ex.ResponseBody, &list) == nil && len(list.Resources) > 0 {
		docs = list.Resources
	} else if json.Unmarshal(ex.ResponseBody, &docs) != nil {
		return reqs, "the target's /Schemas is not a list of schemas: only the contract profile's requirements apply"
	}
	out = append([]Requirement(nil), reqs...)
	added := 0
	for _, d := range docs {
		prefix := ""
		switch {
		case strings.EqualFold(d.ID, simulator.SchemaUser):
		case strings.HasSuffix(strings.ToLower(d.ID), ":user"):
			// The enterprise extension, or a custom one for users
			// (urn:...:User by convention, RFC 7643 §3.3).
			prefix = d.ID + ":"
		default:
			continue // Group and other resources: not the user's attributes
		}
		for _, a := range d.Attributes {
			if !a.Required || strings.EqualFold(a.Mutability, "readOnly") || strings.EqualFold(a.Name, "id") {
				continue
			}
			raw := prefix + a.Name
			if a.MultiValued {
				raw = prefix + a.Name + `[type eq "work"].value`
			}
			if i := findRequirement(out, raw, a.MultiValued); i >= 0 {
				if !strings.Contains(out[i].From, fromSchemas) {
					out[i].From += " and " + fromSchemas
				}
				out[i].Required = true
				continue
			}
			if a.Type == "complex" && !a.MultiValued {
				continue // a required complex attribute: its sub-attributes say what
			}
			p, err := simulator.ParseAttrPath(raw)
			if err != nil {
				continue
			}
			out = append(out, Requirement{SCIM: raw, Required: true, From: fromSchemas, path: p})
			added++
		}
	}
	if added == 0 {
		return out, "the target's /Schemas requires nothing beyond them"
	}
	return out, fmt.Sprintf("the target's /Schemas requires %d more user attribute(s)", added)
}

// findRequirement finds a requirement by path; for a multi-valued
// attribute any requirement on the same attribute counts.
func findRequirement(reqs []Requirement, raw string, multi bool) int {
	p, err := simulator.ParseAttrPath(raw)
	if err != nil {
		return -1
	}
	for i, r := range reqs {
		if r.path.CanonicalPath() == p.CanonicalPath() || multi && strings.EqualFold(r.path.Attr, p.Attr) && strings.EqualFold(r.path.Schema, p.Schema) {
			return i
		}
	}
	return -1
}
