package simulator

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestExchangeString(t *testing.T) {
	const secret = "cnt_pt_SECRETsecretSECRETsecretSECRETsecret12"
	m := NewMasker(secret)
	big := `{"detail":"` + strings.Repeat("x", 9000) + `"}`
	tests := []struct {
		name     string
		ex       *Exchange
		contains []string
		absent   []string
	}{
		{
			name: "request and response with secrets",
			ex: &Exchange{
				Method: "POST", URL: "https://h/scim/v2/t/Users",
				RequestHeader: http.Header{"Authorization": {"Bearer " + secret}, "Content-Type": {"application/scim+json"}},
				RequestBody:   []byte(`{"userName":"a@example.com","note":"` + secret + `"}`),
				Status:        201, ResponseHeader: http.Header{"Location": {"https://h/Users/1"}},
				ResponseBody: []byte(`{"id":"1"}`), Duration: 12 * time.Millisecond, masker: m,
			},
			contains: []string{"> POST https://h/scim/v2/t/Users", "> Authorization: Bearer [masked]", `>   "userName": "a@example.com"`, "cnt_pt_…[masked]", "< 201 Created (12ms)", "< Location: https://h/Users/1", `<   "id": "1"`},
			absent:   []string{secret},
		},
		{
			name:     "transport error",
			ex:       &Exchange{Method: "GET", URL: "http://127.0.0.1:1/Users", Err: errors.New("connection refused"), masker: m},
			contains: []string{"< transport error", "connection refused"},
		},
		{
			name:     "big bodies are cut",
			ex:       &Exchange{Method: "GET", URL: "u", Status: 200, ResponseBody: []byte(big), masker: m},
			contains: []string{"more bytes truncated"},
		},
		{
			name:     "retry attempt is shown",
			ex:       &Exchange{Method: "GET", URL: "u", Status: 200, Attempt: 2},
			contains: []string{"attempt 2"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.ex.String()
			for _, c := range tt.contains {
				assert.Contains(t, s, c)
			}
			for _, a := range tt.absent {
				assert.NotContains(t, s, a)
			}
			assert.Less(t, len(s), 9000+2000)
		})
	}
}

func TestExchangeSummaryAndNil(t *testing.T) {
	var e *Exchange
	assert.Equal(t, "(no exchange)", e.String())
	ex := &Exchange{Method: "DELETE", URL: "u/1", Status: 204, Duration: time.Millisecond}
	assert.Equal(t, "DELETE u/1 → 204 (1ms)", ex.Summary())
}
