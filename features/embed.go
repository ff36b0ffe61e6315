// Package features carries the Gherkin scenarios inside the binary, so
// `scimharness run` works from any directory.
package features

import "embed"

// FS holds every *.feature file below this directory.
//
//go:embed all:*
var FS embed.FS
