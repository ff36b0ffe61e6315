package engine

import "strings"

// Capabilities are the optional features a ServiceProviderConfig advertises
// (RFC 7643 §5).
type Capabilities struct {
	Patch, Bulk, Filter, ChangePassword, Sort, ETag bool
	MaxResults, BulkMaxOps, BulkMaxPayload          int
}

// ServiceProviderConfig builds the /ServiceProviderConfig document
// (RFC 7643 §5, example §8.5). baseURL is the absolute tenant base.
func ServiceProviderConfig(baseURL string, caps Capabilities) Resource {
	base := strings.TrimSuffix(baseURL, "/")
	return Resource{
		"schemas":          []any{ServiceProviderConfigSchema},
		"documentationUri": "https://datatracker.ietf.org/doc/html/rfc7644",
		"patch":            Resource{"supported": caps.Patch},
		"bulk": Resource{
			"supported":      caps.Bulk,
			"maxOperations":  caps.BulkMaxOps,
			"maxPayloadSize": caps.BulkMaxPayload,
		},
		"filter":         Resource{"supported": caps.Filter, "maxResults": caps.MaxResults},
		"changePassword": Resource{"supported": caps.ChangePassword},
		"sort":           Resource{"supported": caps.Sort},
		"etag":           Resource{"supported": caps.ETag},
		"authenticationSchemes": []any{Resource{
			"type":        "oauthbearertoken",
			"name":        "OAuth Bearer Token",
			"description": "Authentication with a Cantara provisioning token sent as a Bearer token.",
			"specUri":     "https://www.rfc-editor.org/info/rfc6750",
			"primary":     true,
		}},
		"meta": Resource{
			"resourceType": "ServiceProviderConfig",
			"location":     base + "/ServiceProviderConfig",
		},
	}
}

// SchemaDocuments are the /Schemas resources (RFC 7643 §7, §8.7.1) for
// User, EnterpriseUser and Group.
func SchemaDocuments(baseURL string) []Resource {
	base := strings.TrimSuffix(baseURL, "/")
	var docs []Resource
	for _, s := range []Schema{UserSchemaDef(), EnterpriseUserSchemaDef(), GroupSchemaDef()} {
		docs = append(docs, SchemaDocument(base, s))
	}
	return docs
}

// SchemaDocument renders one schema definition as a /Schemas resource.
func SchemaDocument(baseURL string, s Schema) Resource {
	attrs := make([]any, 0, len(s.Attributes))
	for _, a := range s.Attributes {
		attrs = append(attrs, attributeDocument(a))
	}
	return Resource{
		"schemas":     []any{SchemaSchema},
		"id":          s.ID,
		"name":        s.Name,
		"description": s.Description,
		"attributes":  attrs,
		"meta": Resource{
			"resourceType": "Schema",
			"location":     strings.TrimSuffix(baseURL, "/") + "/Schemas/" + s.ID,
		},
	}
}

func attributeDocument(a Attribute) Resource {
	doc := Resource{
		"name":        a.Name,
		"type":        a.Type,
		"multiValued": a.MultiValued,
		"description": a.Description,
		"required":    a.Required,
		"caseExact":   a.CaseExact,
		"mutability":  a.Mutability,
		"returned":    a.Returned,
		"uniqueness":  a.Uniqueness,
	}
	if len(a.CanonicalValues) > 0 {
		cv := make([]any, len(a.CanonicalValues))
		for i, v := range a.CanonicalValues {
			cv[i] = v
		}
		doc["canonicalValues"] = cv
	}
	if a.Type == TypeReference {
		rt := make([]any, len(a.ReferenceTypes))
		for i, v := range a.ReferenceTypes {
			rt[i] = v
		}
		doc["referenceTypes"] = rt
	}
	if a.Type == TypeComplex {
		subs := make([]any, 0, len(a.SubAttributes))
		for _, s := range a.SubAttributes {
			subs = append(subs, attributeDocument(s))
		}
		doc["subAttributes"] = subs
	}
	return doc
}

// ResourceTypeDocuments are the /ResourceTypes resources (RFC 7643 §6,
// example §8.6).
func ResourceTypeDocuments(baseURL string) []Resource {
	base := strings.TrimSuffix(baseURL, "/")
	var docs []Resource
	for _, rs := range []ResourceSchema{UserResource(), GroupResource()} {
		exts := make([]any, 0, len(rs.Extensions))
		for _, e := range rs.Extensions {
			exts = append(exts, Resource{"schema": e.ID, "required": false})
		}
		doc := Resource{
			"schemas":     []any{ResourceTypeSchema},
			"id":          rs.Name,
			"name":        rs.Name,
			"endpoint":    rs.Endpoint,
			"description": rs.Core.Description,
			"schema":      rs.Core.ID,
			"meta": Resource{
				"resourceType": "ResourceType",
				"location":     base + "/ResourceTypes/" + rs.Name,
			},
		}
		if len(exts) > 0 {
			doc["schemaExtensions"] = exts
		}
		docs = append(docs, doc)
	}
	return docs
}
