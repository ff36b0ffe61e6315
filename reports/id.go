package reports

import (
	"strconv"
	"strings"
	"unicode"
)

// maxSlug bounds one slug: outline rows may hold whole JSON documents, and
// an id is read by people and pasted into expectation files.
const maxSlug = 80

// Slug is the id form of a title or a row: lower case letters and digits,
// runs of anything else one "-". Only ASCII survives, so an id is the same
// on every machine and in every shell.
func Slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r == '\'' || r == '’' {
			continue // "user's" reads "users", not "user-s"
		}
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	out := b.String()
	if len(out) > maxSlug {
		out = strings.TrimRight(out[:maxSlug], "-")
	}
	return out
}

// ScenarioID is a scenario's stable id: the feature path, the slug of the
// scenario's title as written (an outline's title before substitution) and,
// for an outline row, the slug of the row's cells. Nothing run-specific
// (seed, pickle id, line number) goes in, so the id survives reruns, seeds,
// machines and edits elsewhere in the file.
func ScenarioID(uri, title string, row []string) string {
	id := strings.TrimPrefix(uri, "/") + "/" + Slug(title)
	if len(row) > 0 {
		id += "/" + Slug(strings.Join(row, " "))
	}
	return id
}

// IDs makes ids unique within one feature file in file order: a second
// scenario with the same title (or an outline's duplicate row) gets "-2",
// "-3"... Deterministic, because the file's order is.
type IDs map[string]int

// Unique returns id, or id with a counter when it was seen before.
func (seen IDs) Unique(id string) string {
	seen[id]++
	if n := seen[id]; n > 1 {
		return id + "-" + strconv.Itoa(n)
	}
	return id
}
