package simulator

import "net/http"

// OneLogin is OneLogin's SCIM provisioning (an admin-written template).
// Sources: idp-dialects.md, column "OneLogin"; most rows there are "?", so
// everything not listed below follows Generic and is uncertain.
func OneLogin() Dialect {
	d := Generic()
	d.Name = "onelogin"
	d.Title = "OneLogin"
	// row "look-up before create": by userName — uncertain (?); encoding
	// unknown, %20 as in Generic.
	// row "create": may send "active":"true" as a string — uncertain (?)
	d.ActiveOnCreate = BoolStringLower
	// row "add members": lower-case `add` (obs) — Generic already does.
	// rows "update", "deactivate", "delete", "remove members", "rename":
	// "?" — uncertain, Generic RFC shapes.
	// row "test connection": "on enable" — uncertain what it sends; the
	// RFC-neutral filter probe.
	// row "headers": empty User-Agent (obs)
	d.ReadHeaders = http.Header{"Accept": {ContentTypeSCIM}, "User-Agent": {""}}
	d.WriteHeaders = http.Header{"Accept": {ContentTypeSCIM}, "Content-Type": {ContentTypeSCIM}, "User-Agent": {""}}
	return d
}

// JumpCloud is JumpCloud's custom SCIM integration.
// Sources: idp-dialects.md, column "JumpCloud".
func JumpCloud() Dialect {
	d := Generic()
	d.Name = "jumpcloud"
	d.Title = "JumpCloud"
	// row "look-up before create": "looks up, attribute unknown" (doc) —
	// uncertain which attribute; userName with %20 as in Generic.
	// row "create": "fixed mapping" (doc) — the profile is that mapping.
	// row "update": "?" — uncertain, Generic PATCH.
	// row "deactivate": inactive, separate from delete (doc) — PATCH active.
	d.Deactivate = DeactivatePatchPath
	// row "delete": DELETE when the user is deleted (doc)
	d.Remove = RemoveDelete
	// row "group create": never creates empty groups (doc) — members known
	// at create time go in the POST body.
	d.GroupInlineMembers = true
	// row "group reads": by name (doc) — a displayName filter.
	d.GroupLookup = GroupLookupFilter
	// row "add members": (?) — uncertain, Generic.
	// row "remove members": value array (?) — uncertain.
	d.MemberRemove = MemberRemoveByValueArray
	// row "test connection": creates a test user and group, then deletes them (doc)
	d.TestConnection = ProbeCreateDelete
	// row "headers": "?" — uncertain, Generic.
	return d
}

// Ping is PingFederate / PingOne's SCIM connector.
// Sources: idp-dialects.md, column "Ping(Federate/One)".
func Ping() Dialect {
	d := Generic()
	d.Name = "ping"
	d.Title = "Ping Identity"
	// row "look-up before create": admin-written filter such as
	// `username Eq "x"` with a mixed-case operator (doc); the space
	// encoding is uncertain, %20 as in Generic.
	d.LookupAttribute = "username"
	d.LookupOperator = "Eq"
	// row "update": PUT, no PATCH for users (doc), built from Ping's own
	// state (no GET first — uncertain).
	d.Update = UpdatePut
	// row "deactivate": "disable or delete, a setting" (doc): disable, by PUT.
	d.Deactivate = DeactivatePut
	// row "delete": configurable (doc): DELETE.
	d.Remove = RemoveDelete
	// row "group reads": lists all groups, matches locally (doc)
	d.GroupLookup = GroupLookupList
	d.GroupLookupQuery = ""
	// row "rename group" and "add members": PATCH (doc), RFC shapes.
	// row "remove members": "?" — uncertain, Generic.
	// row "test connection": "?" — uncertain, Generic.
	// row "headers": "?" — uncertain, Generic.
	return d
}
