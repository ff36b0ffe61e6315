package harness

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/scimharness/scimharness/fixtures"
	"github.com/scimharness/scimharness/simulator"
)

// settingProfile names the attribute profile setting as a user types it.
const settingProfile = "SCIM_PROFILE (--profile)"

// EmbeddedProfileName is how a run names the profile the binary carries.
const EmbeddedProfileName = "embedded default (contract section 4)"

// ProfileInUse is the attribute profile a run sends (contract section 4)
// and where it came from, so the run header and summary can say which
// mapping was checked.
type ProfileInUse struct {
	Profile simulator.Profile
	// Name is the file as the user gave it, or EmbeddedProfileName.
	Name string
	// Unsent lists the attributes the simulated directory has no value
	// for: the IdP sends them never, so no scenario checks them.
	Unsent []string
}

// Describe is the one-line form for the run header and summary.
func (p ProfileInUse) Describe() string {
	return fmt.Sprintf("%s: %d attributes, %d required", p.Name, len(p.Profile.Attributes), len(p.Profile.Required()))
}

// EmbeddedProfile is the profile file the binary carries, byte for byte,
// for a customer to start an edited copy from.
func EmbeddedProfile() ([]byte, error) {
	return fixtures.FS.ReadFile(simulator.ProfileFile)
}

// LoadProfile reads the attribute profile from path, or the embedded
// default when path is empty. A file that cannot be used is a *ConfigError
// naming the file and the entry at fault.
func LoadProfile(path string) (ProfileInUse, error) {
	if strings.TrimSpace(path) == "" {
		p, err := simulator.DefaultProfile()
		if err != nil {
			return ProfileInUse{}, fmt.Errorf("load the embedded attribute profile: %w", err)
		}
		return inUse(p, EmbeddedProfileName), nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return ProfileInUse{}, &ConfigError{Setting: settingProfile, Problem: fmt.Sprintf("expected a readable profile file, got %v (start one with `scimharness profile > %s`)", err, path)}
	}
	p, err := simulator.ParseProfile(data)
	if err == nil {
		err = checkAccountFields(p)
	}
	if err != nil {
		return ProfileInUse{}, &ConfigError{Setting: settingProfile, Problem: path + ": " + err.Error()}
	}
	return inUse(p, path), nil
}

func inUse(p simulator.Profile, name string) ProfileInUse {
	return ProfileInUse{Profile: p, Name: name, Unsent: unsent(p)}
}

// checkAccountFields makes the profile's mapping to Cantara's Account
// fields one the admin adapter can read. Otherwise the account checks would
// fail mid-run and blame the target for a typo in the profile.
func checkAccountFields(p simulator.Profile) error {
	for i, a := range p.Attributes {
		if a.Account == "" && !a.Required {
			continue // optional and not shown in the console: nothing to compare
		}
		if slices.Contains(accountFields, a.Account) {
			continue
		}
		line, col := a.Position()
		problem := fmt.Sprintf("expected an Account field the admin API shows (%s), got %q", strings.Join(accountFields, ", "), a.Account)
		if a.Account == "" {
			problem = fmt.Sprintf("expected a required attribute to name the Account field that shows it in Cantara (\"account\": one of %s), got none", strings.Join(accountFields, ", "))
		}
		return &simulator.ProfileError{Entry: i + 1, SCIM: a.SCIM, Line: line, Column: col, Problem: problem}
	}
	return nil
}

// accountFields are the Account fields a profile may map to: those that
// show a user attribute in the console (README, "Sending your mapping's
// attributes in every scenario"). Ids and accountSource are Cantara's own, never sent by an IdP.
// Each must be one admin.Account.Field reads (profile_test.go checks).
var accountFields = []string{"userName", "externalId", "displayName", "givenName", "familyName", "email", "phone", "locale", "status"}

// unsent finds the profile attributes a generated user has no value for
// (e.g. title, or a custom extension): the simulator cannot invent them.
func unsent(p simulator.Profile) []string {
	u := simulator.NewDirectory(1).NewUser()
	var out []string
	for _, a := range p.Attributes {
		if _, ok := a.UserValue(u); !ok {
			out = append(out, a.SCIM)
		}
	}
	return out
}

// printProfile is the run header's profile lines: which mapping the IdP
// sends, and what it cannot check.
func printProfile(w io.Writer, p ProfileInUse) {
	fmt.Fprintf(w, "attribute profile: %s\n", p.Describe())
	if len(p.Unsent) > 0 {
		fmt.Fprintf(w, "attribute profile: the simulated IdP has no value to send for %s, so no scenario checks them\n", strings.Join(p.Unsent, ", "))
	}
}
