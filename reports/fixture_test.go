package reports

import "time"

// sampleRun is a run with every kind of outcome, shared by the tests.
func sampleRun() Run {
	return Run{
		Target:   "embedded sandbox http://127.0.0.1:40000/scim/v2/t-1",
		Seed:     42,
		Tags:     "@contract-token-expiry, @contract-updates",
		Profile:  "embedded profile.json: 9 attributes, 8 required",
		Duration: 1234 * time.Millisecond,
		Capabilities: []Capability{
			{Name: "admin API", Supported: true},
			{Name: "sandbox clock", Supported: false, Detail: "GET /admin/v1/clock answered 404"},
		},
		Scenarios: []Scenario{
			{Feature: "Provisioning tokens", URI: "token_expiry.feature", Line: 7, Name: "A new token expires after 30 days",
				Tags: []string{"@contract-token-expiry", "@needs-admin"}, Status: Failed,
				FailedStep: "the token expires 30 days after it was created",
				Failure:    "expected expiry 720h0m0s after creation, got 2160h0m0s\n\nPOST /admin/v1/tenants/t-1/provisioning-tokens\nAuthorization: Bearer [masked]",
				Duration:   30 * time.Millisecond},
			{Feature: "Provisioning tokens", URI: "token_expiry.feature", Line: 15, Name: "An expired token is refused",
				Tags: []string{"@contract-token-expiry", "@needs-clock"}, Status: Skipped,
				SkipReason: "needs the sandbox clock: GET /admin/v1/clock answered 404", Duration: time.Millisecond},
			{Feature: "IdP updates", URI: "updates.feature", Line: 5, Name: "A changed email arrives",
				Tags: []string{"@contract-updates"}, Status: Passed, Duration: 50 * time.Millisecond},
			{Feature: "IdP updates", URI: "updates.feature", Line: 12, Name: "A changed phone arrives",
				Tags: []string{"@contract-updates"}, Status: Undefined, FailedStep: "the IdP changes the phone",
				Failure: "expected a step definition for \"the IdP changes the phone\", got none"},
		},
	}
}

// erroredRun is a run where the target stopped answering: one pass (whose
// cleanup failed), one errored scenario, one not applicable.
func erroredRun() Run {
	return Run{
		Target: "external https://cantara.example/scim/v2/acme", Seed: 9, Duration: 3 * time.Second,
		Scenarios: []Scenario{
			{ID: "e.feature/creates-a-user", Feature: "Errors", URI: "e.feature", Line: 3, Name: "creates a user", Status: Passed,
				CleanupErrors: []string{`cleanup "delete alice": DELETE /Users/1 → transport error: connection refused`}},
			{ID: "e.feature/reads-a-user", Feature: "Errors", URI: "e.feature", Line: 8, Name: "reads a user", Status: Errored,
				FailedStep: "the IdP reads \"alice\"",
				Failure:    "transport error: GET https://cantara.example/scim/v2/acme/Users/1: dial tcp: connection refused"},
			{ID: "e.feature/patch-501", Feature: "Errors", URI: "e.feature", Line: 12, Name: "PATCH unsupported is 501", Status: NotApplicable,
				SkipReason: "the target declares patch supported; this check is for targets that do not"},
		},
	}
}
