package harness

import (
	"crypto/tls"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scimharness/scimharness/simulator"
)

// writeCertPEM writes ts's self-signed certificate as a PEM file, the way
// a QA team exports its test environment's CA.
func writeCertPEM(t *testing.T, ts *httptest.Server) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "ca.pem")
	data := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ts.Certificate().Raw})
	require.NoError(t, os.WriteFile(file, data, 0o600))
	return file
}

func TestParseTimeout(t *testing.T) {
	tests := []struct {
		in      string
		want    time.Duration
		wantErr string
	}{
		{"45s", 45 * time.Second, ""},
		{" 1m30s ", 90 * time.Second, ""},
		{"250ms", 250 * time.Millisecond, ""},
		{"30", 0, `expected a duration such as 30s or 1m, got "30"`},
		{"soon", 0, `expected a duration such as 30s or 1m, got "soon"`},
		{"", 0, `expected a duration such as 30s or 1m, got ""`},
		{"0s", 0, `expected a duration greater than zero, got "0s"`},
		{"-5s", 0, `expected a duration greater than zero, got "-5s"`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseTimeout(tt.in)
			if tt.wantErr == "" {
				require.NoError(t, err)
				assert.Equal(t, tt.want, got)
				return
			}
			require.Error(t, err)
			assert.True(t, IsConfigError(err))
			assert.Contains(t, err.Error(), settingTimeout+": "+tt.wantErr)
		})
	}
}

func TestParseInsecure(t *testing.T) {
	tests := []struct {
		in      string
		want    bool
		wantErr bool
	}{
		{"", false, false}, {"0", false, false}, {"false", false, false}, {"no", false, false},
		{"1", true, false}, {"TRUE", true, false}, {" yes ", true, false}, {"on", true, false},
		{"2", false, true}, {"maybe", false, true},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%q", tt.in), func(t *testing.T) {
			got, err := ParseInsecure(tt.in)
			if tt.wantErr {
				require.Error(t, err)
				assert.True(t, IsConfigError(err))
				assert.Contains(t, err.Error(), settingInsecure+": expected 1 or 0")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestNewHTTPClientConfigErrors(t *testing.T) {
	dir := t.TempDir()
	noCerts := filepath.Join(dir, "empty.pem")
	require.NoError(t, os.WriteFile(noCerts, []byte("not a certificate\n"), 0o600))
	tests := []struct {
		name    string
		tr      Transport
		setting string
		problem string
	}{
		{"missing CA file", Transport{CAFile: filepath.Join(dir, "missing.pem")}, settingCAFile, "expected a readable PEM file, got open " + filepath.Join(dir, "missing.pem")},
		{"CA file is a directory", Transport{CAFile: dir}, settingCAFile, "expected a readable PEM file, got read " + dir},
		{"CA file without certificates", Transport{CAFile: noCerts}, settingCAFile, "expected PEM-encoded certificates (-----BEGIN CERTIFICATE-----) in " + noCerts + ", got none"},
		{"negative timeout", Transport{Timeout: -time.Second}, settingTimeout, "expected a duration greater than zero, got -1s"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hc, err := newHTTPClient(tt.tr)
			assert.Nil(t, hc)
			var ce *ConfigError
			require.ErrorAs(t, err, &ce)
			assert.Equal(t, tt.setting, ce.Setting)
			assert.Contains(t, ce.Problem, tt.problem)
		})
	}
}

// TestNewHTTPClientTrust: the client trusts exactly what the settings say,
// proven against a server with a self-signed certificate.
func TestNewHTTPClientTrust(t *testing.T) {
	ts := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	}))
	defer ts.Close()
	ca := writeCertPEM(t, ts)
	tests := []struct {
		name        string
		tr          Transport
		wantTimeout time.Duration
		wantCertErr bool
	}{
		{"defaults: system roots only", Transport{}, simulator.DefaultTimeout, true},
		{"CA file trusted", Transport{CAFile: ca, Timeout: 45 * time.Second}, 45 * time.Second, false},
		{"verification off", Transport{InsecureSkipVerify: true}, simulator.DefaultTimeout, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hc, err := newHTTPClient(tt.tr)
			require.NoError(t, err)
			assert.Equal(t, tt.wantTimeout, hc.Timeout)
			tr, ok := hc.Transport.(*http.Transport)
			require.True(t, ok)
			assert.Equal(t, tt.tr.InsecureSkipVerify, tr.TLSClientConfig.InsecureSkipVerify)
			assert.GreaterOrEqual(t, tr.TLSClientConfig.MinVersion, uint16(tls.VersionTLS12))

			resp, err := hc.Get(ts.URL)
			if tt.wantCertErr {
				require.Error(t, err)
				why, ok := certificateProblem(err)
				assert.True(t, ok, "expected a certificate problem, got %v", err)
				assert.Contains(t, why, "--ca-file / SCIM_CA_FILE")
				return
			}
			require.NoError(t, err)
			_ = resp.Body.Close()
			assert.Equal(t, http.StatusNoContent, resp.StatusCode)
		})
	}
}

func TestCertificateProblemIgnoresOtherErrors(t *testing.T) {
	for _, err := range []error{
		errors.New("connection refused"),
		fmt.Errorf("%w: GET x: %w", simulator.ErrTransport, errors.New("context deadline exceeded")),
	} {
		_, ok := certificateProblem(err)
		assert.False(t, ok, "%v is not a certificate problem", err)
	}
}

func TestPrintTransport(t *testing.T) {
	tests := []struct {
		name    string
		tr      Transport
		want    []string
		notWant []string
	}{
		{"defaults print nothing", Transport{}, nil, []string{"WARNING", "trusted CAs", "timeout"}},
		{"CA file", Transport{CAFile: "ca.pem"}, []string{"trusted CAs: the system roots and ca.pem"}, []string{"WARNING"}},
		{"insecure is loud", Transport{InsecureSkipVerify: true, CAFile: "ca.pem"}, []string{strings.Repeat("!", 78), insecureWarning, "ca.pem is not used"}, []string{"trusted CAs"}},
		{"timeout", Transport{Timeout: 45 * time.Second}, []string{"request timeout: 45s\n"}, []string{"Okta"}},
		{"timeout beyond the IdP bound", Transport{Timeout: 90 * time.Second}, []string{"request timeout: 1m30s (longer than Okta's 60s socket timeout"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			printTransport(&b, tt.tr)
			for _, w := range tt.want {
				assert.Contains(t, b.String(), w)
			}
			for _, w := range tt.notWant {
				assert.NotContains(t, b.String(), w)
			}
		})
	}
}
