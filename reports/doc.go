// Package reports turns the results of one harness run into files a person
// or a CI server reads: the console summary (also summary.txt) and JUnit XML
// with skip reasons. It also scans the report directory for secrets, because
// a token in a published report is a harness bug, never a conformance result.
//
// It knows nothing about godog, HTTP or the sandbox; the harness fills the
// result model.
package reports
