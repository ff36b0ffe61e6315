package sandbox

import "time"

// Tenant is one Cantara tenant; its SCIM base is /scim/v2/{ID}.
type Tenant struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"createdAt"`
}

// TokenInfo is what may be shown about a provisioning token after creation:
// never the secret nor its hash (contract: "shown once").
type TokenInfo struct {
	ID        string    `json:"id"`
	TenantID  string    `json:"-"`
	CreatedAt time.Time `json:"createdAt"`
	ExpiresAt time.Time `json:"expiresAt"`
	Hint      string    `json:"hint"`
}

// TokenRecord is a stored token: only the SHA-256 of the secret is kept.
// Deleted tokens stay as tombstones so the accept-deleted-tokens fault can
// still find them; they are never listed.
type TokenRecord struct {
	TokenInfo
	Hash    [32]byte
	Deleted bool
	// Secret is kept only while the token-in-listing fault is on; it exists
	// to break the shown-once promise on purpose.
	Secret string
}

// Account sources and statuses (contract section 3).
const (
	SourceSCIM         = "SCIM"
	SourceLocal        = "Local"
	StatusActive       = "active"
	StatusDeactivated  = "deactivated"
	tokenStatusActive  = "active"
	tokenStatusExpired = "expired"
)

// Account is the Cantara account as the admin console shows it.
type Account struct {
	ID            string   `json:"id"`
	ScimID        string   `json:"scimId"`
	UserName      string   `json:"userName"`
	ExternalID    string   `json:"externalId"`
	DisplayName   string   `json:"displayName"`
	GivenName     string   `json:"givenName"`
	FamilyName    string   `json:"familyName"`
	Email         string   `json:"email"`
	Phone         string   `json:"phone"`
	Locale        string   `json:"locale"`
	AccountSource string   `json:"accountSource"`
	Status        string   `json:"status"`
	ReadOnly      bool     `json:"readOnly"`
	Groups        []string `json:"groups"`
}

// CantaraGroup is the console's view of a group: members are account ids.
// It is kept apart from the SCIM group so that the groups-not-synced fault
// can let the two drift.
type CantaraGroup struct {
	ID          string   `json:"id"`
	ScimID      string   `json:"scimId"`
	DisplayName string   `json:"displayName"`
	Members     []string `json:"members"`
}
