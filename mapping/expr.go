package mapping

import (
	"fmt"
	"slices"
	"strings"
)

// Values are one sample user's IdP attributes, keyed by lower-cased name; a
// missing or empty value is null, as both IdPs treat an empty attribute.
type Values map[string]string

// Get returns the value of the IdP attribute name; ok is false when it is empty.
func (v Values) Get(name string) (string, bool) {
	s := v[strings.ToLower(name)]
	return s, s != ""
}

// expr is a compiled mapping source. eval's ok is false for null.
type expr interface {
	eval(Values) (string, bool)
}

// unsupportedError is a source the harness cannot evaluate: the row is
// "checked statically only", never counted as a pass.
type unsupportedError struct{ reason string }

func (e *unsupportedError) Error() string { return e.reason }

func unsupported(format string, args ...any) error {
	return &unsupportedError{reason: fmt.Sprintf(format, args...)}
}

// Eval evaluates a row for one user: the value the IdP sends, with the
// row's default when the source is null. evaluated is false when the
// source cannot be evaluated (checked statically only).
func (r Row) Eval(v Values) (value string, ok, evaluated bool) {
	if r.expr == nil {
		return "", false, false
	}
	value, ok = r.expr.eval(v)
	if !ok && r.HasDefault {
		return r.Default, r.Default != "", true
	}
	return value, ok, true
}

// attrExpr is a plain IdP attribute.
type attrExpr struct{ name string }

func (a attrExpr) eval(v Values) (string, bool) { return v.Get(a.name) }

// constExpr is a literal; an empty literal is null.
type constExpr struct{ value string }

func (c constExpr) eval(Values) (string, bool) { return c.value, c.value != "" }

// boolText writes a boolean as Entra's functions return it ("True"/"False").
func boolText(b bool) string {
	if b {
		return "True"
	}
	return "False"
}

// truthy reads a value used as a condition: "true"/"True"/"1" only.
func truthy(s string, ok bool) bool {
	return ok && (strings.EqualFold(s, "true") || s == "1")
}

// addAttr records an attribute name once, keeping its first spelling.
func addAttr(list []string, name string) []string {
	if name == "" || slices.ContainsFunc(list, func(s string) bool { return strings.EqualFold(s, name) }) {
		return list
	}
	return append(list, name)
}
