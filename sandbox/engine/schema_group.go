package engine

// GroupSchemaDef is the core Group schema (RFC 7643 §4.2, §8.7.1).
func GroupSchemaDef() Schema {
	return Schema{
		ID:          GroupSchema,
		Name:        "Group",
		Description: "Group",
		Attributes: []Attribute{
			// §8.7.1 lists displayName as required:false, but §4.2 calls it
			// REQUIRED and the contract needs a name per group; §4.2 wins.
			str("displayName", "A human-readable name for the Group. REQUIRED.", required),
			complexAttr("members", "A list of members of the Group.", []Attribute{
				str("value", "Identifier of the member of this Group.", immutable),
				ref("$ref", "The URI corresponding to a SCIM resource that is a member of this Group.", []string{"User", "Group"}, immutable),
				// display is named in §4.2 but missing from §8.7.1; IdPs
				// (Okta) send it, so it is accepted and stored.
				str("display", "A human-readable name, primarily used for display purposes."),
				str("type", "A label indicating the type of resource, e.g., 'User' or 'Group'.", canonical("User", "Group"), immutable),
			}, multiValued),
		},
	}
}

// GroupResource is the Group resource type (no extensions).
func GroupResource() ResourceSchema {
	return ResourceSchema{Name: "Group", Endpoint: "/Groups", Core: GroupSchemaDef()}
}
