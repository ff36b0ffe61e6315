package engine

// Clone deep-copies a resource so that neither side can change the other.
func Clone(r Resource) Resource {
	if r == nil {
		return nil
	}
	return cloneValue(r).(Resource)
}

// cloneValue copies the JSON-shaped values resources are made of; scalars
// (string, bool, numbers, time.Time) are immutable and returned as they are.
func cloneValue(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			out[k] = cloneValue(e)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = cloneValue(e)
		}
		return out
	case []map[string]any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = cloneValue(e)
		}
		return out
	case []string:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = e
		}
		return out
	default:
		return v
	}
}
