package mapping

import (
	"fmt"
	"strings"
)

// The Microsoft Graph synchronizationSchema as GET
// /servicePrincipals/{id}/synchronization/jobs/{jobId}/schema returns it:
// synchronizationRules[].objectMappings[].attributeMappings[].
type entraSchema struct {
	SynchronizationRules []struct {
		Name           string `json:"name"`
		ObjectMappings []struct {
			Enabled           *bool  `json:"enabled"`
			Name              string `json:"name"`
			SourceObjectName  string `json:"sourceObjectName"`
			TargetObjectName  string `json:"targetObjectName"`
			AttributeMappings []struct {
				DefaultValue        *string      `json:"defaultValue"`
				FlowType            string       `json:"flowType"`
				MatchingPriority    int          `json:"matchingPriority"`
				Source              *entraSource `json:"source"`
				TargetAttributeName string       `json:"targetAttributeName"`
			} `json:"attributeMappings"`
		} `json:"objectMappings"`
	} `json:"synchronizationRules"`
}

// entraSource is Graph's attributeMappingSource.
type entraSource struct {
	Expression string `json:"expression"`
	Name       string `json:"name"`
	Type       string `json:"type"` // Attribute, Constant, Function
}

// entraUnique are Entra user attributes unique in a tenant (an object's
// id, the sign-in name, the on-premises anchors).
var entraUnique = []string{"userPrincipalName", "objectId", "id", "onPremisesImmutableId", "onPremisesSecurityIdentifier"}

// entraMaybeEmpty are Entra user attributes a tenant commonly leaves
// empty: a user created in the admin center with the fields it asks for
// has none of them. (mail is empty for a user without a mailbox, which is
// rare for the workforce users an app is assigned; givenName and surname
// are set by HR sync. The dry run with the customer's export shows the
// exceptions either way.)
var entraMaybeEmpty = []string{"preferredLanguage", "usageLocation", "mobile", "telephoneNumber", "businessPhones", "mobilePhone",
	"facsimileTelephoneNumber", "jobTitle", "department", "employeeId", "employeeType", "companyName", "officeLocation",
	"physicalDeliveryOfficeName", "streetAddress", "city", "state", "postalCode", "country", "otherMails", "manager",
	"onPremisesImmutableId", "onPremisesSamAccountName", "extensionAttribute1"}

// ParseEntra reads an Entra provisioning job's synchronization schema and
// keeps the enabled mapping of Users (sourceObjectName "User").
func ParseEntra(name string, data []byte) (*Mapping, error) {
	var doc entraSchema
	if err := decodeJSON(name, data, &doc); err != nil {
		return nil, err
	}
	offsets := objectOffsets(data)
	m := &Mapping{File: name, Format: FormatEntra, Dialect: "entra", UniqueSources: entraUnique, MaybeEmpty: entraMaybeEmpty}
	var others []string
	found := false
	for i, rule := range doc.SynchronizationRules {
		for j, om := range rule.ObjectMappings {
			if !strings.EqualFold(om.SourceObjectName, "User") || om.Enabled != nil && !*om.Enabled {
				others = append(others, fmt.Sprintf("%q (sourceObjectName %q, enabled %v)", om.Name, om.SourceObjectName, om.Enabled == nil || *om.Enabled))
				continue
			}
			found = true
			for k, am := range om.AttributeMappings {
				ptr := fmt.Sprintf("/synchronizationRules/%d/objectMappings/%d/attributeMappings/%d", i, j, k)
				line, col := at(data, offsets, ptr)
				if strings.TrimSpace(am.TargetAttributeName) == "" {
					return nil, &InputError{File: name, Line: line, Column: col, Problem: "attribute mapping: expected a targetAttributeName (the SCIM attribute it writes), got none"}
				}
				if am.Source == nil {
					return nil, &InputError{File: name, Line: line, Column: col, Problem: fmt.Sprintf("attribute mapping for %q: expected a source {type, name, expression}, got none", am.TargetAttributeName)}
				}
				r := Row{N: len(m.Rows) + 1, Line: line, Column: col, Target: strings.TrimSpace(am.TargetAttributeName), Matching: am.MatchingPriority, FlowLabel: am.FlowType}
				if am.DefaultValue != nil && *am.DefaultValue != "" {
					r.Default, r.HasDefault = *am.DefaultValue, true
				}
				if strings.EqualFold(am.FlowType, "ObjectAddOnly") || strings.EqualFold(am.FlowType, "AttributeAddOnly") {
					r.Flow = FlowAddOnly
				}
				entraSourceRow(&r, *am.Source)
				m.Rows = append(m.Rows, r)
			}
		}
	}
	if !found {
		problem := "expected an enabled object mapping of Users (sourceObjectName \"User\") in synchronizationRules[].objectMappings[], got "
		if len(others) == 0 {
			problem += "no object mappings"
		} else {
			problem += "only " + strings.Join(others, ", ")
		}
		return nil, &InputError{File: name, Line: 1, Column: 1, Problem: problem}
	}
	return m, nil
}

// entraSourceRow fills a row's source from Graph's attributeMappingSource.
func entraSourceRow(r *Row, s entraSource) {
	switch strings.ToLower(s.Type) {
	case "attribute":
		name := s.Name
		if a := entraAttrs(s.Expression); name == "" && len(a) > 0 {
			name = a[0] // only the expression "[mail]" names it
		}
		r.Kind, r.Source, r.Attrs = SourceAttribute, name, []string{name}
		r.expr = attrExpr{name}
	case "constant":
		// Graph writes the literal in name; expression holds it quoted.
		v := s.Name
		if v == "" {
			v = strings.Trim(s.Expression, `"`)
		}
		r.Kind, r.Source = SourceConstant, fmt.Sprintf("%q", v)
		r.expr = constExpr{v}
	default:
		text := s.Expression
		if text == "" {
			text = s.Name
		}
		r.Kind, r.Source, r.Attrs = SourceExpression, text, entraAttrs(text)
		if e, err := compileEntra(text); err != nil {
			r.static = err.Error()
		} else {
			r.expr = e
		}
	}
}
