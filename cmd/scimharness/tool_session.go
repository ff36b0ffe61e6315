package main

import (
	"context"
	"fmt"
	"io"

	"github.com/scimharness/scimharness/harness"
	"github.com/scimharness/scimharness/sandbox"
	"github.com/scimharness/scimharness/simulator"
)

// toolSession is what `load` and `converge` start from: console output
// masked with every secret the run learns, the embedded attribute profile,
// and the target's endpoint (an embedded sandbox without SCIM_BASE_URL).
type toolSession struct {
	m           *simulator.Masker
	out, errOut io.Writer
	profile     simulator.Profile
	ep          *harness.Endpoint
}

// openToolSession prints the transport and opens the endpoint; on failure
// it has said why on stderr, prefixed with the command's name, and returns
// the exit status. The caller closes s.ep.
func openToolSession(ctx context.Context, name string, t harness.Target, tr harness.Transport, faults []sandbox.Fault, stdout, stderr io.Writer) (s *toolSession, code int) {
	m := simulator.NewMasker()
	s = &toolSession{m: m, out: &maskWriter{w: stdout, m: m}, errOut: &maskWriter{w: stderr, m: m}}
	profile, err := simulator.DefaultProfile()
	if err != nil {
		fmt.Fprintf(s.errOut, "scimharness %s: %v\n", name, err)
		return nil, exitUsage
	}
	s.profile = profile
	harness.PrintTransport(s.out, tr)
	if s.ep, err = harness.OpenEndpoint(ctx, t, tr, m, faults...); err != nil {
		fmt.Fprintf(s.errOut, "scimharness %s: usage: %v\n", name, err)
		return nil, exitUsage
	}
	return s, 0
}
