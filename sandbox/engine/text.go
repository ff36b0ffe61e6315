package engine

import (
	"unicode/utf8"
)

// CheckText rejects a JSON request body whose text cannot be stored
// faithfully: bytes that are not UTF-8 (RFC 8259 §8.1: JSON "MUST be
// encoded using UTF-8") and \u escapes of a lone UTF-16 surrogate (§8.2:
// "the behavior of software that receives JSON texts containing such
// values is unpredictable"). encoding/json silently turns both into U+FFFD,
// so a client would read back something other than what it sent; the
// answer is a 400 invalidValue instead. JSON syntax itself is left to the
// decoder: CheckText only looks inside strings.
func CheckText(raw []byte) *Error {
	if !utf8.Valid(raw) {
		off := 0
		for off < len(raw) {
			r, size := utf8.DecodeRune(raw[off:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			off += size
		}
		return badRequest(ScimTypeInvalidValue, "expected UTF-8 text, got the invalid byte 0x%02x at offset %d", raw[off], off)
	}
	inString := false
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case c == '"':
			inString = !inString
		case c == '\\' && inString:
			if i+1 < len(raw) && raw[i+1] == 'u' {
				n, lone := surrogateEscape(raw, i)
				if lone {
					return badRequest(ScimTypeInvalidValue, "expected a string of Unicode characters, got the unpaired surrogate escape %s at offset %d", raw[i:i+6], i)
				}
				i += n - 1
				continue
			}
			i++ // the escaped character (a quote or backslash among them) is no delimiter
		}
	}
	return nil
}

// surrogateEscape looks at the \u escape at raw[i]: how many bytes it spans
// (12 for a surrogate pair written as two escapes, else 6, or 2 when it is
// too short or not hex, which is the decoder's syntax error, not ours) and
// whether it is half of a surrogate pair without its other half. A high
// surrogate (D800–DBFF) must be followed at once by an escaped low one
// (DC00–DFFF); a low surrogate never stands first.
func surrogateEscape(raw []byte, i int) (int, bool) {
	u, ok := hex4(raw, i+2)
	switch {
	case !ok:
		return 2, false
	case u >= 0xDC00 && u <= 0xDFFF:
		return 6, true
	case u >= 0xD800 && u <= 0xDBFF:
		j := i + 6
		if j+1 < len(raw) && raw[j] == '\\' && raw[j+1] == 'u' {
			if lo, ok := hex4(raw, j+2); ok && lo >= 0xDC00 && lo <= 0xDFFF {
				return 12, false
			}
		}
		return 6, true
	}
	return 6, false
}

// hex4 decodes the four hex digits at raw[i:i+4].
func hex4(raw []byte, i int) (rune, bool) {
	if i+4 > len(raw) {
		return 0, false
	}
	var v rune
	for _, c := range raw[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			v = v<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			v = v<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			v = v<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return v, true
}

// controlChar finds a control character a string attribute may not hold:
// C0 controls except tab, line feed and carriage return (a formatted
// address spans lines, RFC 7643 §4.1.2), DEL and the C1 controls. They
// break logs, CSV exports and the console's display, and no IdP attribute
// carries them legitimately. It returns the rune and its byte offset.
func controlChar(s string) (rune, int, bool) {
	for i, r := range s {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
		case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
			return r, i, true
		}
	}
	return 0, 0, false
}
