package simulator

import (
	"fmt"
	"regexp"
	"strings"
)

// AttrPath is a parsed profile attribute path, the subset of RFC 7644
// §3.10 attribute paths a profile uses:
//
//	userName
//	name.givenName
//	emails[type eq "work"].value
//	urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department
//	urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value
type AttrPath struct {
	Raw        string
	Schema     string // extension URN, "" for core attributes
	Attr       string // top-level attribute
	FilterAttr string // "type" in emails[type eq "work"]
	FilterVal  string // "work"
	Sub        string // sub-attribute ("givenName", "value"), "" for none
}

var (
	filteredPath = regexp.MustCompile(`^([A-Za-z$][\w$-]*)\[\s*([A-Za-z][\w-]*)\s+(?i:eq)\s+"([^"]*)"\s*\](?:\.([A-Za-z$][\w$-]*))?$`)
	plainPath    = regexp.MustCompile(`^([A-Za-z$][\w$-]*)(?:\.([A-Za-z$][\w$-]*))?$`)
)

// ParseAttrPath parses a profile path; anything outside the subset above is an error.
func ParseAttrPath(raw string) (AttrPath, error) {
	p := AttrPath{Raw: raw}
	rest := raw
	if strings.HasPrefix(strings.ToLower(raw), "urn:") {
		// The attribute follows the URN's last colon (RFC 7644 §3.10).
		i := strings.LastIndex(raw, ":")
		if i < 0 || i == len(raw)-1 {
			return p, fmt.Errorf("expected an attribute after the schema URN, got %q", raw)
		}
		p.Schema, rest = raw[:i], raw[i+1:]
	}
	if m := filteredPath.FindStringSubmatch(rest); m != nil {
		p.Attr, p.FilterAttr, p.FilterVal, p.Sub = m[1], m[2], m[3], m[4]
		return p, nil
	}
	if m := plainPath.FindStringSubmatch(rest); m != nil {
		p.Attr, p.Sub = m[1], m[2]
		return p, nil
	}
	return p, fmt.Errorf("expected an attribute path like name.givenName or emails[type eq \"work\"].value, got %q", raw)
}

// Filtered reports whether the path selects a multi-valued element by value.
func (p AttrPath) Filtered() bool { return p.FilterAttr != "" }

// Dotted is the path without the value filter, in the form a no-path
// replace uses as a key ("name.givenName", "urn:...:User:department").
func (p AttrPath) Dotted() string {
	s := p.Attr
	if p.Sub != "" && !p.Filtered() {
		s += "." + p.Sub
	}
	if p.Schema != "" {
		s = p.Schema + ":" + s
	}
	return s
}

// set writes v into the resource document doc (a decoded JSON object) at
// this path, creating containers as needed. For a filtered path it updates
// the matching element or appends one ({type:"work", value:v}); primary
// marks a newly created work element primary (Entra sends "primary work email").
func (p AttrPath) set(doc map[string]any, v any, primary bool) {
	container := doc
	if p.Schema != "" {
		container = childObject(doc, p.Schema)
	}
	switch {
	case p.Filtered():
		list, _ := lookupKey(container, p.Attr).([]any)
		for _, el := range list {
			obj, ok := el.(map[string]any)
			if ok && strings.EqualFold(fmt.Sprint(lookupKey(obj, p.FilterAttr)), p.FilterVal) {
				setKey(obj, subOrValue(p.Sub), v)
				return
			}
		}
		el := map[string]any{p.FilterAttr: p.FilterVal, subOrValue(p.Sub): v}
		// Only the work value is the primary one (Entra's "primary work
		// email"): a mobile phone next to it must not be a second primary.
		if primary && strings.EqualFold(p.FilterAttr, "type") && strings.EqualFold(p.FilterVal, "work") {
			el["primary"] = true
		}
		setKey(container, p.Attr, append(list, el))
	case p.Sub != "":
		setKey(childObject(container, p.Attr), p.Sub, v)
	default:
		setKey(container, p.Attr, v)
	}
}

// get reads the value at this path from doc; attribute names compare
// case-insensitively (RFC 7643 §2.1), so do filter values for "type".
func (p AttrPath) get(doc map[string]any) (any, bool) {
	container := doc
	if p.Schema != "" {
		c, ok := lookupKey(doc, p.Schema).(map[string]any)
		if !ok {
			return nil, false
		}
		container = c
	}
	v, ok := lookupKeyOK(container, p.Attr)
	if !ok {
		return nil, false
	}
	switch {
	case p.Filtered():
		list, _ := v.([]any)
		for _, el := range list {
			obj, ok := el.(map[string]any)
			if ok && strings.EqualFold(fmt.Sprint(lookupKey(obj, p.FilterAttr)), p.FilterVal) {
				return lookupKeyOK(obj, subOrValue(p.Sub))
			}
		}
		return nil, false
	case p.Sub != "":
		obj, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		return lookupKeyOK(obj, p.Sub)
	}
	return v, true
}

func subOrValue(s string) string {
	if s == "" {
		return "value"
	}
	return s
}

func childObject(doc map[string]any, key string) map[string]any {
	if c, ok := lookupKey(doc, key).(map[string]any); ok {
		return c
	}
	c := map[string]any{}
	setKey(doc, key, c)
	return c
}

func lookupKey(doc map[string]any, key string) any {
	v, _ := lookupKeyOK(doc, key)
	return v
}

// lookupKeyOK finds key case-insensitively, preferring an exact match.
func lookupKeyOK(doc map[string]any, key string) (any, bool) {
	if v, ok := doc[key]; ok {
		return v, true
	}
	for k, v := range doc {
		if strings.EqualFold(k, key) {
			return v, true
		}
	}
	return nil, false
}

// setKey writes under the existing spelling of key if there is one, so a
// GET-then-PUT keeps the server's casing.
func setKey(doc map[string]any, key string, v any) {
	for k := range doc {
		if strings.EqualFold(k, key) {
			doc[k] = v
			return
		}
	}
	doc[key] = v
}
