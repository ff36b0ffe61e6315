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
