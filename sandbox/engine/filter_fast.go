package engine

import (
	"strings"

	filter "github.com/scim2/filter-parser/v2"
)

// fastAttrExpr reads the filter every IdP look-up sends, `attr op "value"`
// (userName eq "x", emails.value eq "x", externalId eq "x"), without the
// general grammar, whose parse costs more than the rest of the request;
// ok is false for anything else, which then takes the full parser. The
// expression it builds is the one the parser would, compiled by attrExpr.
func fastAttrExpr(src string) (filter.AttributeExpression, bool) {
	name, rest, ok := fastAttrName(src)
	if !ok || len(rest) < 2 || rest[0] != ' ' {
		return filter.AttributeExpression{}, false
	}
	rest = rest[1:]
	op, rest, ok := strings.Cut(rest, " ")
	if !ok || len(op) != 2 {
		return filter.AttributeExpression{}, false
	}
	op = strings.ToLower(op)
	switch op {
	case "eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le":
	default:
		return filter.AttributeExpression{}, false
	}
	if len(rest) < 2 || rest[0] != '"' || rest[len(rest)-1] != '"' {
		return filter.AttributeExpression{}, false
	}
	value := rest[1 : len(rest)-1]
	if strings.ContainsAny(value, "\"\\") {
		return filter.AttributeExpression{}, false // escapes: the parser's business
	}
	path := filter.AttributePath{AttributeName: name}
	if attr, sub, dotted := strings.Cut(name, "."); dotted {
		path.AttributeName, path.SubAttribute = attr, &sub
	}
	return filter.AttributeExpression{AttributePath: path, Operator: filter.CompareOperator(op), CompareValue: value}, true
}

// fastAttrName reads ATTRNAME ["." ATTRNAME] (RFC 7644 §3.4.2.2, without a
// URN) from the start of s.
func fastAttrName(s string) (name, rest string, ok bool) {
	i, parts := 0, 0
	for {
		if i >= len(s) || !isAlpha(s[i]) {
			return "", "", false
		}
		for i < len(s) && (isAlpha(s[i]) || s[i] >= '0' && s[i] <= '9' || s[i] == '-' || s[i] == '_') {
			i++
		}
		parts++
		if i < len(s) && s[i] == '.' && parts == 1 {
			i++
			continue
		}
		return s[:i], s[i:], true
	}
}

func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
