package sandbox

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestClockAdvance(t *testing.T) {
	c := NewFixedClock(testStart)
	assert.Equal(t, testStart, c.Now())
	assert.Equal(t, testStart.Add(720*time.Hour), c.Advance(720*time.Hour))
	assert.Equal(t, testStart.Add(719*time.Hour), c.Advance(-time.Hour))
	real := NewClock()
	assert.WithinDuration(t, time.Now(), real.Now(), time.Second)
}

func TestParseFaults(t *testing.T) {
	tests := []struct {
		in      string
		want    []Fault
		wantErr bool
	}{
		{"", nil, false},
		{"accept-expired-tokens", []Fault{FaultAcceptExpiredTokens}, false},
		{" erase-on-delete , drop-locale,erase-on-delete,", []Fault{FaultEraseOnDelete, FaultDropLocale}, false},
		{"no-such-fault", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseFaults(tt.in)
			if tt.wantErr {
				require.Error(t, err)
				assert.Contains(t, err.Error(), string(FaultAcceptExpiredTokens), "expected the error to list the known faults")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestKnownFaultsMatchCatalogue(t *testing.T) {
	// KnownFaults is the catalogue's column of names, in its order; each
	// name parses back to itself and Describe finds its row.
	all := KnownFaults()
	catalogue := FaultCatalogue()
	require.Len(t, all, len(catalogue))
	for i, f := range all {
		assert.Equal(t, catalogue[i].Fault, f, "expected KnownFaults in catalogue order at %d", i)
		got, err := ParseFaults(string(f))
		require.NoError(t, err)
		assert.Equal(t, []Fault{f}, got)
		info, ok := Describe(f)
		assert.True(t, ok, "expected Describe(%s) to find its row", f)
		assert.Equal(t, catalogue[i], info)
	}
	_, ok := Describe("bogus")
	assert.False(t, ok)
	_, err := New(Options{Faults: []Fault{"bogus"}})
	assert.Error(t, err)
}
