package steps

import (
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"

	"github.com/scimharness/scimharness/simulator"
)

// placeholder matches {name}, {alias.field} and {alias.field:upper}.
var placeholder = regexp.MustCompile(`\{([A-Za-z][A-Za-z0-9_]*)(?:\.([A-Za-z][A-Za-z0-9_]*))?(?::(upper|lower))?\}`)

// substitute replaces placeholders in s: {alias.field} with a field of a
// user or group the scenario named ("alice", "engineering"), {name} with a
// remembered value. An unknown placeholder is an error, never left as is.
func (w *World) substitute(s string) (string, error) {
	var firstErr error
	out := placeholder.ReplaceAllStringFunc(s, func(m string) string {
		sub := placeholder.FindStringSubmatch(m)
		v, err := w.resolve(sub[1], sub[2])
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			return m
		}
		switch sub[3] {
		case "upper":
			v = strings.ToUpper(v)
		case "lower":
			v = strings.ToLower(v)
		}
		return v
	})
	return out, firstErr
}

// resolve resolves one placeholder.
func (w *World) resolve(name, field string) (string, error) {
	if field == "" {
		if v, ok := w.Vars[name]; ok {
			return v, nil
		}
		return "", fmt.Errorf("expected a remembered value named %q, got none (remembered: %s)", name, strings.Join(sortedKeys(w.Vars), ", "))
	}
	if u, ok := w.Users[name]; ok {
		return userField(u, field)
	}
	if g, ok := w.Groups[name]; ok {
		return groupField(g, field)
	}
	return "", fmt.Errorf("expected a user or group named %q in this scenario, got none", name)
}

// userField reads a user's attribute by its SCIM-ish name (case-insensitive).
func userField(u *simulator.User, field string) (string, error) {
	switch strings.ToLower(field) {
	case "id":
		return u.ID, nil
	case "username":
		return u.UserName, nil
	case "externalid":
		return u.ExternalID, nil
	case "displayname":
		return u.DisplayName, nil
	case "givenname":
		return u.GivenName, nil
	case "familyname":
		return u.FamilyName, nil
	case "email":
		return u.Email, nil
	case "phone":
		return u.Phone, nil
	case "locale":
		return u.Locale, nil
	case "active":
		return fmt.Sprint(u.Active), nil
	}
	return "", fmt.Errorf("expected a user field (id, userName, externalId, displayName, givenName, familyName, email, phone, locale, active), got %q", field)
}

// groupField reads a group's attribute.
func groupField(g *simulator.Group, field string) (string, error) {
	switch strings.ToLower(field) {
	case "id":
		return g.ID, nil
	case "displayname":
		return g.DisplayName, nil
	case "externalid":
		return g.ExternalID, nil
	}
	return "", fmt.Errorf("expected a group field (id, displayName, externalId), got %q", field)
}

// resolvePath splits a step's path into the path and an encoded query,
// substituting placeholders first. Query values are encoded with %20 for
// spaces (RFC 3986), the way Okta sends filters; `+` is left to dialects.
func (w *World) resolvePath(raw string) (path, rawQuery string, err error) {
	path, query, _ := strings.Cut(raw, "?")
	if path, err = w.substitute(path); err != nil {
		return "", "", err
	}
	if query == "" {
		return path, "", nil
	}
	var parts []string
	for _, kv := range strings.Split(query, "&") {
		k, v, hasValue := strings.Cut(kv, "=")
		if k, err = w.substitute(k); err != nil {
			return "", "", err
		}
		if v, err = w.substitute(v); err != nil {
			return "", "", err
		}
		part := encodeQueryComponent(k)
		if hasValue {
			part += "=" + encodeQueryComponent(v)
		}
		parts = append(parts, part)
	}
	return path, strings.Join(parts, "&"), nil
}

func encodeQueryComponent(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}

// unquote undoes the \" escapes Gherkin authors write inside a quoted step argument.
func unquote(s string) string {
	return strings.NewReplacer(`\"`, `"`, `\\`, `\`).Replace(s)
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
