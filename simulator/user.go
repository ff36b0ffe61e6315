package simulator

// User is one person in the IdP's directory plus what the IdP learned about
// it from the target (its SCIM id).
type User struct {
	ID          string // SCIM id assigned by the target; "" until provisioned
	UserName    string // email-like, unique per run
	ExternalID  string // the IdP's object id (a GUID, as Entra sends)
	DisplayName string
	GivenName   string
	FamilyName  string
	Email       string // work email
	Phone       string // work phone, E.164
	Locale      string // e.g. en-US
	Active      bool
	Password    string // sent only by dialects that send one (Okta); fake, but masked anyway

	// Extra holds values for profile attributes that have no field above,
	// keyed by SCIM path exactly as written in the profile.
	Extra map[string]any

	// Linked is true when Provision found the user by its look-up and
	// linked to it instead of creating it (what IdPs do).
	Linked bool
	// Removed is true after Remove deleted the SCIM resource; a later
	// Reactivate provisions it again.
	Removed bool
}

// Clone returns a deep copy (Extra included).
func (u *User) Clone() *User {
	c := *u
	if u.Extra != nil {
		c.Extra = make(map[string]any, len(u.Extra))
		for k, v := range u.Extra {
			c.Extra[k] = v
		}
	}
	return &c
}

// Group is a directory group and the members the IdP has pushed.
type Group struct {
	ID          string // SCIM id assigned by the target
	ExternalID  string
	DisplayName string
	Members     []*User
	Linked      bool
}

// Changes are the attribute updates an IdP pushes; an empty string means
// "unchanged". Attributes covers any other mapped attribute, keyed by SCIM
// path as written in the profile (e.g. `urn:...:enterprise:2.0:User:department`).
type Changes struct {
	GivenName   string
	FamilyName  string
	DisplayName string
	Email       string
	Phone       string
	Locale      string
	Attributes  map[string]any
}

// IsZero reports whether c changes nothing.
func (c Changes) IsZero() bool {
	return c.GivenName == "" && c.FamilyName == "" && c.DisplayName == "" && c.Email == "" &&
		c.Phone == "" && c.Locale == "" && len(c.Attributes) == 0
}
