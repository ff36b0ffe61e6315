package sandbox

import (
	"go/ast"
	"go/parser"
	"go/token"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// promiseTag is a scenario tag as the features write them.
var promiseTag = regexp.MustCompile(`^@[a-z0-9][a-z0-9.-]*$`)

// TestCatalogueRows checks each row on its own: a promise that is a single
// tag (the harness selects scenarios with it), one line of description.
func TestCatalogueRows(t *testing.T) {
	seen := map[Fault]bool{}
	for _, fi := range FaultCatalogue() {
		t.Run(string(fi.Fault), func(t *testing.T) {
			assert.False(t, seen[fi.Fault], "expected each fault once in the catalogue, got %s again", fi.Fault)
			seen[fi.Fault] = true
			assert.Regexp(t, `^[a-z0-9]+(-[a-z0-9]+)*$`, string(fi.Fault))
			assert.Regexp(t, promiseTag, fi.Promise, "expected the promise as one scenario tag")
			assert.NotEmpty(t, strings.TrimSpace(fi.Description))
			assert.NotContains(t, fi.Description, "\n", "expected a one-line description")
			assert.NotContains(t, fi.Description, "|", "a pipe would split the docs/faults.md table cell")
		})
	}
}

// TestEveryFaultConstantIsCatalogued parses faults.go so that a new Fault
// constant without a catalogue row (or a row for a removed constant) fails.
func TestEveryFaultConstantIsCatalogued(t *testing.T) {
	file, err := parser.ParseFile(token.NewFileSet(), "faults.go", nil, 0)
	require.NoError(t, err)
	declared := map[Fault]bool{}
	for _, decl := range file.Decls {
		gen, ok := decl.(*ast.GenDecl)
		if !ok || gen.Tok != token.CONST {
			continue
		}
		for _, spec := range gen.Specs {
			vs := spec.(*ast.ValueSpec)
			if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != "Fault" {
				continue
			}
			for _, v := range vs.Values {
				lit, ok := v.(*ast.BasicLit)
				require.True(t, ok, "expected Fault constants to be string literals")
				name, err := strconv.Unquote(lit.Value)
				require.NoError(t, err)
				declared[Fault(name)] = true
			}
		}
	}
	require.NotEmpty(t, declared, "expected to find the Fault constants in faults.go")
	for f := range declared {
		_, ok := Describe(f)
		assert.True(t, ok, "expected a catalogue row for constant %q", f)
	}
	for _, fi := range FaultCatalogue() {
		assert.True(t, declared[fi.Fault], "expected a Fault constant for catalogue row %q", fi.Fault)
	}
}

func TestFaultCatalogueIsACopy(t *testing.T) {
	c := FaultCatalogue()
	c[0].Promise = "@changed"
	assert.NotEqual(t, "@changed", FaultCatalogue()[0].Promise)
}

// TestWriteFaultList: one aligned line per fault, sorted, each with its
// description and promise; the unknown-fault error carries the same list.
func TestWriteFaultList(t *testing.T) {
	var b strings.Builder
	require.NoError(t, WriteFaultList(&b, "  "))
	lines := strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
	require.Len(t, lines, len(FaultCatalogue()))
	descCol := -1
	for i, line := range lines {
		fields := strings.Fields(line)
		require.NotEmpty(t, fields)
		info, ok := Describe(Fault(fields[0]))
		require.True(t, ok, "expected line %d to start with a fault name, got %q", i, line)
		assert.True(t, strings.HasPrefix(line, "  "+string(info.Fault)), line)
		assert.True(t, strings.HasSuffix(line, info.Description+" ["+info.Promise+"]"), "expected description and promise, got %q", line)
		col := strings.Index(line, info.Description)
		if descCol < 0 {
			descCol = col
		}
		assert.Equal(t, descCol, col, "expected descriptions aligned in one column: %q", line)
		if i > 0 {
			assert.Less(t, strings.Fields(lines[i-1])[0], fields[0], "expected names sorted")
		}
	}

	_, err := ParseFaults("erase-on-delete,no-such-fault")
	require.Error(t, err)
	assert.Contains(t, err.Error(), `unknown fault "no-such-fault"`)
	assert.Contains(t, err.Error(), b.String()[:len(b.String())-1])
}
