package sandbox

import (
	"errors"

	"github.com/scimharness/scimharness/sandbox/engine"
)

// Kind selects a SCIM resource collection.
type Kind string

// Resource collections.
const (
	KindUser  Kind = "Users"
	KindGroup Kind = "Groups"
)

// Store errors.
var (
	ErrNotFound = errors.New("not found")
	ErrExists   = errors.New("already exists")
)

// Store persists tenants, tokens and each tenant's data. Everything a request
// reads or writes within one tenant runs inside View/Update so that checks
// such as userName uniqueness and the write that follows are atomic.
type Store interface {
	CreateTenant(t Tenant) error // ErrExists when the id is taken
	Tenant(id string) (Tenant, bool)
	Tenants() []Tenant

	PutToken(rec TokenRecord) error
	TokenByHash(hash [32]byte) (TokenRecord, bool)
	Tokens(tenantID string) []TokenRecord
	MarkTokenDeleted(tenantID, id string) error // ErrNotFound unless a live token of that tenant

	View(tenantID string, fn func(Tx) error) error   // ErrNotFound for an unknown tenant
	Update(tenantID string, fn func(Tx) error) error // fn's error aborts nothing already written: callers validate first
}

// Tx is one tenant's data inside View/Update. Resources handed out are the
// caller's own (decoded from the stored document); Put stores its own copy.
type Tx interface {
	Get(kind Kind, id string) (engine.Resource, bool)
	Has(kind Kind, id string) bool // without reading the resource
	// Display is what a group shows for a member: displayName, else
	// userName ("" when it has neither); false for an unknown id.
	Display(kind Kind, id string) (string, bool)
	// Lookup answers resources whose indexed attribute (userName compared
	// lower-cased, externalId, displayName, id) equals value, without scanning.
	Lookup(kind Kind, attr, value string) []engine.Resource
	// UserNamesLike answers the id and userName of the users Lookup by
	// userName would return, without decoding them: the uniqueness check
	// of every user write needs no more, and runs under the write lock.
	UserNamesLike(userName string) []NamedUser
	// LookupPrefix answers resources whose attr starts with prefix, compared
	// lower-cased, in creation order, without scanning (userName; any other
	// attr reads All).
	LookupPrefix(kind Kind, attr, prefix string) []engine.Resource
	All(kind Kind) []engine.Resource // in creation order
	// Page is All's resources startIndex (1-based) to startIndex+count-1,
	// without reading the others.
	Page(kind Kind, startIndex, count int) []engine.Resource
	// PageByUserName is All's users ordered as sortBy=userName orders them
	// (lower-cased userName, ties in creation order; descending reverses
	// the names, not the ties), startIndex (1-based) to
	// startIndex+count-1, without decoding the others. ok is false when
	// the store cannot answer from its index (then sort All).
	PageByUserName(descending bool, startIndex, count int) (page []engine.Resource, ok bool)
	// GroupsOf answers the SCIM groups listing user userID, without scanning.
	GroupsOf(userID string) []engine.Resource
	// GroupRefsOf answers the same groups as GroupsOf, by id and
	// displayName only: rendering a user's "groups" must not decode every
	// member of each group (a group of thousands is a large document).
	GroupRefsOf(userID string) []GroupRef
	Count(kind Kind) int
	Put(kind Kind, r engine.Resource) error // r["id"] must be a non-empty string
	Delete(kind Kind, id string) bool

	Account(id string) (Account, bool)
	AccountsByUserName(userName string) []Account // case-insensitive
	AccountByScimID(scimID string) (Account, bool)
	Accounts() []Account
	PutAccount(a Account)
	DeleteAccount(id string)

	Group(id string) (CantaraGroup, bool)
	GroupByScimID(scimID string) (CantaraGroup, bool)
	Groups() []CantaraGroup
	GroupsOfAccount(accountID string) []CantaraGroup // without scanning
	PutGroup(g CantaraGroup)
	DeleteGroup(id string)
}

// GroupRef is a group as a member's "groups" attribute shows it.
type GroupRef struct {
	ID          string
	DisplayName string
}

// NamedUser is a user's id and userName, as stored.
type NamedUser struct {
	ID, UserName string
}
