package simulator

import "net/http"

// Entra is Microsoft Entra ID's provisioning service in its default mode.
// Sources: idp-dialects.md, column "Entra ID".
func Entra() Dialect {
	return Dialect{
		Name:  "entra",
		Title: "Microsoft Entra ID",

		// row "look-up before create": GET /Users?filter=userName+eq+"x" (doc)
		LookupAttribute: "userName",
		LookupOperator:  "eq",
		FilterSpaces:    SpacesPlus,

		// row "create": core + enterprise schemas, externalId, userName,
		// active:true, primary work email, name, meta.resourceType, roles:[] (doc)
		EnterpriseSchema: true,
		SendRoles:        true,
		MetaResourceType: true,
		PrimaryWork:      true,
		NameFormatted:    true,
		ActiveOnCreate:   BoolJSON,

		// row "update": PATCH with only the changed attributes, several ops
		// in one request, `Replace`/`Add` capitalised, `Add` for a
		// value-filtered path that does not exist yet (doc, obs)
		OpCase:         OpCapitalized,
		Update:         UpdatePatch,
		AddWhenMissing: true,
		// row "deactivate": {"op":"Replace","path":"active","value":"False"} (doc)
		PatchBools: BoolStringTitle,
		Deactivate: DeactivatePatchPath,
		// row "delete": DELETE on hard delete, expects 204 (doc)
		Remove: RemoveDelete,

		// row "group reads": GET /Groups?excludedAttributes=members&filter=displayName+eq+"x" (doc)
		GroupLookup:      GroupLookupFilter,
		GroupLookupQuery: "excludedAttributes=members",
		// row "group create": externalId + displayName, members later by PATCH (doc)
		GroupExternalID: true,
		// row "rename group": Replace displayName (doc)
		GroupRename: RenamePatchPath,
		// row "add members": {"op":"Add","path":"members","value":[{"$ref":null,"value":"id"}]} (doc)
		MemberRefNull: true,
		// row "remove members": {"op":"Remove","path":"members","value":[{"value":"id"}]} (doc)
		MemberRemove: MemberRemoveByValueArray,

		// row "test connection": filter on the matching attribute with a random GUID, expects 200 empty (doc)
		TestConnection: ProbeFilterRandom,

		// row "no filter match": must be 200 with an empty list; 404 quarantines the job (doc)
		LookupMissStatuses: []int{200},
		// row "duplicate create": 409 expected; retried in later cycles (doc)
		DuplicateStatus: 409,
		// row "add members": re-sends adds for existing members (doc, obs)
		ResendsMemberAdds: true,

		// row "headers": writes Content-Type application/scim+json;
		// charset=utf-8, GETs do not ask for scim+json (obs). User-Agent:
		// uncertain (the doc is silent); none is sent, which also exercises
		// quirk 9 (missing User-Agent).
		ReadHeaders:  http.Header{"Accept": {""}, "User-Agent": {""}},
		WriteHeaders: http.Header{"Accept": {""}, "User-Agent": {""}, "Content-Type": {"application/scim+json; charset=utf-8"}},
	}
}

// EntraCompliant is Entra ID with the `aadOptscim062020` flag in the tenant
// URL, which switches to RFC behaviour (idp-dialects.md, paragraph under the
// table): lower-case ops, real booleans, remove by members[value eq ...],
// and a no-path replace whose value object has dotted keys.
func EntraCompliant() Dialect {
	d := Entra()
	d.Name = "entra-compliant"
	d.Title = "Microsoft Entra ID (aadOptscim062020)"
	d.OpCase = OpLower
	d.PatchBools = BoolJSON
	d.MemberRemove = MemberRemoveByFilter
	// Uncertain: the doc shows dotted and URN keys in the no-path value;
	// value-filtered paths (emails[type eq "work"].value) keep their own
	// path op here, since no source shows them as keys.
	d.Update = UpdatePatchNoPath
	// Uncertain: with the flag Entra still uses `add` for a value-filtered
	// element that does not exist yet; the flag page does not say otherwise.
	d.AddWhenMissing = true
	return d
}
