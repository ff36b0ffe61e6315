package admin

import (
	"fmt"
	"time"

	"github.com/scimharness/scimharness/simulator"
)

// Tenant is a Cantara tenant (contract section 3, POST /tenants).
type Tenant struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"createdAt"`
}

// Token is a freshly generated provisioning token: the only time its
// secret is seen ("shown once"). String and GoString mask the secret so a
// stray %v cannot leak it.
type Token struct {
	ID        string    `json:"id"`
	Secret    string    `json:"token"`
	CreatedAt time.Time `json:"createdAt"`
	ExpiresAt time.Time `json:"expiresAt"`
}

func (t Token) String() string {
	return fmt.Sprintf("Token{ID:%s Secret:%s CreatedAt:%s ExpiresAt:%s}", t.ID,
		simulator.NewMasker(t.Secret).Mask(t.Secret), t.CreatedAt.Format(time.RFC3339), t.ExpiresAt.Format(time.RFC3339))
}

// GoString masks too (%#v).
func (t Token) GoString() string { return t.String() }

// Token statuses in listings.
const (
	TokenActive  = "active"
	TokenExpired = "expired"
)

// TokenInfo is a token as listings show it: never the secret, only a hint
// (its last 4 characters).
type TokenInfo struct {
	ID        string    `json:"id"`
	CreatedAt time.Time `json:"createdAt"`
	ExpiresAt time.Time `json:"expiresAt"`
	Status    string    `json:"status"`
	Hint      string    `json:"hint"`
}

// Account sources and statuses.
const (
	SourceSCIM        = "SCIM"
	SourceLocal       = "Local"
	StatusActive      = "active"
	StatusDeactivated = "deactivated"
)

// Account is a Cantara account as the console shows it.
type Account struct {
	ID            string   `json:"id"`
	ScimID        string   `json:"scimId"` // the SCIM id; empty for Local accounts
	UserName      string   `json:"userName"`
	ExternalID    string   `json:"externalId"`
	DisplayName   string   `json:"displayName"`
	GivenName     string   `json:"givenName"`
	FamilyName    string   `json:"familyName"`
	Email         string   `json:"email"`
	Phone         string   `json:"phone"`
	Locale        string   `json:"locale"`
	AccountSource string   `json:"accountSource"` // "SCIM" or "Local"
	Status        string   `json:"status"`        // "active" or "deactivated"
	ReadOnly      bool     `json:"readOnly"`
	Groups        []string `json:"groups"` // group displayNames
}

// Field returns an Account field by its JSON name (the profile's "account"
// column), so steps can compare profile attributes without a switch.
func (a Account) Field(name string) (string, bool) {
	switch name {
	case "id":
		return a.ID, true
	case "scimId":
		return a.ScimID, true
	case "userName":
		return a.UserName, true
	case "externalId":
		return a.ExternalID, true
	case "displayName":
		return a.DisplayName, true
	case "givenName":
		return a.GivenName, true
	case "familyName":
		return a.FamilyName, true
	case "email":
		return a.Email, true
	case "phone":
		return a.Phone, true
	case "locale":
		return a.Locale, true
	case "accountSource":
		return a.AccountSource, true
	case "status":
		return a.Status, true
	}
	return "", false
}

// NewAccount is the body of a console-created (Local) account.
type NewAccount struct {
	UserName    string `json:"userName"`
	DisplayName string `json:"displayName,omitempty"`
	GivenName   string `json:"givenName,omitempty"`
	FamilyName  string `json:"familyName,omitempty"`
	Email       string `json:"email,omitempty"`
}

// Group is the console's view of a group; Members are account ids.
type Group struct {
	ID          string   `json:"id"`
	ScimID      string   `json:"scimId"`
	DisplayName string   `json:"displayName"`
	Members     []string `json:"members"`
}
