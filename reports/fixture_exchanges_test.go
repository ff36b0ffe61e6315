package reports

import (
	"fmt"
	"time"
)

// erasedRun is a run against a target that erases accounts on DELETE:
// the same defect fails a contract scenario and the same check spoken in
// several IdP dialects, each with its own user, ids and port. One passed,
// one errored, one skipped and one not-applicable scenario sit beside them.
func erasedRun() Run {
	started := time.Date(2026, 12, 3, 13, 0, 0, 0, time.UTC)
	r := Run{
		Target: "embedded sandbox http://127.0.0.1:40797/scim/v2/3de9a05b-c58b-4ec5-a2bf-1eb4998faf03 (faults: erase-on-delete)",
		Seed:   8909890372982326, Started: started, Duration: 2 * time.Second,
		Capabilities: []Capability{{Name: "admin API", Supported: true}, {Name: "changePassword", Detail: "ServiceProviderConfig: changePassword.supported is false"}},
	}
	users := []struct{ dialect, userName, port, before, tenant string }{
		{"", "shawna.wheeler.trzbay1@example.com", "40797", "c53e9a7d-aac7-47fe-ba07-b5fc7a3b0f4a", "3de9a05b-c58b-4ec5-a2bf-1eb4998faf03"},
		{"entra", "polly.gray.vttswh1@example.com", "41001", "19f8eccc-9295-4788-bbe9-0a96a264610c", "77e4a198-4e1c-4770-a16b-e281808be235"},
		{"okta", "liana.sims.jmbndx1@example.com", "43210", "726e38c4-6977-44f8-baec-29f990a02db4", "0933c15b-6dae-408b-a3d4-2e841ac4cea4"},
	}
	for i, u := range users {
		base := fmt.Sprintf("http://127.0.0.1:%s/scim/v2/%s", u.port, u.tenant)
		admin := fmt.Sprintf("http://127.0.0.1:%s/admin/v1/tenants/%s", u.port, u.tenant)
		userID := fmt.Sprintf("5ffb8678-a04c-4dd0-9a11-45eb9520%04d", i)
		s := Scenario{
			ID: "contract/removal.feature/cantara-keeps-the-removed-users-account-deactivated", URI: "contract/removal.feature", Line: 19,
			Feature: "A user removed in the IdP is deactivated in Cantara, not erased",
			Name:    "Cantara keeps the removed user's account, deactivated",
			Tags:    []string{"@contract-removal", "@needs-admin"}, Status: Failed,
			Requirement: "a user deactivated or removed in the IdP is deactivated (not erased) in Cantara",
			FailedStep:  `Cantara's account for "alice" is the same account as before`,
			Failure:     fmt.Sprintf("Cantara erased the account of %q: no account has that userName any more (accounts now: 0, before: %s)\n\n# admin: find accounts\n> GET %s/accounts?userName=x", u.userName, u.before, admin),
		}
		if u.dialect != "" {
			s.ID = "idp/users.feature/a-removed-users-cantara-account-stays-deactivated/" + u.dialect
			s.URI, s.Line, s.Dialect = "idp/users.feature", 357+5*i, u.dialect
			s.Feature = "Each identity provider's user lifecycle works against Cantara"
			s.Name = u.dialect + ": a removed user's Cantara account stays, deactivated"
			s.Tags = []string{"@idp-" + u.dialect, "@needs-admin"}
		}
		s.Steps = []Step{
			{Keyword: "Given ", Text: `the IdP has provisioned a user "alice"`, Status: Passed},
			{Keyword: "And ", Text: `Cantara has an account for "alice"`, Status: Passed},
			{Keyword: "When ", Text: `the IdP removes "alice"`, Status: Passed},
			{Keyword: "Then ", Text: s.FailedStep, Status: Failed, Error: s.Failure},
			{Keyword: "And ", Text: `Cantara's account for "alice" is deactivated`, Status: Skipped},
		}
		auth := Header{Name: "Authorization", Value: "Bearer [masked]"}
		s.Exchanges = []Exchange{
			{Step: 0, Note: "provision: create", Method: "POST", URL: base + "/Users",
				RequestHeaders: []Header{auth, {Name: "Content-Type", Value: "application/scim+json"}},
				RequestBody:    fmt.Sprintf(`{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":%q,"active":true,"name":{"givenName":"Shawna","familyName":"Wheeler"}}`, u.userName),
				Status:         201, ResponseHeaders: []Header{{Name: "Location", Value: base + "/Users/" + userID}},
				ResponseBody: fmt.Sprintf(`{"id":%q,"userName":%q}`, userID, u.userName), Started: started, Duration: 3 * time.Millisecond},
			{Step: 1, Note: "admin: find accounts", Method: "GET", URL: admin + "/accounts?userName=" + u.userName,
				RequestHeaders: []Header{auth}, Status: 200, ResponseBody: fmt.Sprintf(`{"accounts":[{"id":%q,"status":"active"}]}`, u.before), Started: started},
			{Step: 2, Note: "remove", Method: "DELETE", URL: base + "/Users/" + userID, RequestHeaders: []Header{auth}, Status: 204, Started: started},
			{Step: 3, Note: "admin: find accounts", Method: "GET", URL: admin + "/accounts?userName=" + u.userName,
				RequestHeaders: []Header{auth}, Status: 200, ResponseBody: `{"accounts":[]}`, Started: started},
		}
		r.Scenarios = append(r.Scenarios, s)
	}
	r.Scenarios = append(r.Scenarios,
		Scenario{ID: "contract/removal.feature/a-removed-user-is-gone-from-the-scim-endpoint", URI: "contract/removal.feature", Line: 7,
			Feature: "A user removed in the IdP is deactivated in Cantara, not erased", Name: "A removed user is gone from the SCIM endpoint",
			Tags: []string{"@contract-removal"}, Status: Passed,
			Steps: []Step{{Keyword: "When ", Text: `the IdP removes "alice"`, Status: Passed}},
			Exchanges: []Exchange{{Step: 0, Method: "DELETE", URL: "http://127.0.0.1:40797/scim/v2/t/Users/1", Status: 204,
				RequestHeaders: []Header{{Name: "Authorization", Value: "Bearer [masked]"}}}}},
		Scenario{ID: "rfc7644/3_3_create.feature/create-answers-201", URI: "rfc7644/3_3_create.feature", Line: 9,
			Feature: "RFC 7644 §3.3 Creating resources", Name: "Create answers 201", Tags: []string{"@rfc7644-3.3", "@must"},
			Status: Errored, FailedStep: "the IdP creates a user", Failure: "POST http://127.0.0.1:40797/scim/v2/t/Users: dial tcp 127.0.0.1:40797: connect: connection refused",
			Exchanges: []Exchange{{Step: -1, Method: "POST", URL: "http://127.0.0.1:40797/scim/v2/t/Users", Error: "connection refused"}}},
		Scenario{ID: "contract/token_expiry.feature/an-expired-token-is-refused", URI: "contract/token_expiry.feature", Line: 15,
			Feature: "Provisioning tokens expire", Name: "An expired token is refused", Tags: []string{"@contract-token-expiry", "@needs-clock"},
			Status: Skipped, SkipReason: "needs the sandbox clock: GET /admin/v1/clock answered 404"},
		Scenario{ID: "rfc7644/3_12_errors.feature/patch-unsupported-501", URI: "rfc7644/3_12_errors.feature", Line: 85,
			Feature: "RFC 7644 §3.12 errors", Name: "A target that declares PATCH unsupported answers PATCH with 501", Tags: []string{"@rfc7644-3.12"},
			Status: NotApplicable, SkipReason: "the target declares patch supported; this check is for targets that do not"},
	)
	return r
}
