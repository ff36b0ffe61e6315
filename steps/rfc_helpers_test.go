package steps

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestValidXSDDateTime(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"2026-11-27T03:33:15Z", true},
		{"2026-11-27T03:33:15.249Z", true},
		{"2026-11-27T03:33:15+01:00", true},
		{"2026-11-27T03:33:15", true}, // the time zone is optional in xsd:dateTime
		{"2024-02-29T00:00:00Z", true},
		{"2026-12-31T24:00:00Z", true},
		{"2026-11-27", false},           // a date without a time
		{"03:33:15Z", false},            // a time without a date
		{"2026-11-27 03:33:15Z", false}, // space instead of T
		{"2025-02-29T00:00:00Z", false}, // no 29 February in 2025
		{"2026-13-01T00:00:00Z", false}, // month 13
		{"2026-11-27T24:00:01Z", false}, // past 24:00:00
		{"2026-11-27T03:60:00Z", false}, // minute 60
		{"2026-11-27T03:33:15+15:00", false},
		{"1764214395", false}, // epoch seconds
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			assert.Equal(t, tt.want, validXSDDateTime(tt.in), "validXSDDateTime(%q)", tt.in)
		})
	}
}

func TestSplitAliases(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"alice", []string{"alice"}},
		{"alice, bob", []string{"alice", "bob"}},
		{"alice, bob and carol", []string{"alice", "bob", "carol"}},
		{" alice ,bob ", []string{"alice", "bob"}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			assert.Equal(t, tt.want, splitAliases(tt.in))
		})
	}
}

func FuzzValidXSDDateTime(f *testing.F) {
	for _, s := range []string{"2026-11-27T03:33:15Z", "2026-02-30T00:00:00Z", "-0001-01-01T00:00:00Z", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		// Must never panic; a valid value must carry the "T" between date and time.
		if validXSDDateTime(s) {
			assert.Contains(t, s, "T")
		}
	})
}
