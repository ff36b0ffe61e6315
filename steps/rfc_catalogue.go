package steps

// The RFC requirement catalogue (fixtures/rfc/requirements.json): what
// every @req-<id> tag of the RFC features refers to. The harness reads it
// to print requirement text next to scenarios (`run --list`) and in
// reports.

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"strings"
)

// CataloguePath is where the catalogue sits in the fixtures FS.
const CataloguePath = "rfc/requirements.json"

// Requirement is one normative statement of RFC 7643 or RFC 7644.
type Requirement struct {
	ID               string `json:"id"`      // RFC7644-3.4.2.2-filter-operators; tagged @req-<ID>
	Level            string `json:"level"`   // MUST (also SHALL, REQUIRED, MUST NOT), SHOULD or MAY
	Section          string `json:"section"` // "3.4.2.2"; scenarios carry @rfc<RFC>-<Section>
	RFC              string `json:"rfc"`     // "7643" or "7644"
	Text             string `json:"text"`    // the requirement, quoted as closely as one line allows
	Testable         bool   `json:"testable"`
	UntestableReason string `json:"untestable_reason,omitempty"`
}

// Tag is the scenario tag naming this requirement.
func (r Requirement) Tag() string { return "@req-" + r.ID }

// SectionTag is the scenario tag naming this requirement's section.
func (r Requirement) SectionTag() string { return "@rfc" + r.RFC + "-" + r.Section }

// LevelTag is the scenario tag of this requirement's level (@must, ...).
func (r Requirement) LevelTag() string { return "@" + strings.ToLower(r.Level) }

// LoadCatalogue reads and validates the catalogue from fsys (fixtures.FS).
func LoadCatalogue(fsys fs.FS) ([]Requirement, error) {
	data, err := fs.ReadFile(fsys, CataloguePath)
	if err != nil {
		return nil, fmt.Errorf("expected the requirement catalogue at %s, got %w", CataloguePath, err)
	}
	var reqs []Requirement
	if err := json.Unmarshal(data, &reqs); err != nil {
		return nil, fmt.Errorf("expected %s to be a JSON array of requirements, got %w", CataloguePath, err)
	}
	seen := map[string]bool{}
	for i, r := range reqs {
		if err := r.validate(); err != nil {
			return nil, fmt.Errorf("%s entry %d (%s): %w", CataloguePath, i, r.ID, err)
		}
		if seen[r.ID] {
			return nil, fmt.Errorf("%s: expected unique ids, got %s twice", CataloguePath, r.ID)
		}
		seen[r.ID] = true
	}
	return reqs, nil
}

func (r Requirement) validate() error {
	switch {
	case r.RFC != "7643" && r.RFC != "7644":
		return fmt.Errorf("expected rfc 7643 or 7644, got %q", r.RFC)
	case r.Level != "MUST" && r.Level != "SHOULD" && r.Level != "MAY":
		return fmt.Errorf("expected level MUST, SHOULD or MAY, got %q", r.Level)
	case r.Section == "" || strings.ContainsAny(r.Section, " -"):
		return fmt.Errorf("expected a dotted section number, got %q", r.Section)
	case !strings.HasPrefix(r.ID, "RFC"+r.RFC+"-"+r.Section+"-"):
		return fmt.Errorf("expected the id to start with RFC%s-%s-, got %q", r.RFC, r.Section, r.ID)
	case strings.TrimSpace(r.Text) == "":
		return fmt.Errorf("expected the requirement text, got none")
	case !r.Testable && strings.TrimSpace(r.UntestableReason) == "":
		return fmt.Errorf("expected an untestable requirement to say why, got no untestable_reason")
	case r.Testable && r.UntestableReason != "":
		return fmt.Errorf("expected no untestable_reason on a testable requirement, got %q", r.UntestableReason)
	}
	return nil
}
