package reports

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// CheckHAR reports the first way data departs from the HAR 1.2 shape
// (http://www.softwareishard.com/blog/har-12-spec/): every required field
// present with its type, dates in ISO 8601, entry time the sum of its
// timings, custom fields prefixed with "_". Tests run it on the synthetic
// and on a real run's export, so a viewer never refuses the file.
func CheckHAR(data []byte) error {
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		return fmt.Errorf("expected a JSON document, got: %w", err)
	}
	log, err := object(doc, "log", "")
	if err != nil {
		return err
	}
	if err := only(log, "log", "version", "creator", "browser", "pages", "entries", "comment"); err != nil {
		return err
	}
	if v, _ := log["version"].(string); v != "1.2" {
		return fmt.Errorf("log.version: expected \"1.2\", got %v", log["version"])
	}
	creator, err := object(log, "creator", "log")
	if err != nil {
		return err
	}
	if err := strs(creator, "log.creator", "name", "version"); err != nil {
		return err
	}
	entries, ok := log["entries"].([]any)
	if !ok {
		return fmt.Errorf("log.entries: expected an array, got %T", log["entries"])
	}
	for i, e := range entries {
		entry, ok := e.(map[string]any)
		if !ok {
			return fmt.Errorf("log.entries[%d]: expected an object, got %T", i, e)
		}
		if err := checkEntry(entry, fmt.Sprintf("log.entries[%d]", i)); err != nil {
			return err
		}
	}
	return nil
}

func checkEntry(e map[string]any, at string) error {
	if err := only(e, at, "pageref", "startedDateTime", "time", "request", "response", "cache", "timings", "serverIPAddress", "connection", "comment"); err != nil {
		return err
	}
	if err := strs(e, at, "startedDateTime"); err != nil {
		return err
	}
	if _, err := time.Parse(time.RFC3339Nano, e["startedDateTime"].(string)); err != nil {
		return fmt.Errorf("%s.startedDateTime: expected an ISO 8601 date, got %q", at, e["startedDateTime"])
	}
	total, err := number(e, "time", at)
	if err != nil {
		return err
	}
	req, err := object(e, "request", at)
	if err != nil {
		return err
	}
	if err := checkRequest(req, at+".request"); err != nil {
		return err
	}
	resp, err := object(e, "response", at)
	if err != nil {
		return err
	}
	if err := checkResponse(resp, at+".response"); err != nil {
		return err
	}
	if _, err := object(e, "cache", at); err != nil {
		return err
	}
	timings, err := object(e, "timings", at)
	if err != nil {
		return err
	}
	sum := 0.0
	for _, k := range []string{"send", "wait", "receive"} {
		v, err := number(timings, k, at+".timings")
		if err != nil {
			return err
		}
		sum += max(v, 0)
	}
	for _, k := range []string{"blocked", "dns", "connect", "ssl"} {
		if v, ok := timings[k].(float64); ok {
			sum += max(v, 0)
		}
	}
	if diff := total - sum; diff > 0.001 || diff < -0.001 {
		return fmt.Errorf("%s.time: expected the sum of its timings (%g), got %g", at, sum, total)
	}
	if c, ok := e["comment"]; ok {
		if _, ok := c.(string); !ok {
			return fmt.Errorf("%s.comment: expected a string, got %T", at, c)
		}
	}
	return nil
}

func checkRequest(r map[string]any, at string) error {
	if err := only(r, at, "method", "url", "httpVersion", "cookies", "headers", "queryString", "postData", "headersSize", "bodySize", "comment"); err != nil {
		return err
	}
	if err := strs(r, at, "method", "url", "httpVersion"); err != nil {
		return err
	}
	if u, err := url.Parse(r["url"].(string)); err != nil || !u.IsAbs() {
		return fmt.Errorf("%s.url: expected an absolute URL, got %q", at, r["url"])
	}
	for _, k := range []string{"cookies", "headers", "queryString"} {
		if err := pairs(r, k, at); err != nil {
			return err
		}
	}
	if pd, ok := r["postData"]; ok {
		p, ok := pd.(map[string]any)
		if !ok {
			return fmt.Errorf("%s.postData: expected an object, got %T", at, pd)
		}
		if err := strs(p, at+".postData", "mimeType", "text"); err != nil {
			return err
		}
	}
	return sizes(r, at)
}

func checkResponse(r map[string]any, at string) error {
	if err := only(r, at, "status", "statusText", "httpVersion", "cookies", "headers", "content", "redirectURL", "headersSize", "bodySize", "comment"); err != nil {
		return err
	}
	if _, err := number(r, "status", at); err != nil {
		return err
	}
	if err := strs(r, at, "statusText", "httpVersion", "redirectURL"); err != nil {
		return err
	}
	for _, k := range []string{"cookies", "headers"} {
		if err := pairs(r, k, at); err != nil {
			return err
		}
	}
	content, err := object(r, "content", at)
	if err != nil {
		return err
	}
	if _, err := number(content, "size", at+".content"); err != nil {
		return err
	}
	if err := strs(content, at+".content", "mimeType"); err != nil {
		return err
	}
	return sizes(r, at)
}

func sizes(r map[string]any, at string) error {
	for _, k := range []string{"headersSize", "bodySize"} {
		v, err := number(r, k, at)
		if err != nil {
			return err
		}
		if v < -1 {
			return fmt.Errorf("%s.%s: expected a size or -1, got %g", at, k, v)
		}
	}
	return nil
}

// only rejects fields the spec does not name, unless custom ("_x").
func only(m map[string]any, at string, allowed ...string) error {
	for k := range m {
		if strings.HasPrefix(k, "_") {
			continue
		}
		known := false
		for _, a := range allowed {
			known = known || a == k
		}
		if !known {
			return fmt.Errorf("%s: unexpected field %q (custom fields start with \"_\")", at, k)
		}
	}
	return nil
}

func object(m map[string]any, key, at string) (map[string]any, error) {
	o, ok := m[key].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%s: expected an object, got %T", strings.TrimPrefix(at+"."+key, "."), m[key])
	}
	return o, nil
}

func number(m map[string]any, key, at string) (float64, error) {
	v, ok := m[key].(float64)
	if !ok {
		return 0, fmt.Errorf("%s.%s: expected a number, got %T", at, key, m[key])
	}
	return v, nil
}

func strs(m map[string]any, at string, keys ...string) error {
	for _, k := range keys {
		if _, ok := m[k].(string); !ok {
			return fmt.Errorf("%s.%s: expected a string, got %T", at, k, m[k])
		}
	}
	return nil
}

// pairs checks an array of {name, value} objects (headers, cookies, query).
func pairs(m map[string]any, key, at string) error {
	list, ok := m[key].([]any)
	if !ok {
		return fmt.Errorf("%s.%s: expected an array, got %T", at, key, m[key])
	}
	for i, item := range list {
		p, ok := item.(map[string]any)
		if !ok {
			return fmt.Errorf("%s.%s[%d]: expected an object, got %T", at, key, i, item)
		}
		if err := strs(p, fmt.Sprintf("%s.%s[%d]", at, key, i), "name", "value"); err != nil {
			return err
		}
	}
	return nil
}
