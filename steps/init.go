package steps

import (
	"sync"

	"github.com/cucumber/godog"

	"github.com/scimharness/scimharness/simulator"
)

var (
	registrarsMu sync.Mutex
	// registrars add step definitions; files other than this package's
	// core (rfc_*.go, idp_*.go) append theirs from init via registerSteps.
	registrars []func(*godog.ScenarioContext)
)

// registerSteps adds a step registrar to every scenario context.
func registerSteps(r func(*godog.ScenarioContext)) {
	registrarsMu.Lock()
	defer registrarsMu.Unlock()
	registrars = append(registrars, r)
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
		registerHTTPSteps(sc)
		registerContractSteps(sc)
		registrarsMu.Lock()
		extra := append([](func(*godog.ScenarioContext)){}, registrars...)
		registrarsMu.Unlock()
		for _, r := range extra {
			r(sc)
		}
	}
}
