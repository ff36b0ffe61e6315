package simulator

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
	// rows "no filter match", "duplicate create": "?" — uncertain, Generic (200 empty, 409).
	return d
}
