package steps

import "github.com/cucumber/godog"

// registerContractSteps adds the steps of features/contract: the promises
// of Cantara's provisioning procedure (cantara-contract.md section 1) and
// the basics every IdP relies on.
func registerContractSteps(sc *godog.ScenarioContext) {
	registerTokenSteps(sc)
	registerUserSteps(sc)
	registerGroupSteps(sc)
	registerAccountSteps(sc)
	registerTokenRuleSteps(sc)
	registerAdminAPISteps(sc)
	registerSCIMRuleSteps(sc)
}
