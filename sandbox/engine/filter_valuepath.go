package engine

import (
	"fmt"
	"strings"

	filter "github.com/scim2/filter-parser/v2"
)

// The parser's value filter grammar is RFC 7644 Figure 1 as narrowed by
// errata 4690: one attrExp, or two joined by and/or. Errata 7322 (and real
// clients) allow a full filter inside the brackets, e.g.
// emails[type eq "work" and not (value ew ".org")]. When the parser
// rejects an expression, each attr[...] is lifted out, replaced by a
// placeholder "<name> pr", and its inside compiled on its own as a filter
// over the elements.

const valuePathPlaceholder = "scimvaluefilterplaceholder"

// liftedValuePath is one attr[...] taken out of a filter.
type liftedValuePath struct {
	path  string // attribute path before '['
	inner string // text between the brackets
}

// liftValuePaths rewrites expr; ok is false when there is nothing to lift
// or the brackets do not balance.
func liftValuePaths(expr string) (outer string, lifted []liftedValuePath, ok bool) {
	var b strings.Builder
	var q quoteState
	for i := 0; i < len(expr); i++ {
		ch := expr[i]
		if q.inString(ch) {
			b.WriteByte(ch)
			continue
		}
		switch ch {
		case ']':
			return "", nil, false
		case '[':
			cur := b.String()
			start := len(cur)
			for start > 0 && isPathChar(cur[start-1]) {
				start--
			}
			if start == len(cur) {
				return "", nil, false
			}
			end, found := closingBracket(expr, i+1)
			if !found {
				return "", nil, false
			}
			lifted = append(lifted, liftedValuePath{path: cur[start:], inner: expr[i+1 : end]})
			b.Reset()
			b.WriteString(cur[:start])
			fmt.Fprintf(&b, "%s%d pr", valuePathPlaceholder, len(lifted)-1)
			i = end
		default:
			b.WriteByte(ch)
		}
	}
	if q.in || len(lifted) == 0 {
		return "", nil, false
	}
	return b.String(), lifted, true
}

// quoteState follows a scan through "..." literals with backslash escapes,
// so that brackets inside compared values are not taken for value paths.
type quoteState struct{ in, escaped bool }

// inString feeds ch and reports whether it belongs to a string literal,
// its quotes included.
func (q *quoteState) inString(ch byte) bool {
	switch {
	case q.in && q.escaped:
		q.escaped = false
	case q.in && ch == '\\':
		q.escaped = true
	case q.in && ch == '"':
		q.in = false
	case q.in:
	case ch == '"':
		q.in = true
	default:
		return false
	}
	return true
}

func isPathChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == ':' || c == '.' || c == '_' || c == '-' || c == '$'
}

// closingBracket finds the ']' matching a '[' whose content starts at from,
// skipping quoted strings; nested brackets are not allowed.
func closingBracket(s string, from int) (int, bool) {
	var q quoteState
	for i := from; i < len(s); i++ {
		ch := s[i]
		if q.inString(ch) {
			continue
		}
		switch ch {
		case '[':
			return 0, false
		case ']':
			return i, true
		}
	}
	return 0, false
}

// compileLifted compiles expr through liftValuePaths; ok is false when expr
// has no liftable form (the caller reports the original syntax error).
func (c filterCompiler) compileLifted(expr string) (fnode, bool, *Error) {
	outer, lifted, ok := liftValuePaths(expr)
	if !ok {
		return nil, false, nil
	}
	ast, err := filter.ParseFilter([]byte(outer))
	if err != nil {
		return nil, false, nil
	}
	c.lifted = make([]fnode, len(lifted))
	for i, l := range lifted {
		ap, err := filter.ParseAttrPath([]byte(l.path))
		if err != nil {
			return nil, false, nil
		}
		innerAST, err := filter.ParseFilter([]byte(strings.TrimSpace(l.inner)))
		if err != nil {
			return nil, false, nil
		}
		n, ferr := c.valuePath(ap, innerAST)
		if ferr != nil {
			return nil, true, ferr
		}
		c.lifted[i] = n
	}
	root, ferr := c.node(ast, nil)
	return root, true, ferr
}

// placeholder returns the lifted node an attribute expression stands for.
func (c filterCompiler) placeholder(x *filter.AttributeExpression) (fnode, bool) {
	name := x.AttributePath.AttributeName
	if x.AttributePath.URIPrefix != nil || x.AttributePath.SubAttribute != nil || !strings.HasPrefix(name, valuePathPlaceholder) {
		return nil, false
	}
	var i int
	if _, err := fmt.Sscanf(name[len(valuePathPlaceholder):], "%d", &i); err != nil || i < 0 || i >= len(c.lifted) {
		return nil, false
	}
	return c.lifted[i], true
}
