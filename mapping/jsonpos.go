package mapping

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// decodeJSON decodes one JSON document, turning syntax and type errors into
// an *InputError with the line and column a customer can find in an export.
func decodeJSON(name string, data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(v); err != nil {
		return jsonInputError(name, data, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		line, col := position(data, int(dec.InputOffset()))
		return &InputError{File: name, Line: line, Column: col, Problem: "expected one JSON document, got more after it"}
	}
	return nil
}

func jsonInputError(name string, data []byte, err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		line, col := position(data, len(data))
		return &InputError{File: name, Line: line, Column: col, Problem: "expected the rest of the JSON document, got the end of the file (was the export cut short?)"}
	case errors.As(err, &syntax):
		line, col := position(data, int(syntax.Offset))
		return &InputError{File: name, Line: line, Column: col, Problem: "expected valid JSON, got " + syntax.Error()}
	case errors.As(err, &typ):
		line, col := position(data, int(typ.Offset))
		field := typ.Field
		if field == "" {
			field = "the document"
		}
		return &InputError{File: name, Line: line, Column: col, Problem: fmt.Sprintf("%s: expected a JSON %s, got a JSON %s", field, jsonKind(typ.Type.Kind().String()), typ.Value)}
	}
	return &InputError{File: name, Problem: "expected valid JSON, got " + strings.TrimPrefix(err.Error(), "json: ")}
}

func jsonKind(k string) string {
	switch k {
	case "struct", "map":
		return "object"
	case "slice":
		return "array"
	case "int", "int32", "int64", "float64":
		return "number"
	}
	return k
}

// topLevelKeys lists the document's top-level keys, lower-cased; the
// document must be valid JSON.
func topLevelKeys(name string, data []byte) (map[string]bool, error) {
	var doc map[string]json.RawMessage
	if err := decodeJSON(name, data, &doc); err != nil {
		return nil, err
	}
	keys := map[string]bool{}
	for k := range doc {
		keys[strings.ToLower(k)] = true
	}
	return keys, nil
}

// objectOffsets maps the JSON pointer of every value in data (keys
// lower-cased: "/synchronizationrules/0/objectmappings/1") to the byte
// offset where it starts, so a row can name its line. data must be valid.
func objectOffsets(data []byte) map[string]int {
	out := map[string]int{}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var walk func(ptr string, depth int) error
	walk = func(ptr string, depth int) error {
		start := skipSeparators(data, int(dec.InputOffset()))
		t, err := dec.Token()
		if err != nil {
			return err
		}
		out[ptr] = start
		switch t {
		case json.Delim('{'):
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return err
				}
				key, _ := k.(string)
				if err := walk(ptr+"/"+strings.ToLower(key), depth+1); err != nil {
					return err
				}
			}
			_, err = dec.Token()
		case json.Delim('['):
			for i := 0; dec.More(); i++ {
				if err := walk(ptr+"/"+strconv.Itoa(i), depth+1); err != nil {
					return err
				}
			}
			_, err = dec.Token()
		}
		return err
	}
	_ = walk("", 0)
	return out
}

func skipSeparators(data []byte, i int) int {
	for i < len(data) && strings.IndexByte(" \t\r\n,:", data[i]) >= 0 {
		i++
	}
	return i
}

// position converts a byte offset into a 1-based line and column.
func position(data []byte, offset int) (line, column int) {
	offset = min(max(offset, 0), len(data))
	before := data[:offset]
	line = bytes.Count(before, []byte("\n")) + 1
	column = offset - bytes.LastIndexByte(before, '\n')
	return line, column
}

// at is the line and column of the object at ptr (0, 0 when unknown).
func at(data []byte, offsets map[string]int, ptr string) (int, int) {
	off, ok := offsets[strings.ToLower(ptr)]
	if !ok {
		return 0, 0
	}
	return position(data, off)
}
