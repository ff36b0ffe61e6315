package simulator

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
	// rows "no filter match", "duplicate create": "?" — uncertain, Generic (200 empty, 409).
	return d
}
