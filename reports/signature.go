package reports

import (
	"encoding/json"
	"regexp"
	"sort"
	"strings"
)

// Signature is what a failure says once the run's own data is taken out:
// the values the scenario sent (userNames, group names, emails), ids,
// timestamps, hosts and ports, numbers. Two scenarios failing the same way
// against the same defect get the same signature, whatever the seed.
// It returns the normalised failure line and the normalised failing step.
func Signature(s Scenario) (failure, step string) {
	sent := sentValues(s.Exchanges)
	failure = s.FailureLine()
	if failure == "" {
		failure = string(s.Status)
	}
	return normalise(failure, sent), normalise(s.FailedStep, sent)
}

// Placeholders that stand for the run's data in a signature.
const (
	phID    = "‹id›"
	phTime  = "‹time›"
	phHost  = "‹host›"
	phEmail = "‹email›"
	phNum   = "‹n›"
	phDur   = "‹duration›"
	phList  = "[…]"
	phValue = "‹value sent›"
)

var (
	reTime  = regexp.MustCompile(`\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?`)
	reUUID  = regexp.MustCompile(`(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)
	reHost  = regexp.MustCompile(`(?i)\bhttps?://[^/\s"'<>]+`)
	reEmail = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}`)
	reHex   = regexp.MustCompile(`\b[0-9a-fA-F]*[0-9][0-9a-fA-F]*[a-fA-F][0-9a-fA-F]*\b|\b[0-9a-fA-F]*[a-fA-F][0-9a-fA-F]*[0-9][0-9a-fA-F]*\b`)
	reIP    = regexp.MustCompile(`\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b|\[[0-9a-fA-F:]*:[0-9a-fA-F:]*\](?::\d+)?`)
	reDur   = regexp.MustCompile(`\b(?:\d+(?:\.\d+)?(?:h|m|s|ms|µs|ns))+\b`)
	// standalone numbers only: "v2" in a path and "rfc7644" are names, and
	// so are RFC numbers and sections ("RFC 7644 §3.5.2"), matched here to be kept
	reNum = regexp.MustCompile(`(?:RFC ?|§)\d+(?:\.\d+)*|\b\d+(?:\.\d+)?\b`)
	// a list of values ("[]", "[id1 id2]", a JSON array): how many and
	// which vary from run to run, what the list is about does not.
	reList  = regexp.MustCompile(`\[[^\[\]]*\]`)
	reSpace = regexp.MustCompile(`\s+`)
	// HTTP status codes are what a check is about ("expected 201, got
	// 400"): they stay, other numbers go.
	reStatus = regexp.MustCompile(`^[1-5]\d\d$`)
)

// normalise replaces the run's data in text by placeholders.
func normalise(text string, sent []sentValue) string {
	for _, v := range sent {
		text = strings.ReplaceAll(text, v.value, v.placeholder)
	}
	text = reTime.ReplaceAllString(text, phTime)
	text = reHost.ReplaceAllString(text, phHost)
	text = reIP.ReplaceAllString(text, phHost)
	text = reUUID.ReplaceAllString(text, phID)
	text = reEmail.ReplaceAllString(text, phEmail)
	text = reHex.ReplaceAllStringFunc(text, func(m string) string {
		if len(m) < 8 {
			return m
		}
		return phID
	})
	text = reDur.ReplaceAllString(text, phDur)
	text = reNum.ReplaceAllStringFunc(text, func(m string) string {
		if reStatus.MatchString(m) || strings.HasPrefix(m, "RFC") || strings.HasPrefix(m, "§") {
			return m
		}
		return phNum
	})
	for {
		next := reList.ReplaceAllStringFunc(text, func(m string) string {
			if m == phList || m == "[masked]" {
				return m
			}
			return phList
		})
		if next == text {
			break
		}
		text = next
	}
	return strings.TrimSpace(reSpace.ReplaceAllString(text, " "))
}

// sentValue is one value a scenario sent and what stands in for it.
type sentValue struct {
	value, placeholder string
}

// minSentLen keeps short values ("add", "work", "true") out of the
// replacement: they are vocabulary, not data.
const minSentLen = 4

// sentValues collects the string values of the scenario's request bodies,
// longest first so a value containing another is replaced whole.
func sentValues(exchanges []Exchange) []sentValue {
	seen := map[string]string{}
	for _, ex := range exchanges {
		var doc any
		if ex.RequestBody == "" || json.Unmarshal([]byte(ex.RequestBody), &doc) != nil {
			continue
		}
		collectStrings(doc, "", seen)
	}
	out := make([]sentValue, 0, len(seen))
	for v, ph := range seen {
		out = append(out, sentValue{v, ph})
	}
	sort.Slice(out, func(i, j int) bool {
		if len(out[i].value) != len(out[j].value) {
			return len(out[i].value) > len(out[j].value)
		}
		return out[i].value < out[j].value
	})
	return out
}

func collectStrings(doc any, key string, seen map[string]string) {
	switch v := doc.(type) {
	case map[string]any:
		for k, child := range v {
			collectStrings(child, k, seen)
		}
	case []any:
		for _, child := range v {
			collectStrings(child, key, seen)
		}
	case string:
		if !isData(key, v) {
			return
		}
		ph := phValue
		switch strings.ToLower(key) {
		case "username":
			ph = "‹userName›"
		case "displayname":
			ph = "‹displayName›"
		case "externalid":
			ph = "‹externalId›"
		}
		if old, ok := seen[v]; !ok || old == phValue {
			seen[v] = ph
		}
	}
}

// isData tells the run's data from the protocol's vocabulary: schema URNs,
// op names, paths and booleans are what a message is about.
func isData(key, v string) bool {
	if len(v) < minSentLen || strings.HasPrefix(v, "urn:") {
		return false
	}
	switch strings.ToLower(key) {
	case "op", "path", "schemas", "type", "$ref", "method", "bulkid", "version":
		return false
	}
	switch strings.ToLower(v) {
	case "true", "false", "null", "work", "home", "other", "mobile":
		return false
	}
	return true
}
