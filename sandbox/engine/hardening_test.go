package engine

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCheckText(t *testing.T) {
	tests := []struct {
		name string
		raw  string
		bad  bool
	}{
		{"plain ASCII", `{"a":"b"}`, false},
		{"raw UTF-8", `{"a":"Zoë 東京 😀"}`, false},
		{"escaped BMP", `{"a":"\u00e9\u6771"}`, false},
		{"escaped pair", `{"a":"\ud83d\ude00"}`, false},
		{"escaped pair, upper-case hex", `{"a":"\uD83D\uDE00"}`, false},
		{"escaped backslash then u", `{"a":"\\ud800"}`, false},
		{"escaped quote then escape", `{"a":"\"\ud83d\ude00"}`, false},
		{"short escape is the decoder's error", `{"a":"\ud8"}`, false},
		{"non-hex escape is the decoder's error", `{"a":"\uzzzz"}`, false},
		{"surrogate-looking text outside strings", `{"a":1} \ud800`, false},
		{"invalid byte", "{\"a\":\"caf\xe9\"}", true},
		{"overlong encoding", "{\"a\":\"\xc0\xaf\"}", true},
		{"encoded surrogate", "{\"a\":\"\xed\xa0\x80\"}", true},
		{"lone high", `{"a":"\ud800"}`, true},
		{"lone high at the end", `{"a":"x\uDBFF`, true},
		{"high then text", `{"a":"\ud800x"}`, true},
		{"high then high", `{"a":"\ud800\ud800"}`, true},
		{"lone low", `{"a":"\udc00"}`, true},
		{"low then high", `{"a":"\udc00\ud800"}`, true},
		{"lone high in a key", `{"\ud800":"x"}`, true},
		{"pair then lone", `{"a":"\ud83d\ude00\ude00"}`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckText([]byte(tt.raw))
			if !tt.bad {
				assert.Nil(t, err)
				return
			}
			require.NotNil(t, err)
			assert.Equal(t, 400, err.Status)
			assert.Equal(t, ScimTypeInvalidValue, err.ScimType)
		})
	}
}

func TestControlCharacters(t *testing.T) {
	for _, s := range []string{"plain", "a\tb", "line\nbreak\r\n", "Zoë", "\u00a0nbsp", "\u200bzero-width", "😀"} {
		_, _, bad := controlChar(s)
		assert.False(t, bad, "%q", s)
	}
	for _, s := range []string{"\x00", "a\x07", "\x1b[0m", "\x7f", "\u0085next-line", "\u009b"} {
		_, _, bad := controlChar(s)
		assert.True(t, bad, "%q", s)
	}
	_, err := Normalize(UserResource(), Resource{"userName": "a", "name": map[string]any{"givenName": "x\x00"}}, Quirks{})
	require.NotNil(t, err)
	assert.Equal(t, ScimTypeInvalidValue, err.ScimType)
	assert.Contains(t, err.Detail, "name.givenName")
}

func TestFilterDepth(t *testing.T) {
	tests := []struct {
		src  string
		want int
	}{
		{`userName eq "a"`, 0},
		{`(a eq 1) and (b eq 2)`, 1},
		{`((a eq 1))`, 2},
		{`emails[type eq "work" and (value co "x")]`, 2},
		{`a eq "((("`, 0},
		{`a eq "\"(("`, 0},
		{`a eq "x\\" and ((b pr))`, 2},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, filterDepth(tt.src), tt.src)
	}
	_, err := CompileFilter(UserResource(), strings.Repeat("(", MaxFilterDepth+1)+`userName eq "a"`+strings.Repeat(")", MaxFilterDepth+1))
	require.NotNil(t, err)
	assert.Equal(t, ScimTypeInvalidFilter, err.ScimType)
	_, err = CompileFilter(UserResource(), strings.Repeat("(", MaxFilterDepth)+`userName eq "a"`+strings.Repeat(")", MaxFilterDepth))
	assert.Nil(t, err)
}

func TestPatchOperationLimit(t *testing.T) {
	body := func(n int) []byte {
		ops := make([]any, n)
		for i := range ops {
			ops[i] = map[string]any{"op": "replace", "path": "title", "value": "t"}
		}
		b, _ := json.Marshal(map[string]any{"Operations": ops})
		return b
	}
	_, err := ApplyPatch(UserResource(), sampleUser(), body(MaxPatchOperations), PatchOptions{})
	assert.Nil(t, err)
	_, err = ApplyPatch(UserResource(), sampleUser(), body(MaxPatchOperations+1), PatchOptions{})
	require.NotNil(t, err)
	assert.Equal(t, ScimTypeTooMany, err.ScimType)
}

// TestPatchPathBudget: one path is at most MaxPathLength bytes and nested
// at most MaxFilterDepth deep; the distinct path text of one PATCH is at
// most MaxPatchPathBytes (a 1 MiB body of long value-filter paths took 12 s).
func TestPatchPathBudget(t *testing.T) {
	body := func(paths ...string) []byte {
		ops := make([]any, len(paths))
		for i, p := range paths {
			ops[i] = map[string]any{"op": "add", "path": p, "value": "x"}
		}
		b, _ := json.Marshal(map[string]any{"Operations": ops})
		return b
	}
	filterPath := func(n int) string {
		return `emails[value eq "` + strings.Repeat("a", n) + `"].display`
	}
	long := filterPath(MaxPathLength - len(filterPath(0)) + 1)
	_, err := ApplyPatch(UserResource(), sampleUser(), body(long), PatchOptions{})
	require.NotNil(t, err)
	assert.Equal(t, ScimTypeInvalidPath, err.ScimType)
	_, err = ApplyPatch(UserResource(), sampleUser(), body(long[:len(long)-len(`a"].display`)]+`"].display`), PatchOptions{})
	assert.Nil(t, err, "expected a path of exactly MaxPathLength bytes served")

	deep := `emails[` + strings.Repeat("(", MaxFilterDepth+1) + `type eq "work"` + strings.Repeat(")", MaxFilterDepth+1) + `].display`
	_, err = ApplyPatch(UserResource(), sampleUser(), body(deep), PatchOptions{})
	require.NotNil(t, err)
	assert.Equal(t, ScimTypeInvalidPath, err.ScimType)
	_, err = ApplyPatch(UserResource(), sampleUser(), []byte(`{"Operations":[{"op":"replace","value":{"`+strings.ReplaceAll(deep, `"`, `\"`)+`":"x"}}]}`), PatchOptions{})
	require.NotNil(t, err, "expected the keys of a path-less value object held to the same bound")
	assert.Equal(t, ScimTypeInvalidPath, err.ScimType)

	var paths []string
	for i := 0; len(strings.Join(paths, "")) <= MaxPatchPathBytes; i++ {
		paths = append(paths, `emails[value eq "`+fmt.Sprintf("%04d", i)+strings.Repeat("a", 400)+`"].display`)
	}
	_, err = ApplyPatch(UserResource(), sampleUser(), body(paths...), PatchOptions{})
	require.NotNil(t, err)
	assert.Equal(t, ScimTypeTooMany, err.ScimType)

	same := make([]string, MaxPatchOperations)
	for i := range same {
		same[i] = filterPath(400)
	}
	_, err = ApplyPatch(UserResource(), sampleUser(), body(same...), PatchOptions{})
	assert.Nil(t, err, "expected a path repeated in every operation to count once")
}

// TestRepeatedPairsAreStoredOnce: RFC 7643 §2.4, a provider "SHOULD NOT
// return the same (type, value) combination more than once per attribute";
// the KeepDuplicateValues fault brings the repeat back.
func TestRepeatedPairsAreStoredOnce(t *testing.T) {
	work := map[string]any{"type": "work", "value": "a@example.com"}
	in := Resource{"userName": "a", "emails": []any{
		work,
		map[string]any{"type": "home", "value": "a@example.com"}, // same value, other type: kept
		map[string]any{"type": "work", "value": "A@EXAMPLE.COM", "primary": true},
	}}
	out, err := Normalize(UserResource(), in, Quirks{})
	require.Nil(t, err)
	assert.Equal(t, []any{
		map[string]any{"type": "work", "value": "A@EXAMPLE.COM", "primary": true},
		map[string]any{"type": "home", "value": "a@example.com"},
	}, out["emails"], "expected the repeat merged into the first, emails.value being caseExact false")

	out, err = Normalize(UserResource(), in, Quirks{KeepDuplicateValues: true})
	require.Nil(t, err)
	assert.Len(t, out["emails"], 3)

	// Addresses have no value: only wholly equal elements are one.
	addr := map[string]any{"type": "work", "locality": "Springfield"}
	out, err = Normalize(UserResource(), Resource{"userName": "a", "addresses": []any{addr, addr, map[string]any{"type": "work", "locality": "Shelbyville"}}}, Quirks{})
	require.Nil(t, err)
	assert.Len(t, out["addresses"], 2)

	// Two primaries on a repeated pair are one primary value.
	p := map[string]any{"type": "work", "value": "p@example.com", "primary": true}
	_, err = Normalize(UserResource(), Resource{"userName": "a", "emails": []any{p, p}}, Quirks{})
	assert.Nil(t, err)

	patches := []struct {
		name string
		body string
	}{
		{"replace with a repeated pair", `{"Operations":[{"op":"replace","path":"emails","value":[{"type":"work","value":"x@y"},{"type":"work","value":"x@y"}]}]}`},
		{"add a repeated pair", `{"Operations":[{"op":"add","path":"emails","value":[{"type":"work","value":"x@y"},{"type":"work","value":"x@y"}]}]}`},
		{"a value filter that copies another element", `{"Operations":[{"op":"replace","path":"emails","value":[{"type":"work","value":"x@y"},{"type":"home","value":"x@y"}]},
			{"op":"replace","path":"emails[type eq \"home\"].type","value":"work"}]}`},
	}
	for _, tt := range patches {
		t.Run(tt.name, func(t *testing.T) {
			out, err := ApplyPatch(UserResource(), sampleUser(), []byte(tt.body), PatchOptions{})
			require.Nil(t, err)
			n := 0
			for _, e := range out["emails"].([]any) {
				if m := e.(map[string]any); m["type"] == "work" && m["value"] == "x@y" {
					n++
				}
			}
			assert.Equal(t, 1, n, "emails: %v", out["emails"])
		})
	}
	out, err = ApplyPatch(UserResource(), sampleUser(), []byte(patches[0].body), PatchOptions{Quirks: Quirks{KeepDuplicateValues: true}})
	require.Nil(t, err)
	assert.Len(t, out["emails"], 2, "expected the fault to keep the repeat")
}

// FuzzCheckText: CheckText must never panic, and on valid JSON it refuses
// exactly the texts whose decoded strings would differ from what was sent:
// encoding/json turns a lone surrogate escape into U+FFFD, so (for a text
// that names no U+FFFD itself) a refusal ⇔ a U+FFFD after decoding.
func FuzzCheckText(f *testing.F) {
	for _, s := range []string{
		`{"a":"b"}`, `{"a":"\ud83d\ude00"}`, `{"a":"\ud800"}`, `{"a":"\\ud800"}`, `{"\udc00":1}`,
		`["\"\ud800\udc00", "\u00e9"]`, "\"caf\xe9\"", `{"a":"\ud800\ud800\udc00"}`, `"\uD800\uDBFF"`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		err := CheckText(raw)
		if err != nil && (err.Status != 400 || err.ScimType != ScimTypeInvalidValue) {
			t.Fatalf("expected 400 invalidValue, got %d %s", err.Status, err.ScimType)
		}
		if !utf8.Valid(raw) {
			if err == nil {
				t.Fatalf("expected invalid UTF-8 refused: %q", raw)
			}
			return
		}
		if !json.Valid(raw) || bytes.ContainsRune(raw, utf8.RuneError) || bytes.Contains(bytes.ToLower(raw), []byte(`\ufffd`)) {
			return
		}
		replaced := false
		dec := json.NewDecoder(bytes.NewReader(raw))
		for {
			tok, terr := dec.Token()
			if errors.Is(terr, io.EOF) {
				break
			}
			if terr != nil {
				return
			}
			if s, ok := tok.(string); ok && strings.ContainsRune(s, utf8.RuneError) {
				replaced = true
			}
		}
		if replaced != (err != nil) {
			t.Fatalf("decoding replaced a character: %v; CheckText refused: %v (%q)", replaced, err, raw)
		}
	})
}
