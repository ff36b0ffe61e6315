package reports

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"
)

// JUnit XML is written here rather than by godog's junit formatter because
// godog (v0.16.0) reports a skipped scenario as an <error type="skipped">
// per step, never fills the skipped counts and loses the skip reason; CI
// servers then show "errors" for scenarios that merely could not run.

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Errors   int          `xml:"errors,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Errors     int             `xml:"errors,attr"`
	Time       string          `xml:"time,attr"`
	Properties *junitPropList  `xml:"properties,omitempty"`
	Cases      []junitTestCase `xml:"testcase"`
}

type junitPropList struct {
	Props []junitProp `xml:"property"`
}

type junitProp struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitTestCase struct {
	Name       string         `xml:"name,attr"`
	Classname  string         `xml:"classname,attr"`
	Time       string         `xml:"time,attr"`
	Properties *junitPropList `xml:"properties,omitempty"` // the stable id, for tools that track a case across runs
	Failure    *junitMessage  `xml:"failure,omitempty"`
	Error      *junitMessage  `xml:"error,omitempty"`
	Skipped    *junitMessage  `xml:"skipped,omitempty"`
	SystemErr  string         `xml:"system-err,omitempty"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",cdata"`
}

// WriteJUnit writes the run as JUnit XML: one testsuite per feature, one
// testcase per scenario. A failure carries the promise tag as its type, the
// "expected X, got Y" line as its message and the full masked transcript as
// its text; a skip carries its reason.
func WriteJUnit(w io.Writer, r Run) error {
	doc := junitSuites{Name: "scimharness", Time: seconds(r.Duration)}
	byURI := map[string]int{}
	var dur []time.Duration
	for _, f := range r.Features() {
		byURI[f.URI] = len(doc.Suites)
		doc.Suites = append(doc.Suites, junitSuite{
			Name: f.Name, Tests: f.Total, Failures: f.Unexpected(), Errors: f.Errored, Skipped: f.Skipped + f.NotApplicable + f.Expected,
			Properties: &junitPropList{Props: []junitProp{{Name: "file", Value: f.URI}}},
		})
		dur = append(dur, 0)
		doc.Tests += f.Total
		doc.Failures += f.Unexpected()
		doc.Errors += f.Errored
		doc.Skipped += f.Skipped + f.NotApplicable + f.Expected
	}

	seen := map[string]int{}
	for _, s := range r.Scenarios {
		seen[s.URI+"\x00"+s.Name]++
	}
	for _, s := range r.Scenarios {
		i := byURI[s.URI]
		tc := junitTestCase{Name: s.Name, Classname: s.Feature, Time: seconds(s.Duration)}
		if s.ID != "" {
			tc.Properties = &junitPropList{Props: []junitProp{{Name: "id", Value: s.ID}}}
		}
		if seen[s.URI+"\x00"+s.Name] > 1 {
			// outline rows share a title; the stable id keeps test case names unique
			tc.Name = fmt.Sprintf("%s [%s]", s.Name, s.ID)
		}
		if len(s.CleanupErrors) > 0 {
			tc.SystemErr = "cleanup failures (the outcome stands, the target may keep test data):\n" + strings.Join(s.CleanupErrors, "\n")
		}
		switch {
		case s.Status.IsFailure() && s.Expected != nil:
			// A known deviation: CI shows it without failing the build.
			tc.Skipped = &junitMessage{Message: "expected failure (" + s.Expected.Reason + "): " + s.FailureLine()}
		case s.Status == Errored:
			tc.Error = &junitMessage{Message: s.FailureLine(), Type: "errored", Text: s.Failure}
		case s.Status == NotApplicable:
			tc.Skipped = &junitMessage{Message: "not applicable: " + s.SkipReason}
		case s.Status.IsFailure():
			msg := s.FailureLine()
			if msg == "" {
				msg = string(s.Status)
			}
			text := s.Failure
			if s.FailedStep != "" {
				text = "Step: " + s.FailedStep + "\n" + text
			}
			tc.Failure = &junitMessage{Message: msg, Type: failureType(s), Text: text}
		case s.Status == Skipped:
			reason := s.SkipReason
			if reason == "" {
				reason = "no reason recorded"
			}
			tc.Skipped = &junitMessage{Message: reason}
		}
		doc.Suites[i].Cases = append(doc.Suites[i].Cases, tc)
		dur[i] += s.Duration
	}
	for i := range doc.Suites {
		doc.Suites[i].Time = seconds(dur[i])
	}
	if r.Mapping != nil {
		ms := mappingSuite(r.Mapping)
		doc.Suites = append(doc.Suites, ms)
		doc.Tests += ms.Tests
		doc.Failures += ms.Failures
		doc.Errors += ms.Errors
	}

	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("write junit: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("write junit: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// failureType names what broke: the promise tag when there is one, else the
// godog status (undefined step, pending step...).
func failureType(s Scenario) string {
	if reqs := s.Requirements(); len(reqs) > 0 {
		return strings.Join(reqs, " ")
	}
	return string(s.Status)
}

func seconds(d time.Duration) string {
	return fmt.Sprintf("%.3f", d.Seconds())
}
