package simulator

import "net/http"

// Generic is plain RFC 7644 with no IdP quirks: lower-case ops, JSON
// booleans, %20 in filters, PATCH with paths, DELETE to remove. It is the
// baseline every other dialect is a deviation from.
func Generic() Dialect {
	return Dialect{
		Name:  "generic",
		Title: "Generic RFC 7644",

		LookupAttribute: "userName",
		LookupOperator:  "eq",          // RFC 7644 §3.4.2.2 writes operators in lower case
		FilterSpaces:    SpacesPercent, // RFC 3986 query encoding
		LookupQuery:     "",

		ActiveOnCreate: BoolJSON,

		OpCase:     OpLower, // RFC 7644 §3.5.2
		PatchBools: BoolJSON,
		Update:     UpdatePatch,
		Deactivate: DeactivatePatchPath,
		Remove:     RemoveDelete, // RFC 7644 §3.6

		GroupLookup:        GroupLookupFilter,
		GroupInlineMembers: true, // RFC 7643 §4.2 allows members in the POST
		GroupRename:        RenamePatchPath,
		MemberRemove:       MemberRemoveByFilter, // RFC 7644 §3.5.2.2 example

		TestConnection: ProbeFilterRandom,

		LookupMissStatuses: []int{200}, // RFC 7644 §3.4.2: an empty ListResponse
		DuplicateStatus:    409,        // RFC 7644 §3.3, scimType uniqueness

		ReadHeaders:  http.Header{"Accept": {ContentTypeSCIM}},
		WriteHeaders: http.Header{"Accept": {ContentTypeSCIM}, "Content-Type": {ContentTypeSCIM}},
	}
}
