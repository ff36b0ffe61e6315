// Package steps turns the harness's Gherkin into simulator and admin calls
// and assertions: the per-scenario World, the hooks (capability gating,
// last-in-first-out cleanup, result recording) and the step definitions.
//
// Steps hold no HTTP code of their own: every request goes through
// simulator.Client, simulator.IdP or admin.Client, so every exchange is
// recorded and masked. Scenario state lives in the World, carried in the
// context.Context, never in package globals.
//
// Each file of step definitions has a register function, listed once in
// stepRegistrars (init.go); a capability gate the hooks do not know yet
// goes into gates (gates.go). Every scenario's outcome goes through the
// one Results pipeline (results.go) into reports.Scenario.
package steps
