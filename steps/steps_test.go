package steps

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/cucumber/godog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"

	"github.com/scimharness/scimharness/reports"
	"github.com/scimharness/scimharness/simulator"
)

// testToken looks like a real provisioning token, so the pattern masking
// and the Masker's own list both have to hold.
const testToken = "cnt_pt_Q2FudGFyYVRlc3RUb2tlbkZvclVuaXRUZXN0c09ubHkx"

// fakeSCIM is a tiny SCIM endpoint: bearer auth, one fixed user, lists,
// and a log of the raw request URIs so encoding can be checked.
type fakeSCIM struct {
	mu   sync.Mutex
	uris []string
}

func (f *fakeSCIM) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.uris = append(f.uris, r.Method+" "+r.URL.RequestURI())
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/scim+json")
	if r.Header.Get("Authorization") != "Bearer "+testToken {
		w.Header().Set("WWW-Authenticate", `Bearer realm="scim"`)
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"401","detail":"token refused"}`)
		return
	}
	switch {
	case r.URL.Path == "/scim/v2/t1/ServiceProviderConfig":
		fmt.Fprint(w, `{"patch":{"supported":true},"filter":{"supported":true,"maxResults":200},"sort":{"supported":false},"etag":{"supported":false},"bulk":{"supported":false},"changePassword":{"supported":false}}`)
	case r.URL.Path == "/scim/v2/t1/Users" && r.Method == http.MethodGet:
		// Echo the token back in the body to prove transcripts mask it.
		fmt.Fprintf(w, `{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":0,"Resources":[],"echo":%q}`, testToken)
	case r.URL.Path == "/scim/v2/t1/Users/missing":
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":404,"detail":"no such user"}`)
	default:
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"404"}`)
	}
}

func (f *fakeSCIM) requests() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.uris...)
}

// testEnv is an Env against srv without admin API, clock or sandbox.
func testEnv(t *testing.T, srv *httptest.Server) *Env {
	t.Helper()
	profile, err := simulator.DefaultProfile()
	require.NoError(t, err)
	return &Env{
		Target:  Target{BaseURL: srv.URL + "/scim/v2/t1", Token: testToken},
		Caps:    Capabilities{Reasons: map[string]string{"admin": "no admin API given (CANTARA_ADMIN_URL / --admin-url)"}},
		Seed:    42,
		Masker:  simulator.NewMasker(),
		Profile: profile,
		Results: NewResults(),
		Log:     &bytes.Buffer{},
	}
}

func testWorld(t *testing.T, env *Env) *World {
	t.Helper()
	w, err := newWorld(env, "unit", 7)
	require.NoError(t, err)
	return w
}

func TestCheckGates(t *testing.T) {
	env := &Env{
		Target: Target{ExpiredToken: "cnt_pt_expiredexpiredexpired"},
		Caps: Capabilities{
			Admin: true,
			SPC:   ServiceProviderConfig{Patch: true},
			Reasons: map[string]string{
				"clock":   "the target has no sandbox clock (GET /admin/v1/clock answered 404)",
				"sandbox": "the target is not the embedded sandbox",
			},
		},
	}
	tests := []struct {
		name    string
		tags    []string
		reasons []string
		wantErr string
	}{
		{name: "no gating tags", tags: []string{"@contract-groups"}},
		{name: "capability present", tags: []string{"@needs-admin", "@needs-patch", "@needs-expired-token"}},
		{name: "clock missing", tags: []string{"@needs-admin", "@needs-clock"},
			reasons: []string{"needs the sandbox clock: the target has no sandbox clock (GET /admin/v1/clock answered 404)"}},
		{name: "two missing, in tag order", tags: []string{"@sandbox-only", "@needs-sort", "@needs-revoked-token"},
			reasons: []string{
				"runs only against the embedded sandbox: the target is not the embedded sandbox",
				"needs sort: the target's ServiceProviderConfig says sort.supported is false",
				"needs a deleted token: none given (SCIM_REVOKED_TOKEN / --revoked-token)",
			}},
		{name: "unknown gating tag is an error", tags: []string{"@needs-admni"}, wantErr: "got @needs-admni"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			reasons, err := checkGates(env, tc.tags)
			if tc.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.wantErr)
				assert.Contains(t, err.Error(), "@needs-admin", "the error lists the known tags")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.reasons, reasons)
		})
	}
}

// TestTenantURLShape: scenarios that name a sibling tenant URL run only
// when the base URL has the contract's /scim/v2/<TenantID> shape.
func TestTenantURLShape(t *testing.T) {
	for base, want := range map[string]bool{
		"https://cip7.cantara.cloud/scim/v2/acme":  true,
		"https://cip7.cantara.cloud/SCIM/V2/acme/": true,
		"http://127.0.0.1:8080/x/scim/v2/t-1":      true,
		"https://scim.example.com/scim/v2":         false,
		"https://scim.example.com/v2":              false,
		"https://scim.example.com/":                false,
		"::not a url":                              false,
	} {
		assert.Equal(t, want, hasTenantURLShape(base), base)
		_, reason := gates["@needs-tenant-url"](&Env{Target: Target{BaseURL: base}})
		assert.Contains(t, reason, "/scim/v2/<TenantID>")
	}
}

func TestCleanupsRunLastInFirstOutEvenAfterFailures(t *testing.T) {
	srv := httptest.NewServer(&fakeSCIM{})
	defer srv.Close()
	w := testWorld(t, testEnv(t, srv))
	var order []string
	step := func(name string, err error) func(context.Context) error {
		return func(context.Context) error { order = append(order, name); return err }
	}
	w.Defer("first", step("first", nil))
	w.Defer("second", step("second", errors.New("expected 204, got 500 for token "+testToken)))
	w.Defer("third", func(context.Context) error { order = append(order, "third"); panic("boom") })
	w.Defer("fourth", step("fourth", nil))

	failures := w.runCleanups(context.Background())

	assert.Equal(t, []string{"fourth", "third", "second", "first"}, order)
	require.Len(t, failures, 2)
	assert.Contains(t, failures[0], `cleanup "third": panic: boom`)
	assert.Contains(t, failures[1], `cleanup "second": expected 204, got 500`)
	assert.NotContains(t, failures[1], testToken)
	assert.Empty(t, w.runCleanups(context.Background()), "a stack runs once")
}

func TestSubstitute(t *testing.T) {
	srv := httptest.NewServer(&fakeSCIM{})
	defer srv.Close()
	w := testWorld(t, testEnv(t, srv))
	w.Users["alice"] = &simulator.User{ID: "u-1", UserName: "alice.smith@example.com", GivenName: "Alice"}
	w.Groups["eng"] = &simulator.Group{ID: "g-9", DisplayName: "Engineering"}
	w.Vars["aliceId"] = "u-1"

	tests := []struct {
		in, want, wantErr string
	}{
		{in: "/Users/{aliceId}", want: "/Users/u-1"},
		{in: "{alice.userName}", want: "alice.smith@example.com"},
		{in: "{alice.USERNAME:upper}", want: "ALICE.SMITH@EXAMPLE.COM"},
		{in: "{eng.displayName:lower} {eng.id}", want: "engineering g-9"},
		{in: "no placeholders {", want: "no placeholders {"},
		{in: "{bob.userName}", wantErr: `expected a user or group named "bob"`},
		{in: "{alice.password}", wantErr: `got "password"`},
		{in: "{nothing}", wantErr: `expected a remembered value named "nothing", got none (remembered: aliceId)`},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := w.substitute(tc.in)
			if tc.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestResolvePathEncodesQueryWithPercent20(t *testing.T) {
	srv := httptest.NewServer(&fakeSCIM{})
	defer srv.Close()
	w := testWorld(t, testEnv(t, srv))
	w.Users["alice"] = &simulator.User{UserName: "a.b+c@example.com"}

	tests := []struct {
		raw, path, query string
	}{
		{raw: "/Users", path: "/Users"},
		{raw: `/Users?filter=userName eq "{alice.userName}"`, path: "/Users", query: "filter=userName%20eq%20%22a.b%2Bc%40example.com%22"},
		{raw: "/Users?startIndex=1&count=2", path: "/Users", query: "startIndex=1&count=2"},
		{raw: "/Users?attributes", path: "/Users", query: "attributes"},
	}
	for _, tc := range tests {
		t.Run(tc.raw, func(t *testing.T) {
			path, query, err := w.resolvePath(tc.raw)
			require.NoError(t, err)
			assert.Equal(t, tc.path, path)
			assert.Equal(t, tc.query, query)
		})
	}
}

func TestMismatchMasksTokensAndAttachesTranscript(t *testing.T) {
	srv := httptest.NewServer(&fakeSCIM{})
	defer srv.Close()
	w := testWorld(t, testEnv(t, srv))
	ctx := withWorld(context.Background(), w)
	ctx, err := sendPlain(ctx, http.MethodGet, "/Users")
	require.NoError(t, err)

	_, err = responseStatusIs(ctx, 201)
	require.Error(t, err)
	msg := err.Error()
	assert.True(t, strings.HasPrefix(msg, "response status: expected 201, got 200\n\n"), msg)
	assert.Contains(t, msg, "> GET "+srv.URL+"/scim/v2/t1/Users")
	assert.NotContains(t, msg, testToken)
	assert.Contains(t, msg, simulator.TokenPrefix+"…[masked]", "the echoed token is masked, not dropped")

	attached := w.takeAttachments()
	require.Len(t, attached, 1)
	assert.Equal(t, "text/plain", attached[0].MediaType)
	assert.Contains(t, string(attached[0].Body), "< 200 OK")
	assert.NotContains(t, string(attached[0].Body), testToken)
}

func TestTokenOfKind(t *testing.T) {
	srv := httptest.NewServer(&fakeSCIM{})
	defer srv.Close()
	env := testEnv(t, srv)
	env.Target.RevokedToken = "cnt_pt_revokedrevokedrevokedrevoked"
	w := testWorld(t, env)
	w.SetToken("second", "cnt_pt_secondsecondsecondsecond")

	tests := []struct {
		kind, want, wantErr string
	}{
		{kind: "valid", want: testToken},
		{kind: "revoked", want: "cnt_pt_revokedrevokedrevokedrevoked"},
		{kind: "deleted", want: "cnt_pt_revokedrevokedrevokedrevoked"},
		{kind: "second", want: "cnt_pt_secondsecondsecondsecond"},
		{kind: "malformed", want: "not a token"},
		{kind: "expired", wantErr: `got "expired"`},
	}
	for _, tc := range tests {
		t.Run(tc.kind, func(t *testing.T) {
			got, err := w.tokenOfKind(tc.kind)
			if tc.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
	unknown, err := w.tokenOfKind("unknown")
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(unknown, simulator.TokenPrefix))
	assert.Len(t, unknown, len(simulator.TokenPrefix)+43)
	assert.Equal(t, "cnt_pt_…[masked]", env.Masker.Mask(unknown), "a generated token is registered with the Masker")
}

func TestJSONLiteralMatchesByType(t *testing.T) {
	body := `{"n":0,"s":"0","t":true,"f":false,"z":null,"x":1.5}`
	tests := []struct {
		path, literal string
		want          bool
	}{
		{"n", "0", true},
		{"s", "0", false},
		{"t", "true", true},
		{"f", "true", false},
		{"f", "false", true},
		{"z", "null", true},
		{"missing", "null", false},
		{"x", "1.5", true},
	}
	for _, tc := range tests {
		t.Run(tc.path+"="+tc.literal, func(t *testing.T) {
			assert.Equal(t, tc.want, jsonLiteralMatches(gjsonGet(body, tc.path), tc.literal))
		})
	}
}

func TestDiscover(t *testing.T) {
	srv := httptest.NewServer(&fakeSCIM{})
	defer srv.Close()
	m := simulator.NewMasker()

	caps, err := Discover(context.Background(), Target{BaseURL: srv.URL + "/scim/v2/t1", Token: testToken}, m)
	require.NoError(t, err)
	assert.True(t, caps.SPC.Patch)
	assert.True(t, caps.SPC.Filter)
	assert.False(t, caps.SPC.Sort)
	assert.Equal(t, 200, caps.SPC.MaxResults)
	assert.False(t, caps.Admin)
	assert.Contains(t, caps.Reason("admin"), "CANTARA_ADMIN_URL")
	assert.False(t, caps.Clock)

	_, err = Discover(context.Background(), Target{BaseURL: srv.URL + "/scim/v2/t1", Token: "cnt_pt_wrongwrongwrongwrongwrong"}, m)
	require.ErrorIs(t, err, ErrTargetConfig)
	assert.Contains(t, err.Error(), "got 401")
	assert.NotContains(t, err.Error(), "cnt_pt_wrongwrong")
}

func TestTenantFromBaseURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://cip7.cantara.cloud/scim/v2/acme":  "acme",
		"https://cip7.cantara.cloud/scim/v2/acme/": "acme",
		"http://127.0.0.1:8080/scim/v2/t-1?x=y":    "t-1",
	} {
		assert.Equal(t, want, TenantFromBaseURL(in), in)
	}
	assert.Equal(t, "given", Target{TenantID: "given", BaseURL: "https://h/scim/v2/other"}.Tenant())
}

// suiteFeatures exercises hooks and generic steps through godog itself.
const suiteFeatures = `Feature: Unit suite
  Scenario: passes
    When the client sends GET "/Users?filter=userName eq \"nobody@example.com\""
    Then the response status is 200
    And the response JSON "totalResults" is 0
    And the response header "Content-Type" contains "application/scim+json"
    And I remember the response JSON "totalResults" as "total"
    And a cleanup "a" is registered
    And a cleanup "b" is registered

  Scenario: refused without a token
    When the client sends GET "/Users" without a token
    Then the response is a SCIM error with status "401"
    And the response header "WWW-Authenticate" contains "Bearer"

  Scenario: fails with a transcript
    Given a cleanup "c" is registered
    When the client sends GET "/Users"
    Then the response status is 201
    And a cleanup "never" is registered

  Scenario: numeric error status is caught
    When the client sends GET "/Users/missing"
    Then the response is a SCIM error with status "404"

  @needs-admin
  Scenario: gated
    Given a cleanup "gated" is registered

  @needs-adminn
  Scenario: typo in a gating tag
    Given a cleanup "typo" is registered

  Scenario: undefined step
    Given something nobody defined
`

func TestSuiteRecordsOutcomesAndRunsCleanups(t *testing.T) {
	fake := &fakeSCIM{}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	env := testEnv(t, srv)
	featureFS := fstest.MapFS{"unit.feature": {Data: []byte(suiteFeatures)}}

	var mu sync.Mutex
	var cleaned []string
	var out bytes.Buffer
	suite := godog.TestSuite{
		ScenarioInitializer: func(sc *godog.ScenarioContext) {
			InitializeScenario(env)(sc)
			sc.Step(`^a cleanup "([^"]*)" is registered$`, func(ctx context.Context, name string) error {
				w, err := mustWorld(ctx)
				if err != nil {
					return err
				}
				w.Defer(name, func(context.Context) error {
					mu.Lock()
					defer mu.Unlock()
					cleaned = append(cleaned, name)
					return nil
				})
				return nil
			})
		},
		Options: &godog.Options{
			Format: "cucumber", Output: &out, Strict: true, NoColors: true,
			FS: featureFS, Paths: []string{"unit.feature"},
		},
	}
	defer env.Results.Attach(&suite)()
	assert.Equal(t, 1, suite.Run(), "the suite fails")

	byName := map[string]reports.Scenario{}
	for _, r := range env.Results.Scenarios() {
		byName[r.Name] = r
		assert.Equal(t, "Unit suite", r.Feature, "feature name read from the FS")
	}
	require.Len(t, byName, 7)
	assert.Equal(t, reports.Passed, byName["passes"].Status, byName["passes"].Failure)
	assert.Equal(t, reports.Passed, byName["refused without a token"].Status, byName["refused without a token"].Failure)

	failed := byName["fails with a transcript"]
	assert.Equal(t, reports.Failed, failed.Status)
	assert.Contains(t, failed.Failure, "response status: expected 201, got 200")
	assert.Contains(t, failed.Failure, "> GET ")
	assert.NotContains(t, failed.Failure, testToken)

	numeric := byName["numeric error status is caught"]
	assert.Equal(t, reports.Failed, numeric.Status)
	assert.Contains(t, numeric.Failure, `error status: expected the string "404", got 404`)

	gated := byName["gated"]
	assert.Equal(t, reports.Skipped, gated.Status)
	assert.Equal(t, "needs the admin API: no admin API given (CANTARA_ADMIN_URL / --admin-url)", gated.SkipReason)

	assert.Equal(t, reports.Errored, byName["typo in a gating tag"].Status, "a feature's mistake is not the target's failure")
	assert.Contains(t, byName["typo in a gating tag"].Failure, "@needs-adminn")
	assert.Equal(t, reports.Undefined, byName["undefined step"].Status)

	// The one record carries every step and every exchange, masked, each
	// exchange naming the step that made it.
	assert.Equal(t, "unit.feature/fails-with-a-transcript", failed.ID)
	assert.Equal(t, "generic", failed.Dialect)
	var steps []string
	for _, st := range failed.Steps {
		steps = append(steps, st.Keyword+st.Text+" → "+string(st.Status))
	}
	assert.Equal(t, []string{
		`Given a cleanup "c" is registered → passed`,
		`When the client sends GET "/Users" → passed`,
		`Then the response status is 201 → failed`,
		`And a cleanup "never" is registered → skipped`,
	}, steps)
	assert.Contains(t, failed.Steps[2].Error, "expected 201, got 200")
	require.Len(t, failed.Exchanges, 1)
	ex := failed.Exchanges[0]
	assert.Equal(t, 1, ex.Step)
	assert.Equal(t, "GET", ex.Method)
	assert.Equal(t, 200, ex.Status)
	assert.Contains(t, ex.RequestHeaders, reports.Header{Name: "Authorization", Value: "Bearer [masked]"})
	assert.NotContains(t, ex.ResponseBody, testToken, "the echoed token is masked")
	assert.Contains(t, ex.ResponseBody, "echo")
	passes := byName["passes"]
	require.Len(t, passes.Exchanges, 1)
	assert.Equal(t, 0, passes.Exchanges[0].Step)

	assert.Equal(t, reports.Counts{Total: 7, Passed: 2, Failed: 3, Errored: 1, Skipped: 1}, env.Results.Counts())

	mu.Lock()
	assert.Equal(t, []string{"b", "a", "c"}, cleaned, "LIFO per scenario; gated scenarios never ran a step")
	mu.Unlock()

	// The query went out with %20, as the step promises.
	assert.Contains(t, fake.requests(), `GET /scim/v2/t1/Users?filter=userName%20eq%20%22nobody%40example.com%22`)

	// The cucumber report carries the masked transcript of the failed step.
	assert.NotContains(t, out.String(), testToken)
	var report []struct {
		Elements []struct {
			Name  string `json:"name"`
			Steps []struct {
				Embeddings []struct {
					Name string `json:"name"`
					Data string `json:"data"`
				} `json:"embeddings"`
			} `json:"steps"`
		} `json:"elements"`
	}
	require.NoError(t, json.Unmarshal(out.Bytes(), &report))
	var transcripts []string
	for _, feature := range report {
		for _, el := range feature.Elements {
			for _, st := range el.Steps {
				for _, e := range st.Embeddings {
					data, err := base64.StdEncoding.DecodeString(e.Data)
					require.NoError(t, err)
					assert.NotContains(t, string(data), testToken)
					if el.Name == "fails with a transcript" && e.Name == "http-exchange.txt" {
						transcripts = append(transcripts, string(data))
					}
				}
			}
		}
	}
	require.Len(t, transcripts, 1)
	assert.Contains(t, transcripts[0], "< 200 OK")
	assert.Contains(t, transcripts[0], "Authorization: Bearer [masked]")
}

func gjsonGet(body, path string) gjson.Result { return gjson.Get(body, path) }

// TestInterruptedRunSkipsTheRest: after Ctrl-C the scenarios that had not
// started did not run, so they are skipped with that reason, never failed.
func TestInterruptedRunSkipsTheRest(t *testing.T) {
	fake := &fakeSCIM{}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	env := testEnv(t, srv)
	featureFS := fstest.MapFS{"unit.feature": {Data: []byte(suiteFeatures)}}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	suite := godog.TestSuite{
		ScenarioInitializer: InitializeScenario(env),
		Options: &godog.Options{
			Format: "progress", Output: io.Discard, NoColors: true, DefaultContext: ctx,
			FS: featureFS, Paths: []string{"unit.feature"},
		},
	}
	defer env.Results.Attach(&suite)()
	suite.Run()
	results := env.Results.Scenarios()
	require.NotEmpty(t, results)
	for _, r := range results {
		if r.Name == "typo in a gating tag" {
			assert.Equal(t, reports.Errored, r.Status, "a feature error is still reported")
			continue
		}
		assert.Equal(t, reports.Skipped, r.Status, r.Name)
		assert.Equal(t, "the run was interrupted before this scenario started", r.SkipReason, r.Name)
	}
	assert.Empty(t, fake.requests(), "nothing was sent after the interrupt")
}

// TestOptionalFeatureDeclined: a MAY feature the target declines with a
// listed status is a skip with the reason; any other answer is checked.
func TestOptionalFeatureDeclined(t *testing.T) {
	fake := &fakeSCIM{}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	env := testEnv(t, srv)
	featureFS := fstest.MapFS{"may.feature": {Data: []byte(`Feature: Optional
  Scenario: declined
    When the client sends GET "/Users/missing"
    And the target may decline this optional feature with 404, 501
    Then the response status is 200

  Scenario: offered, then checked
    When the client sends GET "/Users"
    And the target may decline this optional feature with 404, 501
    Then the response status is 201
`)}}
	suite := godog.TestSuite{
		ScenarioInitializer: InitializeScenario(env),
		Options: &godog.Options{Format: "progress", Output: io.Discard, NoColors: true, Strict: true,
			FS: featureFS, Paths: []string{"may.feature"}},
	}
	defer env.Results.Attach(&suite)()
	suite.Run()
	byName := map[string]reports.Scenario{}
	for _, r := range env.Results.Scenarios() {
		byName[r.Name] = r
	}
	assert.Equal(t, reports.Skipped, byName["declined"].Status)
	assert.Contains(t, byName["declined"].SkipReason, "declines this optional (RFC MAY) feature")
	assert.Contains(t, byName["declined"].SkipReason, "answered 404")
	assert.Equal(t, reports.Failed, byName["offered, then checked"].Status, "an offered feature is still checked")
}

// TestCleanupFailureReachesTheRecord: a cleanup that fails leaves the
// scenario's outcome alone and lands, masked, in the record's
// CleanupErrors, its exchange recorded as made by a hook (step -1).
func TestCleanupFailureReachesTheRecord(t *testing.T) {
	fake := &fakeSCIM{}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	env := testEnv(t, srv)
	featureFS := fstest.MapFS{"c.feature": {Data: []byte(`Feature: Cleanups
  Scenario: leaves a user behind
    Given a cleanup that fails is registered
    When the client sends GET "/Users"
    Then the response status is 200
`)}}
	suite := godog.TestSuite{
		ScenarioInitializer: func(sc *godog.ScenarioContext) {
			InitializeScenario(env)(sc)
			sc.Step(`^a cleanup that fails is registered$`, func(ctx context.Context) error {
				w, err := mustWorld(ctx)
				if err != nil {
					return err
				}
				w.Defer("delete alice", func(ctx context.Context) error {
					_, err := w.SCIM.Do(ctx, simulator.Request{Method: http.MethodDelete, Path: "/Users/alice"})
					if err != nil {
						return err
					}
					return errors.New("expected 204, got 404 with token " + testToken)
				})
				return nil
			})
		},
		Options: &godog.Options{Format: "progress", Output: io.Discard, NoColors: true, Strict: true,
			FS: featureFS, Paths: []string{"c.feature"}},
	}
	defer env.Results.Attach(&suite)()
	var told []reports.Scenario
	env.Results.OnScenario = func(s reports.Scenario) { told = append(told, s) }
	assert.Equal(t, 0, suite.Run())
	got := env.Results.Scenarios()
	require.Len(t, got, 1)
	s := got[0]
	assert.Equal(t, reports.Passed, s.Status, "a cleanup failure does not change the outcome")
	require.Len(t, s.CleanupErrors, 1)
	assert.Contains(t, s.CleanupErrors[0], `cleanup "delete alice": expected 204, got 404`)
	assert.NotContains(t, s.CleanupErrors[0], testToken)
	require.Len(t, s.Exchanges, 2)
	assert.Equal(t, []int{1, -1}, []int{s.Exchanges[0].Step, s.Exchanges[1].Step})
	assert.Equal(t, http.MethodDelete, s.Exchanges[1].Method)
	require.Len(t, told, 1, "OnScenario once, after the cleanups")
	assert.Equal(t, s.CleanupErrors, told[0].CleanupErrors)
}

// TestPanickingStepIsErrored: a step that panics is a harness bug, reported
// as errored with the panic, never as the target's failure.
func TestPanickingStepIsErrored(t *testing.T) {
	fake := &fakeSCIM{}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	env := testEnv(t, srv)
	featureFS := fstest.MapFS{"p.feature": {Data: []byte(`Feature: Panics
  Scenario: a step with a bug
    When the client sends GET "/Users"
    Then a step with a nil map panics
`)}}
	suite := godog.TestSuite{
		ScenarioInitializer: func(sc *godog.ScenarioContext) {
			InitializeScenario(env)(sc)
			sc.Step(`^a step with a nil map panics$`, func() error {
				var m map[string]int
				m["x"]++
				return nil
			})
		},
		Options: &godog.Options{Format: "progress", Output: io.Discard, NoColors: true, Strict: true,
			FS: featureFS, Paths: []string{"p.feature"}},
	}
	defer env.Results.Attach(&suite)()
	assert.Equal(t, 1, suite.Run())
	got := env.Results.Scenarios()
	require.Len(t, got, 1)
	assert.Equal(t, reports.Errored, got[0].Status)
	assert.Contains(t, got[0].Failure, "harness bug: a step panicked: assignment to entry in nil map")
	assert.Equal(t, reports.Counts{Total: 1, Errored: 1}, env.Results.Counts())
}
