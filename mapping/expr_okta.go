package mapping

import (
	"regexp"
	"strings"
)

// Okta Expression Language (a subset of Spring EL) as profile mappings
// use it: user.attribute, 'string' or "string", a + b, String.toLowerCase
// and String.toUpperCase, the Elvis a ?: b, and cond ? a : b with ==, !=,
// &&, ||, ! and null. Anything else is checked statically only.

type oktaTok struct {
	kind string // "id", "str", "op", "end"
	text string
	pos  int
}

func lexOkta(s string) ([]oktaTok, error) {
	var out []oktaTok
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '\'' || c == '"':
			var b strings.Builder
			j := i + 1
			for ; j < len(s) && s[j] != c; j++ {
				if s[j] == '\\' && j+1 < len(s) {
					j++
				}
				b.WriteByte(s[j])
			}
			if j >= len(s) {
				return nil, unsupported("a string without its closing quote")
			}
			out = append(out, oktaTok{"str", b.String(), i})
			i = j + 1
		case isIdentStart(c) || c == '$':
			j := i
			for j < len(s) && (isIdentPart(s[j]) || s[j] == '.' || s[j] == '$') {
				j++
			}
			out = append(out, oktaTok{"id", s[i:j], i})
			i = j
		default:
			op := ""
			for _, o := range []string{"?:", "==", "!=", "&&", "||", "?", ":", "+", "!", "(", ")", ","} {
				if strings.HasPrefix(s[i:], o) {
					op = o
					break
				}
			}
			if op == "" {
				return nil, unsupported("unexpected %q at character %d of the expression", string(c), i+1)
			}
			out = append(out, oktaTok{"op", op, i})
			i += len(op)
		}
	}
	return append(out, oktaTok{"end", "", len(s)}), nil
}

type oktaParser struct {
	toks []oktaTok
	i    int
}

func (p *oktaParser) next() oktaTok { t := p.toks[p.i]; p.i++; return t }
func (p *oktaParser) at(op string) bool {
	t := p.toks[p.i]
	return t.kind == "op" && t.text == op
}

// compileOkta parses an Okta expression; an *unsupportedError means the
// harness does not evaluate it.
func compileOkta(src string) (expr, error) {
	toks, err := lexOkta(src)
	if err != nil {
		return nil, err
	}
	p := &oktaParser{toks: toks}
	e, err := p.ternary()
	if err != nil {
		return nil, err
	}
	if t := p.toks[p.i]; t.kind != "end" {
		return nil, unsupported("unexpected %q at character %d of the expression", t.text, t.pos+1)
	}
	return e, nil
}

func (p *oktaParser) ternary() (expr, error) {
	cond, err := p.or()
	if err != nil {
		return nil, err
	}
	switch {
	case p.at("?:"):
		p.next()
		alt, err := p.ternary()
		return oktaElvis{cond, alt}, err
	case p.at("?"):
		p.next()
		yes, err := p.ternary()
		if err != nil {
			return nil, err
		}
		if !p.at(":") {
			return nil, unsupported("a ? without its :")
		}
		p.next()
		no, err := p.ternary()
		return oktaCond{cond, yes, no}, err
	}
	return cond, nil
}

func (p *oktaParser) or() (expr, error) {
	l, err := p.and()
	for err == nil && p.at("||") {
		p.next()
		var r expr
		r, err = p.and()
		l = oktaLogic{l, r, false}
	}
	return l, err
}

func (p *oktaParser) and() (expr, error) {
	l, err := p.equality()
	for err == nil && p.at("&&") {
		p.next()
		var r expr
		r, err = p.equality()
		l = oktaLogic{l, r, true}
	}
	return l, err
}

func (p *oktaParser) equality() (expr, error) {
	l, err := p.concat()
	for err == nil && (p.at("==") || p.at("!=")) {
		neg := p.next().text == "!="
		var r expr
		r, err = p.concat()
		l = oktaEq{l, r, neg}
	}
	return l, err
}

func (p *oktaParser) concat() (expr, error) {
	l, err := p.unary()
	for err == nil && p.at("+") {
		p.next()
		var r expr
		r, err = p.unary()
		l = oktaConcat{l, r}
	}
	return l, err
}

func (p *oktaParser) unary() (expr, error) {
	if p.at("!") {
		p.next()
		e, err := p.unary()
		return oktaNot{e}, err
	}
	return p.primary()
}

func (p *oktaParser) primary() (expr, error) {
	t := p.next()
	switch t.kind {
	case "str":
		return constExpr{t.text}, nil
	case "op":
		if t.text == "(" {
			e, err := p.ternary()
			if err != nil {
				return nil, err
			}
			if !p.at(")") {
				return nil, unsupported("a ( without its )")
			}
			p.next()
			return e, nil
		}
		return nil, unsupported("unexpected %q at character %d of the expression", t.text, t.pos+1)
	case "id":
		switch lower := strings.ToLower(t.text); {
		case lower == "null":
			return nullExpr{}, nil
		case lower == "true" || lower == "false":
			return constExpr{lower}, nil
		case p.at("("):
			return p.call(t)
		case strings.HasPrefix(lower, "user.") && strings.Count(lower, ".") == 1:
			return attrExpr{t.text[len("user."):]}, nil
		}
		return nil, unsupported("%q is not an Okta user attribute (user.x) the harness reads", t.text)
	}
	return nil, unsupported("the expression ends too early")
}

func (p *oktaParser) call(name oktaTok) (expr, error) {
	p.next() // (
	var args []expr
	for !p.at(")") {
		a, err := p.ternary()
		if err != nil {
			return nil, err
		}
		args = append(args, a)
		if p.at(",") {
			p.next()
		} else if !p.at(")") {
			return nil, unsupported("expected , or ) in the arguments of %s", name.text)
		}
	}
	p.next()
	switch strings.ToLower(name.text) {
	case "string.tolowercase":
		if len(args) == 1 {
			return oktaCase{args[0], strings.ToLower}, nil
		}
	case "string.touppercase":
		if len(args) == 1 {
			return oktaCase{args[0], strings.ToUpper}, nil
		}
	}
	return nil, unsupported("the Okta function %s is not one the harness evaluates (it evaluates String.toLowerCase and String.toUpperCase)", name.text)
}

type nullExpr struct{}

func (nullExpr) eval(Values) (string, bool) { return "", false }

// oktaElvis is a ?: b: a when it is neither null nor empty, else b.
type oktaElvis struct{ a, b expr }

func (e oktaElvis) eval(v Values) (string, bool) {
	if s, ok := e.a.eval(v); ok {
		return s, true
	}
	return e.b.eval(v)
}

type oktaCond struct{ cond, yes, no expr }

func (e oktaCond) eval(v Values) (string, bool) {
	if truthy(e.cond.eval(v)) {
		return e.yes.eval(v)
	}
	return e.no.eval(v)
}

type oktaLogic struct {
	l, r expr
	and  bool
}

func (e oktaLogic) eval(v Values) (string, bool) {
	l, r := truthy(e.l.eval(v)), truthy(e.r.eval(v))
	if e.and {
		return boolString(l && r), true
	}
	return boolString(l || r), true
}

// oktaEq compares two values; null equals null and, as Okta profiles store
// an unset attribute as null, the empty string.
type oktaEq struct {
	l, r expr
	neg  bool
}

func (e oktaEq) eval(v Values) (string, bool) {
	l, lok := e.l.eval(v)
	r, rok := e.r.eval(v)
	eq := lok == rok && l == r
	return boolString(eq != e.neg), true
}

type oktaNot struct{ e expr }

func (e oktaNot) eval(v Values) (string, bool) { return boolString(!truthy(e.e.eval(v))), true }

// oktaConcat joins two strings; a null side adds nothing (uncertain: SpEL
// would write "null", Okta's docs show concatenations of set attributes only).
type oktaConcat struct{ l, r expr }

func (e oktaConcat) eval(v Values) (string, bool) {
	l, _ := e.l.eval(v)
	r, _ := e.r.eval(v)
	s := l + r
	return s, s != ""
}

type oktaCase struct {
	e  expr
	fn func(string) string
}

func (e oktaCase) eval(v Values) (string, bool) {
	s, ok := e.e.eval(v)
	return e.fn(s), ok
}

func boolString(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

var oktaAttrRef = regexp.MustCompile(`\buser\.([A-Za-z_$][\w$]*)`)

// oktaAttrs lists the user attributes an expression names.
func oktaAttrs(src string) []string {
	var out []string
	for _, m := range oktaAttrRef.FindAllStringSubmatch(src, -1) {
		out = addAttr(out, m[1])
	}
	return out
}
