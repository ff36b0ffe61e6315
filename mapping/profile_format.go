package mapping

import (
	"errors"

	"github.com/scimharness/scimharness/simulator"
)

// ParseProfileMapping reads our own profile format (fixtures/profile.json)
// as a mapping: each row with a "source" says which IdP attribute feeds its
// SCIM path. The profile's "required" column is not used here: what Cantara
// requires comes from the target, never from the customer's file.
func ParseProfileMapping(name string, data []byte) (*Mapping, error) {
	p, err := simulator.ParseProfile(data)
	if err != nil {
		var pe *simulator.ProfileError
		if errors.As(err, &pe) {
			return nil, &InputError{File: name, Line: pe.Line, Column: pe.Column, Problem: pe.Error()}
		}
		return nil, &InputError{File: name, Problem: err.Error()}
	}
	m := &Mapping{File: name, Format: FormatProfile, Dialect: "generic", MaybeEmpty: genericMaybeEmpty}
	for _, a := range p.Attributes {
		if a.Source == "" {
			continue // the profile does not say what feeds it: not mapped
		}
		line, col := a.Position()
		r := Row{N: len(m.Rows) + 1, Line: line, Column: col, Target: a.SCIM}
		sourceRow(&r, a.Source)
		m.Rows = append(m.Rows, r)
	}
	if len(m.Rows) == 0 {
		return nil, &InputError{File: name, Line: 1, Column: 1, Problem: "expected at least one attribute with a \"source\" (the IdP attribute that feeds it, e.g. {\"scim\": \"locale\", \"source\": \"preferredLanguage\"}), got none"}
	}
	return m, nil
}
