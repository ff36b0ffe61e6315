package simulator

import "net/http"

// Okta is Okta's SCIM 2.0 client ("SCIM 2.0 protocol reference").
// Sources: idp-dialects.md, column "Okta".
func Okta() Dialect {
	return Dialect{
		Name:  "okta",
		Title: "Okta",

		// row "look-up before create": filter=userName%20eq%20"x"&startIndex=1&count=100 (doc)
		LookupAttribute: "userName",
		LookupOperator:  "eq",
		FilterSpaces:    SpacesPercent,
		LookupQuery:     "startIndex=1&count=100",

		// row "create": core schema, userName, name, primary work email,
		// displayName, locale, externalId, groups:[], password, active:true (doc)
		SendPassword:    true,
		SendGroupsEmpty: true,
		PrimaryWork:     true,
		ActiveOnCreate:  BoolJSON,

		OpCase:     OpLower,
		PatchBools: BoolJSON,
		// row "update": GET /Users/{id} then full PUT with id and meta (doc)
		Update: UpdateGetPut,
		// row "deactivate": {"op":"replace","value":{"active":false}}, no path (doc)
		Deactivate: DeactivatePatchNoPath,
		// row "delete": Okta never deletes users (doc). "Remove" for Okta
		// is deactivation; a reactivation re-activates the same resource.
		Remove: RemoveDeactivate,

		// row "group reads": GET /Groups?startIndex=1&count=100 (doc), matched locally
		GroupLookup:      GroupLookupList,
		GroupLookupQuery: "startIndex=1&count=100",
		// row "group create": displayName, members:[] (doc)
		GroupEmptyMembers: true,
		// row "rename group": {"op":"replace","value":{"id":"...","displayName":"..."}} (doc)
		GroupRename: RenamePatchNoPath,
		// row "add members": {"op":"add","path":"members","value":[{"value":"id","display":"..."}]} (doc)
		MemberDisplay: true,
		// row "remove members": {"op":"remove","path":"members[value eq \"id\"]"} (doc)
		MemberRemove: MemberRemoveByFilter,

		// row "test connection": GET /Users?startIndex=1&count=2 — uncertain (?)
		TestConnection: ProbeList,

		// row "no filter match": 200 empty, or 404 tolerated (doc)
		LookupMissStatuses: []int{200, 404},
		// row "duplicate create": 409 with error schema stops the job (doc)
		DuplicateStatus: 409,

		// row "headers": User-Agent, Accept, Accept-Charset, Content-Type (doc)
		ReadHeaders: http.Header{
			"User-Agent":     {"Okta SCIM Client 1.0.0"},
			"Accept":         {"application/scim+json"},
			"Accept-Charset": {"utf-8"},
		},
		WriteHeaders: http.Header{
			"User-Agent":     {"Okta SCIM Client 1.0.0"},
			"Accept":         {"application/scim+json"},
			"Accept-Charset": {"utf-8"},
			"Content-Type":   {"application/scim+json; charset=utf-8"},
		},
	}
}
