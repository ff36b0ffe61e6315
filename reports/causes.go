package reports

import (
	"sort"
	"strings"
)

// Cause is one defect as a QA lead reads it: the scenarios whose first
// failing assertion reads the same once the run's data (ids, names sent,
// numbers, hosts, times) is taken out. One fault in the target that breaks
// fourteen scenarios is one Cause with fourteen scenarios, not fourteen
// lines.
type Cause struct {
	Signature string     // the normalised failure line every scenario under it reported
	Step      string     // the failing step, as the first scenario wrote it
	Promise   string     // the contract promise or RFC section it breaks (its section)
	Promises  []TagCount // every promise its scenarios carry, most frequent first
	Scenarios []Scenario // in run order
}

// TagCount is a tag and how many scenarios of a cause carry it.
type TagCount struct {
	Tag   string
	Count int
}

// CauseSection holds the causes whose main promise is Promise.
type CauseSection struct {
	Promise string
	Title   string // the feature title of the promise's first scenario: the promise in words
	Level   string // MUST/SHOULD/MAY for RFC sections, "" otherwise
	Causes  []Cause
}

// Count is the number of scenarios in the section.
func (s CauseSection) Count() int {
	n := 0
	for _, c := range s.Causes {
		n += len(c.Scenarios)
	}
	return n
}

// FailureCauses groups the run's unexpected failures by cause, in sections
// per contract promise or RFC section.
func (r Run) FailureCauses() []CauseSection {
	return GroupCauses(r.failuresWhere(func(s Scenario) bool { return s.Expected == nil }))
}

// ExpectedCauses groups the failures an expectations file names (known
// deviations): shown apart, they do not fail the run.
func (r Run) ExpectedCauses() []CauseSection {
	return GroupCauses(r.failuresWhere(func(s Scenario) bool { return s.Expected != nil }))
}

func (r Run) failuresWhere(keep func(Scenario) bool) []Scenario {
	var out []Scenario
	for _, s := range r.Failures() {
		if keep(s) {
			out = append(out, s)
		}
	}
	return out
}

// ErrorCauses groups the scenarios a transport error or harness bug
// stopped: they say nothing about the target and are kept apart.
func (r Run) ErrorCauses() []CauseSection {
	return GroupCauses(r.filter(func(s Status) bool { return s == Errored }))
}

// GroupCauses groups scenarios by the signature of their first failing
// assertion (failing step and failure line, normalised), then files each
// cause under the promise most of its scenarios check. The IdP dialect
// scenarios re-check contract promises in another IdP's words, so a cause
// they share with a contract scenario joins the contract's section rather
// than being split per dialect.
func GroupCauses(scenarios []Scenario) []CauseSection {
	index := map[string]int{}
	var causes []Cause
	for _, s := range scenarios {
		sig, step := Signature(s)
		key := step + "\n" + sig
		i, ok := index[key]
		if !ok {
			i = len(causes)
			index[key] = i
			causes = append(causes, Cause{Signature: sig, Step: s.FailedStep})
		}
		causes[i].Scenarios = append(causes[i].Scenarios, s)
	}

	sections := map[string]*CauseSection{}
	var order []string
	for _, c := range causes {
		c.Promises, c.Promise = promiseTally(c.Scenarios)
		sec, ok := sections[c.Promise]
		if !ok {
			sec = &CauseSection{Promise: c.Promise}
			for _, s := range c.Scenarios {
				if s.Promise() == c.Promise || c.Promise == idpSection {
					sec.Title, sec.Level = s.Feature, s.Level()
					break
				}
			}
			sections[c.Promise] = sec
			order = append(order, c.Promise)
		}
		sec.Causes = append(sec.Causes, c)
	}
	out := make([]CauseSection, 0, len(order))
	for _, p := range order {
		sec := *sections[p]
		sort.SliceStable(sec.Causes, func(i, j int) bool { return len(sec.Causes[i].Scenarios) > len(sec.Causes[j].Scenarios) })
		out = append(out, sec)
	}
	sort.SliceStable(out, func(i, j int) bool {
		ri, rj := promiseRank(out[i].Promise), promiseRank(out[j].Promise)
		if ri != rj {
			return ri < rj
		}
		return out[i].Count() > out[j].Count()
	})
	return out
}

// idpSection files causes seen only in IdP dialect scenarios.
const idpSection = "@idp"

// promiseTally counts the promise tags of scenarios and picks the section:
// the most frequent contract or RFC promise, else the IdP dialects. On a
// tie, the promise whose scenario shows the failure soonest (fewest steps
// before it) wins: the most direct reproduction of the defect.
func promiseTally(scenarios []Scenario) (tally []TagCount, main string) {
	counts, soonest := map[string]int{}, map[string]int{}
	var order []string
	for _, s := range scenarios {
		seen := map[string]bool{}
		at := failingStep(s)
		for _, t := range s.Tags {
			if !isPromiseTag(t) || seen[t] {
				continue
			}
			seen[t] = true
			if counts[t] == 0 {
				order = append(order, t)
				soonest[t] = at
			}
			counts[t]++
			soonest[t] = min(soonest[t], at)
		}
	}
	for _, t := range order {
		tally = append(tally, TagCount{Tag: t, Count: counts[t]})
	}
	sort.SliceStable(tally, func(i, j int) bool {
		if tally[i].Count != tally[j].Count {
			return tally[i].Count > tally[j].Count
		}
		return soonest[tally[i].Tag] < soonest[tally[j].Tag]
	})
	for _, tc := range tally {
		if !strings.HasPrefix(tc.Tag, "@idp-") {
			return tally, tc.Tag
		}
	}
	if len(tally) == 0 {
		return tally, ""
	}
	return tally, idpSection
}

// failingStep is the index of the scenario's first failed step, or a
// large number when its steps were not recorded.
func failingStep(s Scenario) int {
	for i, st := range s.Steps {
		if st.Status.IsFailure() || st.Status == Errored {
			return i
		}
	}
	return 1 << 20
}

// promiseRank orders sections: the contract first, then the RFCs, then
// what only IdP dialect scenarios saw, then untagged scenarios.
func promiseRank(p string) int {
	switch {
	case strings.HasPrefix(p, "@contract-"):
		return 0
	case strings.HasPrefix(p, "@rfc"):
		return 1
	case p == idpSection:
		return 2
	}
	return 3
}
