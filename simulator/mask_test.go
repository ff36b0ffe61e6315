package simulator

import (
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestMaskerMask(t *testing.T) {
	const known = "cnt_pt_AAAAbbbbCCCCddddEEEEffffGGGGhhhhIIIIjjj"
	const admin = "admin-secret-42"
	m := NewMasker(known, admin, "", "abc")
	tests := []struct {
		name, in, want string
	}{
		{"known provisioning token", "token " + known + " here", "token cnt_pt_…[masked] here"},
		{"admin token has no prefix", "x=" + admin, "x=[masked]"},
		{"unknown prefixed token still masked", "leak cnt_pt_zzzZZZ999_-x end", "leak cnt_pt_…[masked] end"},
		{"bearer credential in free text", "Authorization was Bearer abcdefghijklmnopqrstuvwxyz.123", "Authorization was Bearer [masked]"},
		{"authorization header line masked whole", "> Authorization: Basic dXNlcjpwYXNz\n> Accept: x", "> Authorization: Bearer [masked]\n> Accept: x"},
		{"www-authenticate challenge stays readable", `WWW-Authenticate: Bearer realm="scim"`, `WWW-Authenticate: Bearer realm="scim"`},
		{"short secrets are ignored", "abc def", "abc def"},
		{"masking is idempotent", "cnt_pt_…[masked]", "cnt_pt_…[masked]"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, m.Mask(tt.in))
		})
	}
}

func TestMaskerNilMasksByPattern(t *testing.T) {
	var m *Masker
	assert.Equal(t, "cnt_pt_…[masked]", m.Mask("cnt_pt_abcdefgh"))
	assert.Equal(t, 0, m.Known())
	m.Add("ignored") // must not panic
}

func TestMaskerLongestSecretFirst(t *testing.T) {
	m := NewMasker("secret-one", "secret-one-and-more")
	assert.Equal(t, "[[masked]]", m.Mask("[secret-one-and-more]"))
}

func TestMaskHeaderValue(t *testing.T) {
	m := NewMasker()
	tests := []struct{ name, header, value, want string }{
		{"bearer", "Authorization", "Bearer anything", "Bearer [masked]"},
		{"lower-case header", "authorization", "bearer x", "Bearer [masked]"},
		{"other scheme", "Authorization", "Basic Zm9vOmJhcg==", "[masked]"},
		{"empty", "Authorization", "", ""},
		{"ordinary header", "Accept", "application/scim+json", "application/scim+json"},
		{"token in another header", "X-Debug", "cnt_pt_abcdef", "cnt_pt_…[masked]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, m.MaskHeaderValue(tt.header, tt.value))
		})
	}
}

func TestMaskerConcurrent(t *testing.T) {
	m := NewMasker()
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			s := fmt.Sprintf("secret-number-%d", i)
			m.Add(s)
			assert.Equal(t, "[masked]", m.Mask(s))
		}(i)
	}
	wg.Wait()
	assert.Equal(t, 8, m.Known())
}
