package mapping

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// A table is what an admin of OneLogin, JumpCloud or Ping writes by hand
// from their console: one row per attribute, "source, scim target,
// [default]", as CSV (with a header row) or YAML.

// genericMaybeEmpty are attribute names that directories of any IdP
// commonly leave empty; a hand-written table names its IdP's attributes
// in that IdP's spelling, so these are matched case-insensitively.
var genericMaybeEmpty = []string{"preferredLanguage", "locale", "language", "timezone", "mobile", "mobilePhone", "phone", "phoneNumber",
	"telephoneNumber", "primaryPhone", "title", "jobTitle", "department", "nickName", "middleName", "usageLocation"}

// tableColumns are the header names accepted for each column.
var tableColumns = map[string][]string{
	"source":  {"source", "source attribute", "idp attribute"},
	"target":  {"target", "scim target", "scim", "scim attribute", "scim path"},
	"default": {"default", "defaultvalue", "default value"},
}

// ParseCSV reads a table with a header row naming source, target and,
// optionally, default.
func ParseCSV(name string, data []byte) (*Mapping, error) {
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
	r.FieldsPerRecord = -1
	r.Comment = '#'
	r.TrimLeadingSpace = true
	header, err := r.Read()
	if err != nil {
		return nil, csvError(name, err, "a header row: source,target,default")
	}
	col := map[string]int{}
	for i, h := range header {
		for key, names := range tableColumns {
			for _, n := range names {
				if strings.EqualFold(strings.TrimSpace(h), n) {
					col[key] = i
				}
			}
		}
	}
	line, _ := r.FieldPos(0)
	for _, key := range []string{"source", "target"} {
		if _, ok := col[key]; !ok {
			return nil, &InputError{File: name, Line: line, Column: 1, Problem: fmt.Sprintf("expected a header row with the columns source, target and optionally default (e.g. \"source,target,default\"), got %q: no %s column", strings.Join(header, ","), key)}
		}
	}
	m := &Mapping{File: name, Format: FormatTable, Dialect: "generic", MaybeEmpty: genericMaybeEmpty}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, csvError(name, err, "a row of comma-separated values")
		}
		line, _ := r.FieldPos(0)
		get := func(key string) string {
			i, ok := col[key]
			if !ok || i >= len(rec) {
				return ""
			}
			return strings.TrimSpace(rec[i])
		}
		if len(rec) < max(col["source"], col["target"])+1 {
			return nil, &InputError{File: name, Line: line, Column: 1, Problem: fmt.Sprintf("expected %d columns as in the header (%s), got %d", len(header), strings.Join(header, ","), len(rec))}
		}
		row, ie := tableRow(len(m.Rows)+1, line, get("source"), get("target"), get("default"), hasKey(col, "default"))
		if ie != nil {
			ie.File = name
			return nil, ie
		}
		m.Rows = append(m.Rows, row)
	}
	if len(m.Rows) == 0 {
		return nil, &InputError{File: name, Line: line + 1, Column: 1, Problem: "expected at least one row under the header, got none"}
	}
	return m, nil
}

func hasKey(m map[string]int, k string) bool { _, ok := m[k]; return ok }

func csvError(name string, err error, want string) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &InputError{File: name, Line: pe.Line, Column: pe.Column, Problem: fmt.Sprintf("expected %s, got %v", want, pe.Err)}
	}
	if errors.Is(err, io.EOF) {
		return &InputError{File: name, Line: 1, Column: 1, Problem: "expected " + want + ", got an empty file"}
	}
	return &InputError{File: name, Problem: fmt.Sprintf("expected %s, got %v", want, err)}
}

// yamlRow is one entry of a YAML table.
type yamlRow struct {
	Source  string  `yaml:"source"`
	Target  string  `yaml:"target"`
	Default *string `yaml:"default"`
}

// ParseYAML reads a table written as YAML: a list of {source, target,
// default} entries, or the same list under a "mappings" key.
func ParseYAML(name string, data []byte) (*Mapping, error) {
	file, err := parser.ParseBytes(data, 0)
	if err != nil {
		return nil, yamlError(name, err)
	}
	if len(file.Docs) == 0 || file.Docs[0].Body == nil {
		return nil, &InputError{File: name, Line: 1, Column: 1, Problem: "expected a list of {source, target, default} entries, got an empty document"}
	}
	body := file.Docs[0].Body
	if mv, ok := body.(*ast.MappingNode); ok {
		for _, kv := range mv.Values {
			if strings.EqualFold(kv.Key.String(), "mappings") {
				body = kv.Value
			}
		}
	}
	seq, ok := body.(*ast.SequenceNode)
	if !ok {
		tok := body.GetToken()
		return nil, &InputError{File: name, Line: tok.Position.Line, Column: tok.Position.Column, Problem: "expected a list of {source, target, default} entries (or the list under \"mappings:\"), got " + strings.ToLower(body.Type().String())}
	}
	m := &Mapping{File: name, Format: FormatTable, Dialect: "generic", MaybeEmpty: genericMaybeEmpty}
	for _, item := range seq.Values {
		var yr yamlRow
		tok := item.GetToken()
		if err := yaml.NodeToValue(item, &yr, yaml.Strict()); err != nil {
			return nil, yamlError(name, err)
		}
		def := ""
		if yr.Default != nil {
			def = *yr.Default
		}
		row, ie := tableRow(len(m.Rows)+1, tok.Position.Line, strings.TrimSpace(yr.Source), strings.TrimSpace(yr.Target), def, yr.Default != nil)
		if ie != nil {
			ie.File, ie.Column = name, tok.Position.Column
			return nil, ie
		}
		row.Column = tok.Position.Column
		m.Rows = append(m.Rows, row)
	}
	if len(m.Rows) == 0 {
		return nil, &InputError{File: name, Line: 1, Column: 1, Problem: "expected at least one {source, target} entry, got an empty list"}
	}
	return m, nil
}

func yamlError(name string, err error) error {
	var ye yaml.Error
	if errors.As(err, &ye) && ye.GetToken() != nil {
		pos := ye.GetToken().Position
		return &InputError{File: name, Line: pos.Line, Column: pos.Column, Problem: "expected a YAML list of {source, target, default} entries, got: " + ye.GetMessage()}
	}
	return &InputError{File: name, Problem: "expected a YAML list of {source, target, default} entries, got: " + err.Error()}
}

var plainAttribute = regexp.MustCompile(`^[A-Za-z_$][\w$.-]*$`)

// tableRow builds a row of a hand-written table: a plain attribute name, a
// quoted constant, or anything else (an expression in the IdP's own
// syntax), which is checked statically only.
func tableRow(n, line int, source, target, def string, hasDefault bool) (Row, *InputError) {
	if target == "" {
		return Row{}, &InputError{Line: line, Column: 1, Problem: fmt.Sprintf("row %d: expected a SCIM target such as name.givenName, got none", n)}
	}
	r := Row{N: n, Line: line, Column: 1, Target: target, Default: def, HasDefault: hasDefault && def != ""}
	sourceRow(&r, source)
	return r, nil
}

// sourceRow classifies a source written by hand (table and profile formats).
func sourceRow(r *Row, source string) {
	r.Source = source
	switch {
	case source == "":
		r.Kind, r.expr = SourceConstant, constExpr{}
		r.Source = `""`
	case len(source) >= 2 && (source[0] == '"' || source[0] == '\'') && source[len(source)-1] == source[0]:
		v := source[1 : len(source)-1]
		r.Kind, r.expr = SourceConstant, constExpr{v}
	case plainAttribute.MatchString(source):
		// "user.email" (Okta style) reads the attribute "email".
		name := source
		if strings.HasPrefix(strings.ToLower(name), "user.") {
			name = name[len("user."):]
		}
		r.Kind, r.Attrs, r.expr = SourceAttribute, []string{name}, attrExpr{name}
	default:
		r.Kind = SourceExpression
		r.Attrs = append(entraAttrs(source), oktaAttrs(source)...)
		r.static = "an expression in the IdP's own syntax: a table's source is evaluated when it is a plain attribute or a quoted constant"
	}
}
