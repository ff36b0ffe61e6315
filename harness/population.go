package harness

import (
	"context"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/scimharness/scimharness/reports"
	"github.com/scimharness/scimharness/steps"
)

// needsPopulation tells whether a selected scenario asks for the run's
// background population; only then does the run spend time creating it.
func needsPopulation(selected []reports.Scenario) bool {
	return slices.ContainsFunc(selected, func(s reports.Scenario) bool { return s.HasTag(steps.PopulationTag) })
}

// startPopulation creates the background population before the scenarios
// and returns what removes it after them. A failure to create it is not
// the run's error: the scenarios that need it fail with it, the others run.
func startPopulation(ctx context.Context, env *steps.Env, console io.Writer) func() {
	started := time.Now()
	cleanup := steps.CreatePopulation(ctx, env)
	pop := env.Population
	if pop.Err != nil {
		fmt.Fprintf(console, "background population: creation failed after %d users (the scenarios tagged %s will fail with the reason): %s\n",
			created(pop), steps.PopulationTag, env.Masker.Mask(pop.Err.Error()))
	} else {
		fmt.Fprintf(console, "background population: %d users and %d groups under %q, created in %s\n",
			len(pop.Users), len(pop.Groups), pop.Marker, time.Since(started).Round(time.Millisecond))
	}
	return func() {
		// Removed even when the run was interrupted: it is the run's data.
		for _, err := range cleanup(context.WithoutCancel(ctx)) {
			fmt.Fprintf(console, "warning: background population not fully removed: %s\n", env.Masker.Mask(err.Error()))
		}
	}
}

func created(pop *steps.PopulationRun) int {
	n := 0
	for _, u := range pop.Users {
		if u.ID != "" {
			n++
		}
	}
	return n
}
