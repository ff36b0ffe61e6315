package harness

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/scimharness/scimharness/simulator"
)

// Transport is how the harness reaches the target: which TLS certificates
// it trusts and how long one request may take. Test environments of
// Cantara often use a private CA or a self-signed certificate, and can be
// slow. The zero value trusts the system roots and waits
// simulator.DefaultTimeout.
type Transport struct {
	CAFile             string        // SCIM_CA_FILE / --ca-file: PEM bundle trusted in addition to the system roots
	InsecureSkipVerify bool          // SCIM_INSECURE_SKIP_VERIFY / --insecure-skip-verify: never the default
	Timeout            time.Duration // SCIM_TIMEOUT / --timeout, per request; 0 → simulator.DefaultTimeout
}

// Setting names of the transport options, as a user types them.
const (
	settingCAFile   = "SCIM_CA_FILE (--ca-file)"
	settingInsecure = "SCIM_INSECURE_SKIP_VERIFY (--insecure-skip-verify)"
	settingTimeout  = "SCIM_TIMEOUT (--timeout)"
)

// IdPTimeoutBound is the longest a real IdP documents waiting for an
// answer (Okta's 60 s socket timeout, docs/idp-dialects.md): a target
// slower than that fails in production whatever the harness allows.
const IdPTimeoutBound = 60 * time.Second

// ParseTimeout reads SCIM_TIMEOUT / --timeout: a Go duration ("45s",
// "1m30s") greater than zero.
func ParseTimeout(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, &ConfigError{Setting: settingTimeout, Problem: fmt.Sprintf("expected a duration such as 30s or 1m, got %q", s)}
	}
	if d <= 0 {
		return 0, &ConfigError{Setting: settingTimeout, Problem: fmt.Sprintf("expected a duration greater than zero, got %q", s)}
	}
	return d, nil
}

// ParseInsecure reads SCIM_INSECURE_SKIP_VERIFY: 1/true/yes switch
// verification off, 0/false/no or empty leave it on.
func ParseInsecure(s string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "0", "false", "no", "off":
		return false, nil
	case "1", "true", "yes", "on":
		return true, nil
	}
	return false, &ConfigError{Setting: settingInsecure, Problem: fmt.Sprintf("expected 1 or 0 (true or false), got %q", s)}
}

// newHTTPClient builds the one HTTP client every request of the run goes
// through: discovery, the scenarios' SCIM and admin calls, the run token.
// Its Timeout is the per-request timeout; steps hand it to the simulator.
func newHTTPClient(tr Transport) (*http.Client, error) {
	timeout := tr.Timeout
	switch {
	case timeout < 0:
		return nil, &ConfigError{Setting: settingTimeout, Problem: fmt.Sprintf("expected a duration greater than zero, got %s", timeout)}
	case timeout == 0:
		timeout = simulator.DefaultTimeout
	}
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if tr.CAFile != "" {
		pool, err := caPool(tr.CAFile)
		if err != nil {
			return nil, err
		}
		cfg.RootCAs = pool
	}
	// The user asked for it, for a test environment; the warning is loud.
	cfg.InsecureSkipVerify = tr.InsecureSkipVerify
	base, ok := http.DefaultTransport.(*http.Transport)
	if !ok {
		return nil, errors.New("build the HTTP client: http.DefaultTransport is not an *http.Transport")
	}
	t := base.Clone()
	t.TLSClientConfig = cfg
	t.MaxIdleConnsPerHost = maxIdleConnsPerHost
	return &http.Client{Transport: t, Timeout: timeout}, nil
}

// caPool is the system roots plus every certificate in file. A file that
// cannot be read or holds no certificate is a configuration error: a run
// that silently trusted only the system roots would fail every request.
func caPool(file string) (*x509.CertPool, error) {
	pem, err := os.ReadFile(file)
	if err != nil {
		return nil, &ConfigError{Setting: settingCAFile, Problem: fmt.Sprintf("expected a readable PEM file, got %v", err)}
	}
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool() // no system roots on this machine: the file alone
	}
	if !pool.AppendCertsFromPEM(pem) {
		return nil, &ConfigError{Setting: settingCAFile, Problem: fmt.Sprintf("expected PEM-encoded certificates (-----BEGIN CERTIFICATE-----) in %s, got none", file)}
	}
	return pool, nil
}

// insecureWarning is what the console and the summary header say while
// certificate verification is off.
const insecureWarning = "WARNING: TLS certificate verification is OFF (--insecure-skip-verify / SCIM_INSECURE_SKIP_VERIFY): anyone between the harness and the target can read the tokens; use it only in a test environment, prefer --ca-file"

// printTransport announces the transport settings that differ from the
// defaults, the insecure one loudly, before any request is made.
func printTransport(w io.Writer, tr Transport) {
	if tr.InsecureSkipVerify {
		bar := strings.Repeat("!", 78)
		fmt.Fprintf(w, "%s\n%s\n%s\n", bar, insecureWarning, bar)
		if tr.CAFile != "" {
			fmt.Fprintf(w, "note: %s is not used while verification is off\n", tr.CAFile)
		}
	} else if tr.CAFile != "" {
		fmt.Fprintf(w, "trusted CAs: the system roots and %s\n", tr.CAFile)
	}
	if tr.Timeout > 0 {
		fmt.Fprintf(w, "request timeout: %s", tr.Timeout)
		if tr.Timeout > IdPTimeoutBound {
			fmt.Fprintf(w, " (longer than Okta's %.0fs socket timeout: a real IdP gives up sooner)", IdPTimeoutBound.Seconds())
		}
		fmt.Fprintln(w)
	}
}

// certificateProblem explains a failure to verify the target's TLS
// certificate, with what to do about it; ok is false for any other error.
func certificateProblem(err error) (string, bool) {
	var (
		unknown  x509.UnknownAuthorityError
		hostname x509.HostnameError
		invalid  x509.CertificateInvalidError
		verify   *tls.CertificateVerificationError
	)
	var why string
	switch {
	case errors.As(err, &unknown):
		why = "it is signed by an authority the harness does not trust (a private CA or a self-signed certificate?)"
	case errors.As(err, &hostname):
		why = "it is not valid for the host name: " + hostname.Error()
	case errors.As(err, &invalid):
		why = "it is not valid: " + invalid.Error()
	case errors.As(err, &verify):
		why = "it did not verify: " + verify.Error()
	default:
		return "", false
	}
	return "expected a TLS certificate the harness trusts, got one it cannot verify: " + why +
		"; give the CA's PEM bundle with --ca-file / SCIM_CA_FILE (or, in a test environment only, --insecure-skip-verify)", true
}
