package engine

import (
	"fmt"
	"unicode/utf8"
)

// MaxEcho is how many characters of one piece of client input an error
// detail (or a log line) repeats. A 1 MB id or filter echoed whole would
// bloat the answer and the log and hand the client a reflection primitive;
// the first 200 characters are enough to recognise what was sent.
const MaxEcho = 200

// Clip returns s cut to MaxEcho characters (runes), marked with "…" and
// the full length when it was cut. Invalid UTF-8 is kept byte for byte
// (%q escapes it) but never split inside a rune.
func Clip(s string) string {
	if len(s) <= MaxEcho {
		return s
	}
	n, i := 0, 0
	for i < len(s) && n < MaxEcho {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
		n++
	}
	if i >= len(s) {
		return s
	}
	return fmt.Sprintf("%s…(%d bytes)", s[:i], len(s))
}

// Detailf is fmt.Sprintf with each argument that may carry client input
// clipped to MaxEcho characters: strings and byte slices before they are
// quoted, anything else (maps, slices, errors, parser nodes) after it is
// formatted. Numbers and booleans are left alone.
func Detailf(format string, args ...any) string {
	clipped := make([]any, len(args))
	for i, a := range args {
		clipped[i] = clipArg(a)
	}
	return fmt.Sprintf(format, clipped...)
}

func clipArg(a any) any {
	switch v := a.(type) {
	case string:
		return Clip(v)
	case []byte:
		return Clip(string(v))
	case nil, bool, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, float32, float64:
		return a
	default:
		return clipFormatter{a}
	}
}

// clipFormatter formats its value with the caller's verb and flags, then
// clips the text.
type clipFormatter struct{ v any }

func (c clipFormatter) Format(f fmt.State, verb rune) {
	_, _ = f.Write([]byte(Clip(fmt.Sprintf(fmt.FormatString(f, verb), c.v))))
}
