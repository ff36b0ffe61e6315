package sandbox

import (
	"bytes"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"
)

// handlerSeeds are starting points for the HTTP fuzzer: real shapes, so
// mutations stay close to inputs that reach deep code.
var handlerSeeds = []struct{ method, path, body string }{
	{"POST", "/Users", `{"userName":"a","emails":[{"type":"work","value":"a@x","primary":true}],"active":"False"}`},
	{"PUT", "/Users/{uid}", `{"userName":"a","name":{"givenName":"g"},"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"manager":"x"}}`},
	{"PATCH", "/Users/{uid}", `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"Replace","path":"emails[type eq \"work\"].value","value":"x"}]}`},
	{"PATCH", "/Groups/{gid}", `{"Operations":[{"op":"remove","path":"members[value eq \"{uid}\"]"},{"op":"add","value":{"members":[{"value":"{uid}"}]}}]}`},
	{"GET", "/Users?filter=userName+eq+%22a%22&startIndex=-1&count=99999&sortBy=name.givenName", ""},
	{"GET", "/Groups?excludedAttributes=members&filter=displayName%20eq%20%22g%22", ""},
	{"POST", "/Users/.search", `{"filter":"emails[type eq \"work\"] and not (active eq false)","count":2}`},
	{"POST", "/Groups", `{"displayName":"g","members":[{"value":"{uid}"}]}`},
	{"DELETE", "/Users/{uid}", ""},
	{"GET", "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User", ""},
	// Hostile shapes (issue 12): control characters, broken text, foreign
	// schemas, deep nesting, a method the endpoint does not serve.
	{"POST", "/Users", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:x:y"],"userName":"a\u0000b","displayName":"\ud800"}`},
	{"PATCH", "/Users/{uid}", `{"Operations":[{"op":"add","path":"emails[((((type eq \"work\"))))].value","value":"x\u001b"},{"op":"add","path":"emails","value":[{"type":"work","value":"d"},{"type":"work","value":"d"}]}]}`},
	{"GET", "/Users?filter=((((userName+eq+%22a%22))))", ""},
	{"DELETE", "/Groups", ""},
}

// checkHandler sends one request to a sandbox holding a user and a group and
// fails on any 5xx or on a SCIM answer that is not a JSON document.
func checkHandler(t *testing.T, e *env, uid, gid, method, path, body string) {
	path = strings.NewReplacer("{uid}", uid, "{gid}", gid).Replace(path)
	body = strings.NewReplacer("{uid}", uid, "{gid}", gid).Replace(body)
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	req, err := http.NewRequest(method, "http://sandbox.test/scim/v2/"+e.tenant+path, bytes.NewReader([]byte(body)))
	if err != nil {
		return // not a request a client could send
	}
	req.Header.Set("Authorization", "Bearer "+e.token)
	req.Header.Set("Content-Type", "application/scim+json")
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	require.Less(t, rec.Code, 500, "%s %s %q → %d %s", method, path, body, rec.Code, rec.Body.String())
	if rec.Code == http.StatusMethodNotAllowed {
		require.NotEmpty(t, rec.Header().Get("Allow"), "expected a 405 to carry Allow (RFC 9110 §15.5.6)")
	}
	if rec.Code >= 400 {
		// Client input is echoed clipped (engine.MaxEcho per value), so no
		// error document grows with the request.
		require.Less(t, rec.Body.Len(), 4096, "expected a short error document, got %d bytes", rec.Body.Len())
	}
	if rec.Code != http.StatusNoContent && rec.Code != http.StatusNotModified {
		require.True(t, gjson.Valid(rec.Body.String()), "expected a JSON body, got %q", rec.Body.String())
		require.Equal(t, "application/scim+json", rec.Header().Get("Content-Type"))
	}
}

func fuzzEnv(t *testing.T) (*env, string, string) {
	e := newEnv(t)
	uid := e.createUser("seed")
	gid := e.createGroup("seedgroup", uid)
	return e, uid, gid
}

// FuzzHandler: go test -run x -fuzz FuzzHandler -fuzztime 2m ./sandbox
func FuzzHandler(f *testing.F) {
	for _, s := range handlerSeeds {
		f.Add(s.method, s.path, s.body)
	}
	f.Fuzz(func(t *testing.T, method, path, body string) {
		e, uid, gid := fuzzEnv(t)
		checkHandler(t, e, uid, gid, method, path, body)
	})
}

// TestHandlerRandomInputs runs the fuzzer's property on deterministic
// random mutations under plain `go test`.
func TestHandlerRandomInputs(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	methods := []string{"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
	e, uid, gid := fuzzEnv(t)
	for i := range 3000 {
		s := handlerSeeds[rng.IntN(len(handlerSeeds))]
		method := s.method
		if rng.IntN(4) == 0 {
			method = methods[rng.IntN(len(methods))]
		}
		path, body := mutate(rng, s.path), mutate(rng, s.body)
		checkHandler(t, e, uid, gid, method, path, body)
		if i%500 == 499 { // refresh the seed objects, which a mutated DELETE may have removed
			e, uid, gid = fuzzEnv(t)
		}
	}
}

// mutate flips, drops, duplicates or inserts a few bytes.
func mutate(rng *rand.Rand, s string) string {
	b := []byte(s)
	alphabet := []byte(`{}[]":,.\ 0aZ-+%eqtrufalsn` + "\x00\xff")
	for range rng.IntN(4) {
		if len(b) == 0 {
			b = append(b, alphabet[rng.IntN(len(alphabet))])
			continue
		}
		i := rng.IntN(len(b))
		switch rng.IntN(4) {
		case 0:
			b[i] = alphabet[rng.IntN(len(alphabet))]
		case 1:
			b = append(b[:i], b[i+1:]...)
		case 2:
			b = append(b[:i], append([]byte{alphabet[rng.IntN(len(alphabet))]}, b[i:]...)...)
		case 3:
			j := i + rng.IntN(len(b)-i)
			b = append(b[:j], append(append([]byte{}, b[i:j]...), b[j:]...)...)
		}
	}
	return string(b)
}
