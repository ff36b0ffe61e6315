package reports

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
)

// MaskJSONFile rewrites a JSON report (godog's cucumber output) with mask
// applied to every string, including the base64 attachments, which are
// decoded, masked and encoded again. Steps already mask what they attach;
// this is the second line of defence, because the cucumber file is written
// by godog, not by us.
func MaskJSONFile(path string, mask func(string) string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("mask %s: %w", path, err)
	}
	var doc any
	if err := json.Unmarshal(data, &doc); err != nil {
		return fmt.Errorf("mask %s: expected a JSON document, got: %w", path, err)
	}
	doc = maskValue(doc, mask)
	out, err := json.MarshalIndent(doc, "", "    ")
	if err != nil {
		return fmt.Errorf("mask %s: %w", path, err)
	}
	return os.WriteFile(path, append(out, '\n'), 0o644)
}

func maskValue(v any, mask func(string) string) any {
	switch t := v.(type) {
	case string:
		return mask(t)
	case []any:
		for i := range t {
			t[i] = maskValue(t[i], mask)
		}
		return t
	case map[string]any:
		raw, isEmbedding := embeddingData(t)
		for k, child := range t {
			if isEmbedding && k == "data" {
				continue // base64: masked decoded below
			}
			t[k] = maskValue(child, mask)
		}
		if isEmbedding {
			if dec, err := base64.StdEncoding.DecodeString(raw); err == nil {
				t["data"] = base64.StdEncoding.EncodeToString([]byte(mask(string(dec))))
			}
		}
		return t
	}
	return v
}
