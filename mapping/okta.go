package mapping

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// An Okta profile mapping as GET /api/v1/mappings/{mappingId} returns it:
// the Okta user (source) to the app user (target), one property per app
// attribute with its expression and pushStatus.
type oktaMapping struct {
	ID     string `json:"id"`
	Source struct {
		ID, Name, Type string
	} `json:"source"`
	Target struct {
		ID, Name, Type string
	} `json:"target"`
	Properties map[string]json.RawMessage `json:"properties"`
}

type oktaProperty struct {
	Expression string `json:"expression"`
	PushStatus string `json:"pushStatus"` // PUSH: create and update; DONT_PUSH: create only
}

// oktaAppAttributes maps the attribute variables of Okta's SCIM 2.0 app
// template to the SCIM path each is sent as (its "external name").
var oktaAppAttributes = map[string]string{
	"userName":          "userName",
	"givenName":         "name.givenName",
	"familyName":        "name.familyName",
	"middleName":        "name.middleName",
	"honorificPrefix":   "name.honorificPrefix",
	"honorificSuffix":   "name.honorificSuffix",
	"email":             `emails[type eq "work"].value`,
	"secondEmail":       `emails[type eq "other"].value`,
	"title":             "title",
	"displayName":       "displayName",
	"nickName":          "nickName",
	"profileUrl":        "profileUrl",
	"userType":          "userType",
	"preferredLanguage": "preferredLanguage",
	"locale":            "locale",
	"timezone":          "timezone",
	"primaryPhone":      `phoneNumbers[type eq "work"].value`,
	"mobilePhone":       `phoneNumbers[type eq "mobile"].value`,
	"streetAddress":     `addresses[type eq "work"].streetAddress`,
	"locality":          `addresses[type eq "work"].locality`,
	"region":            `addresses[type eq "work"].region`,
	"postalCode":        `addresses[type eq "work"].postalCode`,
	"countryCode":       `addresses[type eq "work"].country`,
	"formatted":         `addresses[type eq "work"].formatted`,
	"employeeNumber":    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber",
	"costCenter":        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter",
	"organization":      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:organization",
	"division":          "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:division",
	"department":        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
	"managerValue":      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
}

// oktaTypeSelectors choose the type of another attribute's value (the
// template's primaryEmailType is 'work'); they write no value of their own.
var oktaTypeSelectors = map[string]string{"primaryemailtype": "email", "primaryphonetype": "primaryPhone", "addresstype": "", "secondaryemailtype": "", "manager": ""}

var (
	oktaUnique = []string{"login", "id"}
	// Okta's base profile requires login, email, firstName and lastName;
	// these optional ones are commonly empty (displayName too: Okta does
	// not derive it from the names).
	oktaMaybeEmpty = []string{"displayName", "preferredLanguage", "locale", "timezone", "mobilePhone", "primaryPhone", "title",
		"nickName", "middleName", "honorificPrefix", "honorificSuffix", "profileUrl", "userType", "streetAddress", "city", "state",
		"zipCode", "countryCode", "employeeNumber", "costCenter", "organization", "division", "department", "managerId", "manager", "secondEmail"}
)

// ParseOkta reads an Okta profile mapping from the Okta user to the app.
func ParseOkta(name string, data []byte) (*Mapping, error) {
	var doc oktaMapping
	if err := decodeJSON(name, data, &doc); err != nil {
		return nil, err
	}
	if st, tt := strings.ToLower(doc.Source.Type), strings.ToLower(doc.Target.Type); st == "appuser" || tt == "user" {
		return nil, &InputError{File: name, Line: 1, Column: 1, Problem: fmt.Sprintf("expected the mapping from the Okta user to the app (source type \"user\", target type \"appuser\"), got source %q → target %q: export GET /api/v1/mappings?sourceId={Okta user type id}&targetId={app id} and then that mapping", doc.Source.Type, doc.Target.Type)}
	}
	if len(doc.Properties) == 0 {
		return nil, &InputError{File: name, Line: 1, Column: 1, Problem: "expected \"properties\" with one entry per app attribute ({\"expression\": \"user.firstName\", \"pushStatus\": \"PUSH\"}), got none"}
	}
	offsets := objectOffsets(data)
	keys := make([]string, 0, len(doc.Properties))
	for k := range doc.Properties {
		keys = append(keys, k)
	}
	// File order, so row numbers and lines match what the customer sees.
	sort.SliceStable(keys, func(i, j int) bool {
		return offsets[strings.ToLower("/properties/"+keys[i])] < offsets[strings.ToLower("/properties/"+keys[j])]
	})
	types := map[string]string{}
	m := &Mapping{File: name, Format: FormatOkta, Dialect: "okta", UniqueSources: oktaUnique, MaybeEmpty: oktaMaybeEmpty}
	props := map[string]oktaProperty{}
	for _, k := range keys {
		line, col := at(data, offsets, "/properties/"+k)
		var p oktaProperty
		if err := decodeJSON(name, doc.Properties[k], &p); err != nil {
			return nil, &InputError{File: name, Line: line, Column: col, Problem: fmt.Sprintf("property %q: expected {\"expression\": \"...\", \"pushStatus\": \"PUSH\"}, got %s", k, strings.TrimSpace(string(doc.Properties[k])))}
		}
		if ps := strings.ToUpper(p.PushStatus); ps != "" && ps != "PUSH" && ps != "DONT_PUSH" {
			return nil, &InputError{File: name, Line: line, Column: col, Problem: fmt.Sprintf("property %q: expected pushStatus PUSH or DONT_PUSH, got %q", k, p.PushStatus)}
		}
		props[k] = p
		if of, ok := oktaTypeSelectors[strings.ToLower(k)]; ok {
			if of != "" {
				types[strings.ToLower(of)] = oktaTypeValue(p.Expression)
			}
			continue
		}
	}
	for _, k := range keys {
		if _, ok := oktaTypeSelectors[strings.ToLower(k)]; ok {
			continue
		}
		p := props[k]
		line, col := at(data, offsets, "/properties/"+k)
		target, label := oktaTarget(k, types)
		r := Row{N: len(m.Rows) + 1, Line: line, Column: col, Target: target, TargetLabel: label, FlowLabel: strings.ToUpper(p.PushStatus)}
		if r.FlowLabel == "DONT_PUSH" {
			r.Flow = FlowAddOnly
		}
		oktaSourceRow(&r, p.Expression)
		m.Rows = append(m.Rows, r)
	}
	m.Rows = append(m.Rows, oktaImplicitRows(m.Rows)...)
	return m, nil
}

// oktaTarget turns an app attribute variable into its SCIM path; a key the
// template does not know is taken as a SCIM path (a custom attribute's
// external name) and checked as such.
func oktaTarget(key string, types map[string]string) (target, label string) {
	for v, path := range oktaAppAttributes {
		if !strings.EqualFold(v, key) {
			continue
		}
		if t := types[strings.ToLower(v)]; t != "" && t != "work" && strings.Contains(path, `[type eq "work"]`) {
			path = strings.Replace(path, `"work"`, fmt.Sprintf("%q", t), 1)
		}
		return path, v
	}
	return key, ""
}

// oktaTypeValue evaluates a type selector as Okta would for a user who has
// the value ('work' in the template's (user.email != null ...) ? 'work' : ”).
func oktaTypeValue(src string) string {
	e, err := compileOkta(src)
	if err != nil {
		return ""
	}
	v := Values{}
	for _, a := range oktaAttrs(src) {
		v[strings.ToLower(a)] = "x@example.com"
	}
	s, _ := e.eval(v)
	return strings.ToLower(s)
}

func oktaSourceRow(r *Row, src string) {
	r.Source, r.Attrs = src, oktaAttrs(src)
	e, err := compileOkta(src)
	switch {
	case strings.TrimSpace(src) == "":
		r.Kind, r.expr = SourceConstant, constExpr{}
		r.Source = `""`
	case err != nil:
		r.Kind, r.static = SourceExpression, err.Error()
	default:
		r.expr = e
		switch e.(type) {
		case attrExpr:
			r.Kind = SourceAttribute
		case constExpr:
			r.Kind = SourceConstant
		default:
			r.Kind = SourceExpression
		}
	}
}

// oktaImplicitRows are what Okta sends without a profile mapping: the
// userName from the app's username format (Okta username by default), the
// Okta user id as externalId, and active from the user's status.
func oktaImplicitRows(rows []Row) []Row {
	has := func(target string) bool {
		for _, r := range rows {
			if strings.EqualFold(r.Target, target) {
				return true
			}
		}
		return false
	}
	var out []Row
	if !has("userName") {
		out = append(out, Row{Target: "userName", Kind: SourceImplicit, Source: "user.login (the app's username format)", Attrs: []string{"login"}, expr: attrExpr{"login"}})
	}
	if !has("externalId") {
		out = append(out, Row{Target: "externalId", Kind: SourceImplicit, Source: "the Okta user id", Attrs: []string{"id"}, expr: attrExpr{"id"}})
	}
	if !has("active") {
		out = append(out, Row{Target: "active", Kind: SourceImplicit, Source: "the Okta user's status", expr: constExpr{"true"}})
	}
	for i := range out {
		out[i].N = len(rows) + i + 1
	}
	return out
}
