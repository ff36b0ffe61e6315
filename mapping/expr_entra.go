package mapping

import (
	"regexp"
	"strings"
	"unicode"
)

// Entra's attribute-mapping expressions ("Reference for writing expressions
// for attribute mappings in Microsoft Entra ID"): [attribute], "string",
// Function(arg, , arg) with empty arguments, and the comparison that IIF's
// condition uses ([country]="USA"). The functions customers use most are
// evaluated; any other is checked statically only.

// entraFuncs are the evaluated functions, by lower-cased name.
var entraFuncs = map[string]func(args []expr, v Values) (string, bool){
	"join": func(args []expr, v Values) (string, bool) {
		if len(args) == 0 {
			return "", false
		}
		sep, _ := evalArg(args[0], v)
		var parts []string
		for _, a := range args[1:] {
			// Empty values are left out (uncertain: the docs do not say;
			// Join(" ", [givenName], [surname]) without a surname gives
			// "Ada" in tenants we have seen quoted).
			if s, ok := evalArg(a, v); ok {
				parts = append(parts, s)
			}
		}
		s := strings.Join(parts, sep)
		return s, s != ""
	},
	"coalesce": func(args []expr, v Values) (string, bool) {
		for _, a := range args {
			if s, ok := evalArg(a, v); ok {
				return s, true
			}
		}
		return "", false
	},
	"tolower": func(args []expr, v Values) (string, bool) {
		s, ok := evalArg(first(args), v)
		return strings.ToLower(s), ok
	},
	"toupper": func(args []expr, v Values) (string, bool) {
		s, ok := evalArg(first(args), v)
		return strings.ToUpper(s), ok
	},
	"append": func(args []expr, v Values) (string, bool) {
		s, ok := evalArg(first(args), v)
		if !ok || len(args) < 2 {
			return "", false // no source value, nothing to append to
		}
		suffix, _ := evalArg(args[1], v)
		return s + suffix, true
	},
	"iif": func(args []expr, v Values) (string, bool) {
		if len(args) != 3 {
			return "", false
		}
		if truthy(evalArg(args[0], v)) {
			return evalArg(args[1], v)
		}
		return evalArg(args[2], v)
	},
	"switch": func(args []expr, v Values) (string, bool) {
		// Switch(source, defaultValue, key1, value1, key2, value2, ...)
		if len(args) < 2 {
			return "", false
		}
		src, _ := evalArg(args[0], v)
		for i := 2; i+1 < len(args); i += 2 {
			if key, _ := evalArg(args[i], v); strings.EqualFold(key, src) {
				return evalArg(args[i+1], v)
			}
		}
		return evalArg(args[1], v)
	},
	"not": func(args []expr, v Values) (string, bool) {
		return boolText(!truthy(evalArg(first(args), v))), true
	},
	"isnullorempty": func(args []expr, v Values) (string, bool) {
		_, ok := evalArg(first(args), v)
		return boolText(!ok), true
	},
	"ispresent": func(args []expr, v Values) (string, bool) {
		_, ok := evalArg(first(args), v)
		return boolText(ok), true
	},
}

func first(args []expr) expr {
	if len(args) == 0 {
		return nil
	}
	return args[0]
}

// evalArg evaluates an argument; an empty argument (", ,") is null.
func evalArg(e expr, v Values) (string, bool) {
	if e == nil {
		return "", false
	}
	return e.eval(v)
}

type entraCall struct {
	fn   func([]expr, Values) (string, bool)
	args []expr
}

func (c entraCall) eval(v Values) (string, bool) { return c.fn(c.args, v) }

type entraCompare struct {
	left, right expr
	negate      bool
}

func (c entraCompare) eval(v Values) (string, bool) {
	l, _ := evalArg(c.left, v)
	r, _ := evalArg(c.right, v)
	return boolText(strings.EqualFold(l, r) != c.negate), true
}

var entraAttrRef = regexp.MustCompile(`\[([^\[\]]+)\]`)

// entraAttrs lists the attributes an expression names, even one the
// harness cannot evaluate, so the static checks still see its sources.
func entraAttrs(src string) []string {
	var out []string
	for _, m := range entraAttrRef.FindAllStringSubmatch(src, -1) {
		out = addAttr(out, strings.TrimSpace(m[1]))
	}
	return out
}

// compileEntra parses an Entra expression. An *unsupportedError means the
// harness does not evaluate it (an unknown function, syntax it lacks).
func compileEntra(src string) (expr, error) {
	p := &entraParser{s: src}
	e, err := p.compare()
	if err != nil {
		return nil, err
	}
	p.space()
	if p.i < len(p.s) {
		return nil, unsupported("unexpected %q at character %d of the expression", p.s[p.i:], p.i+1)
	}
	if e == nil {
		return nil, unsupported("an empty expression")
	}
	return e, nil
}

type entraParser struct {
	s string
	i int
}

func (p *entraParser) space() {
	for p.i < len(p.s) && unicode.IsSpace(rune(p.s[p.i])) {
		p.i++
	}
}

func (p *entraParser) peek() byte {
	p.space()
	if p.i < len(p.s) {
		return p.s[p.i]
	}
	return 0
}

func (p *entraParser) compare() (expr, error) {
	left, err := p.term()
	if err != nil {
		return nil, err
	}
	p.space()
	switch {
	case strings.HasPrefix(p.s[p.i:], "<>"), strings.HasPrefix(p.s[p.i:], "!="):
		p.i += 2
		right, err := p.term()
		return entraCompare{left, right, true}, err
	case p.peek() == '=':
		p.i++
		right, err := p.term()
		return entraCompare{left, right, false}, err
	}
	return left, nil
}

// term is an attribute, a string, a call, or nothing (an empty argument).
func (p *entraParser) term() (expr, error) {
	switch c := p.peek(); {
	case c == '[':
		end := strings.IndexByte(p.s[p.i:], ']')
		if end < 0 {
			return nil, unsupported("an attribute reference without its closing ]")
		}
		name := strings.TrimSpace(p.s[p.i+1 : p.i+end])
		p.i += end + 1
		return attrExpr{name}, nil
	case c == '"':
		var b strings.Builder
		for p.i++; p.i < len(p.s); p.i++ {
			switch ch := p.s[p.i]; {
			case ch == '\\' && p.i+1 < len(p.s):
				p.i++
				b.WriteByte(p.s[p.i])
			case ch == '"':
				p.i++
				return constExpr{b.String()}, nil
			default:
				b.WriteByte(ch)
			}
		}
		return nil, unsupported("a string without its closing quote")
	case c == ',' || c == ')' || c == 0:
		return nil, nil
	case isIdentStart(c):
		start := p.i
		for p.i < len(p.s) && isIdentPart(p.s[p.i]) {
			p.i++
		}
		name := p.s[start:p.i]
		if p.peek() != '(' {
			return nil, unsupported("%q is neither an [attribute], a \"string\" nor a function call", name)
		}
		p.i++
		fn, known := entraFuncs[strings.ToLower(name)]
		var args []expr
		for {
			a, err := p.compare()
			if err != nil {
				return nil, err
			}
			args = append(args, a)
			switch p.peek() {
			case ',':
				p.i++
				continue
			case ')':
				p.i++
			default:
				return nil, unsupported("expected , or ) in the arguments of %s", name)
			}
			break
		}
		if !known {
			return nil, unsupported("the Entra function %s is not one the harness evaluates (it evaluates Join, Coalesce, ToLower, ToUpper, Append, IIF, Switch, Not, IsPresent, IsNullOrEmpty)", name)
		}
		if len(args) == 1 && args[0] == nil {
			args = nil
		}
		return entraCall{fn: fn, args: args}, nil
	default:
		return nil, unsupported("unexpected %q at character %d of the expression", string(c), p.i+1)
	}
}

func isIdentStart(c byte) bool { return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isIdentPart(c byte) bool  { return isIdentStart(c) || c >= '0' && c <= '9' }
