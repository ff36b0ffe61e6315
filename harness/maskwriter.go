package harness

import (
	"io"

	"github.com/scimharness/scimharness/simulator"
)

// maskingWriter masks secrets in everything written to the console. Steps
// already mask what they report; this catches what they did not foresee.
// godog writes each message in one call, so masking per Write is enough.
type maskingWriter struct {
	w io.Writer
	m *simulator.Masker
}

func (mw maskingWriter) Write(p []byte) (int, error) {
	if _, err := io.WriteString(mw.w, mw.m.Mask(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}
