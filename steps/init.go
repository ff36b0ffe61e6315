package steps

import (
	"github.com/cucumber/godog"

	"github.com/scimharness/scimharness/simulator"
)

// stepRegistrars is every group of step definitions, in one explicit list
// (godog's examples register theirs the same way): a reader finds here
// where a step comes from, and a file cannot add steps behind their back.
var stepRegistrars = []func(*godog.ScenarioContext){
	registerHTTPSteps,
	registerContractSteps,
	registerIdPSchemaSteps,
	registerIdPSteps,
	registerRFCDiscoverySteps,
	registerRFCJSONSteps,
	registerRFCListSteps,
	registerRFCMultiValuedSteps,
	registerRFCRequestSteps,
	registerRFCResourceSteps,
	registerRFCSchemaSteps,
	registerRFCSchemaShapeSteps,
	registerContractAngleSteps,
	registerPopulationSteps,
}

// InitializeScenario wires the hooks and every step into a godog scenario
// context; pass it as godog.TestSuite.ScenarioInitializer. env must not be
// changed while the suite runs; a nil Results or Masker is created here.
func InitializeScenario(env *Env) func(*godog.ScenarioContext) {
	hooks := InitializeHooks(env)
	return func(sc *godog.ScenarioContext) {
		hooks(sc)
		registerAllSteps(sc)
	}
}

// InitializeSuite registers every step once for the whole run; pass it as
// godog.TestSuite.TestSuiteInitializer together with InitializeHooks as the
// ScenarioInitializer. godog compiles a step's pattern each time it is
// registered, and a ScenarioInitializer runs once per scenario: registered
// per scenario, the patterns' compilation was half the CPU time of a run.
// The steps keep no state of their own (it is in the World), so one set
// serves every scenario, also concurrently.
func InitializeSuite() func(*godog.TestSuiteContext) {
	return func(tsc *godog.TestSuiteContext) {
		registerAllSteps(tsc.ScenarioContext())
	}
}

// InitializeHooks wires the scenario and step hooks, and nothing else, into
// a scenario context (see InitializeSuite).
func InitializeHooks(env *Env) func(*godog.ScenarioContext) {
	if env.Results == nil {
		env.Results = NewResults()
	}
	if env.Masker == nil {
		env.Masker = simulator.NewMasker()
	}
	env.Masker.Add(env.Target.Secrets()...)
	env.Results.setMask(env.Masker.Mask)
	if env.schemas == nil {
		env.schemas = &schemaCache{}
	}
	if env.Clock == nil {
		env.Clock = &ClockLedger{}
	}
	if env.sched == nil {
		env.sched = &scheduler{}
	}
	return func(sc *godog.ScenarioContext) {
		sc.Before(before(env))
		sc.After(after(env))
		sc.StepContext().Before(beforeStep(env))
		sc.StepContext().After(afterStep(env))
	}
}

// registerAllSteps adds every step definition to sc.
func registerAllSteps(sc *godog.ScenarioContext) {
	for _, register := range stepRegistrars {
		register(sc)
	}
}
