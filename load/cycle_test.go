package load

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scimharness/scimharness/simulator"
)

func TestCyclePositionVisitsEveryUserStepOncePerRound(t *testing.T) {
	tests := []struct{ users, batch int }{
		{1, 1}, {5, 2}, {7, 3}, {100, 50}, {10, 10},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d users in batches of %d", tt.users, tt.batch), func(t *testing.T) {
			c := &cycle{batch: tt.batch}
			for range tt.users {
				c.members = append(c.members, &member{})
			}
			perRound := tt.users * int(stepCount)
			for round := range 2 {
				seen := map[*member][]step{}
				for k := round * perRound; k < (round+1)*perRound; k++ {
					m, s := c.position(k)
					seen[m] = append(seen[m], s)
				}
				require.Len(t, seen, tt.users)
				for _, steps := range seen {
					assert.Equal(t, []step{stepProvision, stepUpdate, stepDeactivate}, steps, "each user's steps in cycle order")
				}
			}
		})
	}
}

// TestStepWeight keeps the scheduler's slot counts in line with what the
// simulator really sends, dialect by dialect, against the sandbox.
func TestStepWeight(t *testing.T) {
	ep := openSandbox(t)
	profile, err := simulator.DefaultProfile()
	require.NoError(t, err)
	for _, d := range simulator.Dialects() {
		t.Run(d.Name, func(t *testing.T) {
			client := simulator.NewClient(simulator.ClientConfig{BaseURL: ep.BaseURL, Token: ep.Token, HTTPClient: ep.Client, Retries: -1})
			dir := simulator.NewDirectory(int64(len(d.Name)))
			u := dir.NewUser()
			ctx := context.Background()
			for round, again := range []bool{false, true} {
				idp := simulator.NewIdP(client, d, profile, dir)
				u.Active = true
				_, err := idp.Provision(ctx, u)
				require.NoError(t, err)
				assert.Len(t, idp.Exchanges(), stepWeight(d, stepProvision, again), "round %d provision", round)
				_, err = idp.Update(ctx, u, dir.NewChanges(u))
				require.NoError(t, err)
				assert.Len(t, idp.Exchanges(), stepWeight(d, stepUpdate, again), "round %d update", round)
				_, err = idp.Deactivate(ctx, u)
				require.NoError(t, err)
				assert.Len(t, idp.Exchanges(), stepWeight(d, stepDeactivate, again), "round %d deactivate", round)
			}
			_, err := removeUser(ctx, client, simulator.Generic(), u)
			require.NoError(t, err)
		})
	}
}

func TestOpLabel(t *testing.T) {
	tests := []struct {
		s      step
		i      int
		method string
		want   string
	}{
		{stepProvision, 0, "GET", "look-up GET"},
		{stepProvision, 1, "POST", "create POST"},
		{stepProvision, 1, "PATCH", "reactivate PATCH"},
		{stepProvision, 2, "PUT", "reactivate PUT"},
		{stepUpdate, 0, "GET", "update GET"},
		{stepUpdate, 1, "PUT", "update PUT"},
		{stepDeactivate, 0, "PATCH", "deactivate PATCH"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			assert.Equal(t, tt.want, opLabel(tt.s, tt.i, &simulator.Exchange{Method: tt.method}))
		})
	}
}
