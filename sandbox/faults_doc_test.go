package sandbox

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite docs/faults.md from the fault catalogue")

// faultsDoc is docs/faults.md, relative to this package.
const faultsDoc = "../docs/faults.md"

// TestFaultsDocMatchesCatalogue keeps docs/faults.md generated from the
// catalogue: `go test ./sandbox -run TestFaultsDoc -update` rewrites it, and
// without -update any drift between the two fails.
func TestFaultsDocMatchesCatalogue(t *testing.T) {
	want := renderFaultsDoc(FaultCatalogue())
	if *update {
		require.NoError(t, os.WriteFile(faultsDoc, []byte(want), 0o644))
	}
	got, err := os.ReadFile(faultsDoc)
	require.NoError(t, err, "expected %s; create it with -update", faultsDoc)
	if line, w, g := firstDiff(want, string(got)); line > 0 {
		t.Errorf("expected %s to match the fault catalogue (rerun with -update); line %d:\nexpected %q\ngot      %q", faultsDoc, line, w, g)
	}
}

// firstDiff returns the first line (1-based) where want and got differ and
// both versions of it; 0 when they are equal.
func firstDiff(want, got string) (int, string, string) {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if i >= len(w) || i >= len(g) || wl != gl {
			return i + 1, wl, gl
		}
	}
	return 0, "", ""
}

func TestFirstDiff(t *testing.T) {
	tests := []struct {
		want, got string
		line      int
	}{
		{"a\nb\n", "a\nb\n", 0},
		{"a\nb\n", "a\nc\n", 2},
		{"a\n", "a\nb\n", 2},
		{"a\nb\n", "a\n", 2},
	}
	for _, tt := range tests {
		line, _, _ := firstDiff(tt.want, tt.got)
		assert.Equal(t, tt.line, line, "firstDiff(%q, %q)", tt.want, tt.got)
	}
}

func TestRenderFaultsDocEscapesCells(t *testing.T) {
	doc := renderFaultsDoc([]FaultInfo{{"x", "@p", `a|b <id> c`}})
	assert.Contains(t, doc, "| `x` | a\\|b &lt;id&gt; c | `@p` |\n")
}

// renderFaultsDoc writes the markdown page: name | what goes wrong | promise.
func renderFaultsDoc(catalogue []FaultInfo) string {
	var b strings.Builder
	b.WriteString(`# Sandbox fault switches

<!-- Generated from sandbox/faults_catalogue.go by
     go test ./sandbox -run TestFaultsDocMatchesCatalogue -update
     Edit the catalogue, not this file. -->

Each switch makes the embedded sandbox break exactly one promise of the
contract, the RFCs or an IdP dialect. All are off unless named:
` + "`scimharness run --faults a,b`" + `, ` + "`scimharness sandbox --faults a,b`" + `
(or env ` + "`SANDBOX_FAULTS`" + `), ` + "`sandbox.Options{Faults: ...}`" + ` in Go.
With a switch on, the scenarios tagged with its promise fail;
` + "`harness/faults_test.go`" + ` proves that for every row below, except the
lost-write faults (promise ` + "`" + `@converge` + "`" + `): only a reconciliation of the
whole directory after churn shows them, so ` + "`scimharness converge`" + ` catches
them and ` + "`converge/faults_test.go`" + ` proves each.

`)
	fmt.Fprintf(&b, "| fault | what goes wrong | promise |\n|---|---|---|\n")
	for _, fi := range catalogue {
		fmt.Fprintf(&b, "| `%s` | %s | `%s` |\n", fi.Fault, mdCell(fi.Description), fi.Promise)
	}
	return b.String()
}

// mdCell keeps a description inside its table cell and visible: a pipe would
// end the cell, and "<id>" would be read as an HTML tag.
func mdCell(s string) string {
	return strings.NewReplacer("|", `\|`, "<", "&lt;", ">", "&gt;").Replace(s)
}
