package steps

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"strings"
	"sync"

	"github.com/scimharness/scimharness/fixtures"
)

// PromisesPath is the contract promise catalogue in the fixtures FS: the
// sentence of cantara-contract.md each @contract-<promise> tag checks.
const PromisesPath = "contract/promises.json"

// Promise is one promise of the contract.
type Promise struct {
	Tag     string `json:"tag"`     // @contract-<promise>
	Section string `json:"section"` // of cantara-contract.md
	Text    string `json:"text"`
}

// LoadPromises reads and validates the promise catalogue from fsys.
func LoadPromises(fsys fs.FS) ([]Promise, error) {
	data, err := fs.ReadFile(fsys, PromisesPath)
	if err != nil {
		return nil, fmt.Errorf("expected the promise catalogue at %s, got %w", PromisesPath, err)
	}
	var out []Promise
	if err := json.Unmarshal(data, &out); err != nil {
		return nil, fmt.Errorf("expected %s to be a JSON array of promises, got %w", PromisesPath, err)
	}
	seen := map[string]bool{}
	for i, p := range out {
		switch {
		case !strings.HasPrefix(p.Tag, "@contract-"):
			return nil, fmt.Errorf("%s entry %d: expected a @contract- tag, got %q", PromisesPath, i, p.Tag)
		case strings.TrimSpace(p.Text) == "":
			return nil, fmt.Errorf("%s entry %d (%s): expected the promise's text, got none", PromisesPath, i, p.Tag)
		case seen[p.Tag]:
			return nil, fmt.Errorf("%s: expected unique tags, got %s twice", PromisesPath, p.Tag)
		}
		seen[p.Tag] = true
	}
	return out, nil
}

// requirementTexts maps a tag (@req-<id> or @contract-<promise>) to the
// text it stands for, read once from the embedded catalogues.
var requirementTexts = sync.OnceValues(func() (map[string]string, error) {
	out := map[string]string{}
	reqs, err := LoadCatalogue(fixtures.FS)
	if err != nil {
		return nil, err
	}
	for _, r := range reqs {
		out[r.Tag()] = r.Level + ": " + r.Text
	}
	promises, err := LoadPromises(fixtures.FS)
	if err != nil {
		return nil, err
	}
	for _, p := range promises {
		out[p.Tag] = p.Text
	}
	return out, nil
})

// RequirementText is what a scenario with tags checks, in words: the
// sentences of its @req- requirement ids (RFC scenarios), else of its
// contract promise. "" when no tag names a catalogued requirement.
func RequirementText(tags []string) string {
	texts, err := requirementTexts()
	if err != nil {
		return "" // the catalogue tests fail loudly; a report stays readable
	}
	var reqs, promises []string
	for _, t := range tags {
		text, ok := texts[t]
		switch {
		case !ok:
		case strings.HasPrefix(t, "@req-"):
			reqs = append(reqs, text)
		default:
			promises = append(promises, text)
		}
	}
	if len(reqs) > 0 {
		return strings.Join(reqs, " | ")
	}
	return strings.Join(promises, " | ")
}
