package sandbox

import (
	"bytes"
	"encoding/json"
	"strings"
	"sync"
	"unsafe"

	"github.com/tidwall/gjson"

	"github.com/scimharness/scimharness/sandbox/engine"
)

// A stored resource is its compact JSON: about a fifth of the memory of the
// decoded map with its nested maps and slices, and no pointers for the
// garbage collector to trace. Reads decode a fresh map (so callers may
// change what they get); writes encode once.

// encodeDoc writes r as JSON with sorted keys, as encoding/json does for maps.
func encodeDoc(r engine.Resource) ([]byte, error) {
	buf := encodeBufs.Get().(*bytes.Buffer)
	defer encodeBufs.Put(buf)
	buf.Reset()
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(map[string]any(r)); err != nil {
		return nil, err
	}
	// An exact-size copy: a grown buffer would keep up to half again unused.
	return bytes.Clone(bytes.TrimSuffix(buf.Bytes(), []byte("\n"))), nil
}

var encodeBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func decodeDoc(doc []byte) engine.Resource {
	var r engine.Resource
	// The bytes were produced by encodeDoc: they always decode.
	_ = json.Unmarshal(doc, &r)
	return r
}

// docString returns value v, which r's encoding holds as a JSON string,
// as a string sharing the document's bytes when it is written without
// escapes (the usual case), so an index keyed by it copies nothing. doc
// must never change afterwards: documents are replaced, never edited.
func docString(doc []byte, v string) string {
	if v == "" {
		return ""
	}
	i := bytes.Index(doc, []byte(`"`+v+`"`))
	if i < 0 {
		return strings.Clone(v)
	}
	return unsafe.String(&doc[i+1], len(v))
}

// lowerKey is an index key: the lower-cased value, sharing s's bytes when s
// is already lower case (strings.ToLower returns s itself then).
func lowerKey(s string) string { return strings.ToLower(s) }

// docIndexed reads from a stored document what the indexes hold for it,
// as indexedValues and memberIDs read the decoded resource, in one pass
// over the bytes and without decoding: replacing a group of thousands of
// members must not decode all of them just to unindex the old version.
func docIndexed(doc []byte) (values map[string][]string, members []string) {
	values = make(map[string][]string, len(indexedAttrs))
	gjson.ParseBytes(doc).ForEach(func(key, v gjson.Result) bool {
		switch k := key.String(); k {
		case "userName", "externalId", "displayName":
			if v.Type == gjson.String {
				values[k] = []string{v.String()}
			}
		case "emails":
			v.ForEach(func(_, e gjson.Result) bool {
				if e.IsObject() {
					if ev := e.Get("value"); ev.Type == gjson.String {
						values["emails.value"] = append(values["emails.value"], ev.String())
					}
				}
				return true
			})
		case "members":
			v.ForEach(func(_, m gjson.Result) bool {
				if mv := m.Get("value"); m.IsObject() && mv.Type == gjson.String && mv.String() != "" {
					members = append(members, mv.String())
				}
				return true
			})
		}
		return true
	})
	return values, members
}
