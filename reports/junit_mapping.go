package reports

import (
	"fmt"
	"strings"
)

// mappingSuite is `run --mapping`'s check as a JUnit testsuite, so a CI
// dashboard that reads junit.xml alone shows why a run whose scenarios all
// passed failed: one testcase for the verdict, one per required attribute
// of the dry run (stable names, tracked across runs), each failure typed
// by whose fault it is.
func mappingSuite(m *MappingCheck) junitSuite {
	s := junitSuite{Name: "IdP mapping check: " + m.File, Time: seconds(0),
		Properties: &junitPropList{Props: []junitProp{{Name: "file", Value: m.File}, {Name: "verdict", Value: m.Verdict}}}}
	verdict := junitTestCase{Name: "mapping verdict", Classname: s.Name, Time: seconds(0)}
	switch {
	case m.Passed():
	case m.NotRun != "" || m.Verdict == "errored":
		verdict.Error = &junitMessage{Message: m.Summary, Type: "errored", Text: m.Text}
	default:
		verdict.Failure = &junitMessage{Message: m.Summary, Type: m.Verdict, Text: mappingFindingsText(m)}
	}
	s.Cases = append(s.Cases, verdict)
	if m.DryRun != nil {
		for _, a := range m.DryRun.Attributes {
			s.Cases = append(s.Cases, mappingAttributeCase(s.Name, a))
		}
	}
	for _, c := range s.Cases {
		s.Tests++
		switch {
		case c.Failure != nil:
			s.Failures++
		case c.Error != nil:
			s.Errors++
		}
	}
	return s
}

// mappingAttributeCase fails when a sample user's Cantara account does not
// show the attribute, typed by whose fault the most frequent verdict is;
// only transport trouble is an error.
func mappingAttributeCase(suite string, a MappingAttribute) junitTestCase {
	c := junitTestCase{Name: "dry run: " + a.Attribute, Classname: suite, Time: seconds(0)}
	if a.OK == a.Users || len(a.Verdicts) == 0 {
		return c
	}
	parts := make([]string, 0, len(a.Verdicts))
	for _, v := range a.Verdicts {
		parts = append(parts, fmt.Sprintf("%d %s (%s)", v.Count, v.Verdict, BlameWords(v.Blame)))
	}
	msg := fmt.Sprintf("expected all %d sample users' accounts to show %s, got %d: %s", a.Users, a.Attribute, a.OK, strings.Join(parts, ", "))
	text := fmt.Sprintf("sent %d/%d, stored by SCIM %d/%d, shown on the Cantara account %d/%d", a.Sent, a.Users, a.Stored, a.Users, a.Shown, a.Users)
	if top := a.Verdicts[0]; top.Blame == BlameHarness {
		c.Error = &junitMessage{Message: msg, Type: "errored", Text: text}
	} else {
		c.Failure = &junitMessage{Message: msg, Type: top.Blame, Text: text}
	}
	return c
}

// mappingFindingsText lists the findings for the verdict's failure text.
func mappingFindingsText(m *MappingCheck) string {
	var b strings.Builder
	for _, f := range m.Findings {
		fmt.Fprintf(&b, "%s [%s, %s] %s\n  why: %s\n  fix: %s\n", strings.ToUpper(f.Severity), f.Code, BlameWords(f.Blame), f.Message, f.Why, f.Fix)
	}
	return b.String()
}
