package harness

import (
	"fmt"
	"regexp"
	"strings"
)

// tagExpr is a godog (v0.16.0) tag expression in its disjunctive form:
// "@a && ~@b, @c" means (a AND NOT b) OR c. godog parses the same text; we
// parse it too so that a malformed expression is a usage error (exit 2)
// instead of a panic inside godog, so --list filters exactly as a run does,
// and so the harness can AND extra conditions (the --idp filter) onto it.
type tagExpr [][]tagTerm

type tagTerm struct {
	Tag    string // with "@"
	Negate bool
}

var (
	tagTermPattern = regexp.MustCompile(`^~?@?[^\s,&~@]+$`)
	// words of cucumber's newer expression syntax, which godog does not read
	cucumberWords = regexp.MustCompile(`(?i)(^|\s|\()(and|or|not)(\s|\(|$)`)
)

// parseTags reads a godog tag expression; "" matches every scenario.
func parseTags(expr string) (tagExpr, error) {
	expr = strings.TrimSpace(expr)
	if expr == "" {
		return nil, nil
	}
	if cucumberWords.MatchString(expr) || strings.ContainsAny(expr, "()") {
		return nil, fmt.Errorf("tags %q: expected godog syntax (\"@a && ~@b, @c\" = a and not b, or c), got cucumber words and/or/not or parentheses", expr)
	}
	var out tagExpr
	for _, clause := range strings.Split(expr, ",") {
		var and []tagTerm
		for _, term := range strings.Split(clause, "&&") {
			term = strings.TrimSpace(term)
			if !tagTermPattern.MatchString(term) {
				return nil, fmt.Errorf("tags %q: expected tags like @name or ~@name joined by \"&&\" and \",\", got %q", expr, term)
			}
			neg := strings.HasPrefix(term, "~")
			and = append(and, tagTerm{Tag: "@" + strings.TrimLeft(term, "~@"), Negate: neg})
		}
		out = append(out, and)
	}
	return out, nil
}

// match reports whether a scenario with tags is selected.
func (e tagExpr) match(tags []string) bool {
	if len(e) == 0 {
		return true
	}
	has := make(map[string]bool, len(tags))
	for _, t := range tags {
		has["@"+strings.TrimPrefix(t, "@")] = true
	}
	for _, clause := range e {
		ok := true
		for _, term := range clause {
			if has[term.Tag] == term.Negate {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// and returns e with every extra term required in each clause:
// (c1 OR c2) AND x = (c1 AND x) OR (c2 AND x).
func (e tagExpr) and(extra ...tagTerm) tagExpr {
	if len(extra) == 0 {
		return e
	}
	if len(e) == 0 {
		return tagExpr{append([]tagTerm(nil), extra...)}
	}
	out := make(tagExpr, len(e))
	for i, clause := range e {
		out[i] = append(append([]tagTerm(nil), clause...), extra...)
	}
	return out
}

// String renders e in godog syntax.
func (e tagExpr) String() string {
	clauses := make([]string, len(e))
	for i, clause := range e {
		terms := make([]string, len(clause))
		for j, t := range clause {
			terms[j] = t.Tag
			if t.Negate {
				terms[j] = "~" + t.Tag
			}
		}
		clauses[i] = strings.Join(terms, " && ")
	}
	return strings.Join(clauses, ", ")
}

// sectionTag is an RFC section tag (@rfc7644-3.5.2): selecting it selects
// its subsections too (@rfc7644-3.5.2.1 ...), as h2spec's `http2/6.5`
// runs 6.5.1 to 6.5.3.
var sectionTag = regexp.MustCompile(`^@rfc\d+-\d+(\.\d+)*$`)

// covers returns the known tags that selecting sel selects: sel itself and,
// for a section tag, every known subsection tag.
func covers(sel string, known []string) []string {
	out := []string{sel}
	if !sectionTag.MatchString(sel) {
		return out
	}
	for _, t := range known {
		if strings.HasPrefix(t, sel+".") {
			out = append(out, t)
		}
	}
	return out
}

// expand rewrites each section term into the tags it covers, so that godog,
// which compares tags exactly, selects what the user meant: a positive
// term becomes alternatives (distributed over its clause), a negated one
// excludes every covered tag.
func (e tagExpr) expand(known []string) tagExpr {
	var out tagExpr
	for _, clause := range e {
		partial := [][]tagTerm{nil}
		for _, term := range clause {
			alts := covers(term.Tag, known)
			if term.Negate {
				for i := range partial {
					for _, a := range alts {
						partial[i] = append(partial[i], tagTerm{Tag: a, Negate: true})
					}
				}
				continue
			}
			var next [][]tagTerm
			for _, p := range partial {
				for _, a := range alts {
					next = append(next, append(append([]tagTerm(nil), p...), tagTerm{Tag: a}))
				}
			}
			partial = next
		}
		out = append(out, partial...)
	}
	return out
}
