package reports

// MappingCheck is the customer's IdP mapping check of `run --mapping`
// (package mapping), as every report of the run shows it: summary.txt,
// results.json and report.html are written once, from the Run holding it.
// Every string is masked by whoever built it.
type MappingCheck struct {
	File    string `json:"file"`    // the mapping file as given
	Format  string `json:"format"`  // entra, okta, table, profile
	Rows    int    `json:"rows"`    // rows of the mapping, implicit ones included
	Dialect string `json:"dialect"` // the IdP dialect the sample users were sent in
	Target  string `json:"target"`  // what the check provisioned into: the run's target, masked
	// Verdict is ready, not-ready (the mapping blocks go-live),
	// cantara-fault (the mapping is right, the target loses what it
	// sends), unproven or errored (no verdict); MappingReady is the only pass.
	Verdict  string `json:"verdict"`
	Summary  string `json:"summary"`   // the verdict in one sentence ("NOT READY: ...")
	ExitCode int    `json:"exit_code"` // 0 ready, 1 not ready or not proven, 2 the check could not run
	// NotRun says why the check could not run (a bad users file, a target
	// that refused the configuration); the verdict is then errored.
	NotRun             string                `json:"not_run,omitempty"`
	FindingsBySeverity MappingSeverityCounts `json:"findings_by_severity"`
	FindingsByBlame    MappingBlameCounts    `json:"findings_by_blame"`
	Findings           []MappingFinding      `json:"findings"`
	DryRun             *MappingDryRun        `json:"dry_run,omitempty"`
	Files              []string              `json:"files,omitempty"` // mapping.json and mapping.txt, beside the run's reports

	// Text is the check's own report (mapping.txt, the console of
	// `scimharness mapping check`): summary.txt shows it as it is, so the
	// two never say different things.
	Text string `json:"-"`
}

// MappingReady is the verdict of a mapping that gives every required
// attribute to every sample user's Cantara account.
const MappingReady = "ready"

// Blames of a mapping finding or dry-run verdict: whose fault it is.
const (
	BlameMapping = "mapping" // the customer's mapping: they fix it in their IdP
	BlameCantara = "cantara" // the target lost or refused what the IdP sent
	BlameHarness = "harness" // transport or harness trouble: no verdict
)

// Passed reports whether the check found the mapping ready.
func (m *MappingCheck) Passed() bool { return m != nil && m.Verdict == MappingReady }

// MappingSeverityCounts tallies findings by severity: an error blocks
// go-live, a warning is worth a look.
type MappingSeverityCounts struct {
	Error   int `json:"error"`
	Warning int `json:"warning"`
}

// MappingBlameCounts tallies findings by whose fault they are.
type MappingBlameCounts struct {
	Mapping int `json:"mapping"`
	Cantara int `json:"cantara"`
	Harness int `json:"harness"`
}

// MappingFinding is one problem the check found, with why it matters and
// the fix.
type MappingFinding struct {
	Code     string `json:"code"`     // stable: required-not-mapped, cantara-lost, ...
	Severity string `json:"severity"` // error, warning
	Blame    string `json:"blame"`    // mapping, cantara, harness
	Target   string `json:"target,omitempty"`
	Where    string `json:"where,omitempty"` // the mapping row as the customer reads it
	Line     int    `json:"line,omitempty"`  // of the mapping file, 0 = none
	Message  string `json:"message"`
	Why      string `json:"why"`
	Fix      string `json:"fix"`
}

// MappingDryRun is what happened to the sample users the check
// provisioned, per required attribute.
type MappingDryRun struct {
	Users        int    `json:"users"`
	UsersFrom    string `json:"users_from"`    // the users CSV, or "generated (seed N)"
	AdminChecked bool   `json:"admin_checked"` // the Cantara account was read through the admin API
	Removed      int    `json:"removed"`       // sample users removed again
	// Cleanup lists the sample users the check could not remove again.
	Cleanup    []string           `json:"cleanup,omitempty"`
	Attributes []MappingAttribute `json:"attributes"`
}

// MappingAttribute is one required attribute across the sample users:
// how many the IdP sent it for, SCIM stored, the Cantara account showed,
// and the verdicts that were not ok.
type MappingAttribute struct {
	Attribute string           `json:"attribute"` // the SCIM path Cantara requires
	Users     int              `json:"users"`
	Sent      int              `json:"sent"`
	Stored    int              `json:"stored"`
	Shown     int              `json:"shown"`
	OK        int              `json:"ok"`
	Verdicts  []MappingVerdict `json:"verdicts"` // every verdict but ok, most frequent first
}

// MappingVerdict is how many sample users got one verdict for an
// attribute, and whose fault it is.
type MappingVerdict struct {
	Verdict string `json:"verdict"` // empty, not-mapped, not-stored, not-shown, refused, ...
	Count   int    `json:"count"`
	Blame   string `json:"blame,omitempty"` // "" when nobody is at fault (not checked)
}

// BlameWords names whose fault a blame is, as the reports say it.
func BlameWords(blame string) string {
	switch blame {
	case BlameMapping:
		return "your mapping"
	case BlameCantara:
		return "Cantara's fault"
	case BlameHarness:
		return "no verdict"
	}
	return "not checked" // static-only, existing: nobody's verdict either way
}
