// Package engine is the pure SCIM logic of the embedded Cantara sandbox:
// schemas and discovery documents, filters, PATCH, projection, sorting and
// input normalisation. It knows nothing about HTTP or storage.
package engine

import (
	"encoding/json"
	"fmt"
	"strconv"
)

// Resource is a SCIM resource as a generic JSON object.
type Resource = map[string]any

// Schema URNs (RFC 7643 §8.7, RFC 7644 §3.1, §3.4.2, §3.5.2, §3.12).
const (
	UserSchema                  = "urn:ietf:params:scim:schemas:core:2.0:User"
	EnterpriseUserSchema        = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
	GroupSchema                 = "urn:ietf:params:scim:schemas:core:2.0:Group"
	ListResponseSchema          = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
	PatchOpSchema               = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
	ErrorSchema                 = "urn:ietf:params:scim:api:messages:2.0:Error"
	ServiceProviderConfigSchema = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"
	ResourceTypeSchema          = "urn:ietf:params:scim:schemas:core:2.0:ResourceType"
	SchemaSchema                = "urn:ietf:params:scim:schemas:core:2.0:Schema"
)

// scimType values of RFC 7644 §3.12, Table 9.
const (
	ScimTypeInvalidFilter = "invalidFilter"
	ScimTypeTooMany       = "tooMany"
	ScimTypeUniqueness    = "uniqueness"
	ScimTypeMutability    = "mutability"
	ScimTypeInvalidSyntax = "invalidSyntax"
	ScimTypeInvalidPath   = "invalidPath"
	ScimTypeNoTarget      = "noTarget"
	ScimTypeInvalidValue  = "invalidValue"
	ScimTypeInvalidVers   = "invalidVers"
	ScimTypeSensitive     = "sensitive"
)

// Error is a SCIM error document (RFC 7644 §3.12). Status is the HTTP
// status; ScimType is one of the Table 9 codes or empty.
type Error struct {
	Status   int
	ScimType string
	Detail   string
	// StatusAsNumber serialises status as a JSON number instead of the
	// string RFC 7644 §3.12 requires ("numeric-error-status" fault).
	StatusAsNumber bool
}

// Errorf builds an *Error with a formatted detail; client input among the
// arguments is clipped to MaxEcho characters (Detailf).
func Errorf(status int, scimType, format string, args ...any) *Error {
	return &Error{Status: status, ScimType: scimType, Detail: Detailf(format, args...)}
}

func (e *Error) Error() string {
	if e.ScimType == "" {
		return fmt.Sprintf("scim %d: %s", e.Status, e.Detail)
	}
	return fmt.Sprintf("scim %d %s: %s", e.Status, e.ScimType, e.Detail)
}

// MarshalJSON writes the RFC 7644 §3.12 document; status is a string unless
// StatusAsNumber is set, scimType is omitted when empty.
func (e *Error) MarshalJSON() ([]byte, error) {
	doc := map[string]any{"schemas": []string{ErrorSchema}}
	if e.StatusAsNumber {
		doc["status"] = e.Status
	} else {
		doc["status"] = strconv.Itoa(e.Status)
	}
	if e.ScimType != "" {
		doc["scimType"] = e.ScimType
	}
	if e.Detail != "" {
		doc["detail"] = e.Detail
	}
	return json.Marshal(doc)
}

// Shorthands for the codes this package produces.
func badRequest(scimType, format string, args ...any) *Error {
	return Errorf(400, scimType, format, args...)
}
