package load

import "fmt"

// Entra ID's documented pace (docs/idp-dialects.md, row "pace").
const (
	// EntraRate is what a gallery app must take per tenant, requests/s.
	EntraRate = 25.0
	// QuarantineErrorRate: Entra quarantines a provisioning job when this
	// share of its requests fails.
	QuarantineErrorRate = 0.40
	// MinRateShare is how close to the target rate a run must get: a few
	// percent go to scheduling granularity, not to the target.
	MinRateShare = 0.95
)

// Verdict judges a run against Entra's expectations.
type Verdict struct {
	Pass    bool
	Reasons []string // why, pass or fail, one clause each
}

// Judge passes a run that achieved at least MinRateShare of the target
// rate with an error rate below QuarantineErrorRate and no 5xx answer.
func Judge(targetRate, achieved float64, s Summary) Verdict {
	if s.Requests == 0 {
		return Verdict{Reasons: []string{"expected requests to be sent, got none"}}
	}
	v := Verdict{Pass: true}
	floor := MinRateShare * targetRate
	if achieved >= floor {
		v.Reasons = append(v.Reasons, fmt.Sprintf("%.1f requests/s ≥ %.0f%% of %g", achieved, MinRateShare*100, targetRate))
	} else {
		v.Pass = false
		v.Reasons = append(v.Reasons, fmt.Sprintf("expected at least %.2f requests/s (%.0f%% of %g), got %.1f", floor, MinRateShare*100, targetRate, achieved))
	}
	rate := s.ErrorRate()
	if rate < QuarantineErrorRate {
		v.Reasons = append(v.Reasons, fmt.Sprintf("error rate %.1f%% < %.0f%% (Entra's quarantine threshold)", rate*100, QuarantineErrorRate*100))
	} else {
		v.Pass = false
		v.Reasons = append(v.Reasons, fmt.Sprintf("expected an error rate below %.0f%% (Entra quarantines the job), got %.1f%%", QuarantineErrorRate*100, rate*100))
	}
	if n := s.ServerErrors(); n > 0 {
		v.Pass = false
		v.Reasons = append(v.Reasons, fmt.Sprintf("expected no 5xx answer, got %d", n))
	} else {
		v.Reasons = append(v.Reasons, "no 5xx")
	}
	return v
}
