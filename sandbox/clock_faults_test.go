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

func TestKnownFaultsMatchNotes(t *testing.T) {
	// At least the 27 first rows of notes/faults.md (the list only grows);
	// each name parses back to itself.
	all := KnownFaults()
	assert.GreaterOrEqual(t, len(all), 27)
	for _, f := range all {
		got, err := ParseFaults(string(f))
		require.NoError(t, err)
		assert.Equal(t, []Fault{f}, got)
	}
	_, err := New(Options{Faults: []Fault{"bogus"}})
	assert.Error(t, err)
}
