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
	return func(sc *godog.ScenarioContext) {
		sc.Before(before(env))
		sc.After(after(env))
		sc.StepContext().Before(beforeStep(env))
		sc.StepContext().After(afterStep(env))
		for _, register := range stepRegistrars {
			register(sc)
		}
	}
}
