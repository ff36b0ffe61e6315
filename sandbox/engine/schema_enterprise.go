package engine

// EnterpriseUserSchemaDef is the Enterprise User extension (RFC 7643 §4.3,
// representation in §8.7.1).
func EnterpriseUserSchemaDef() Schema {
	return Schema{
		ID:          EnterpriseUserSchema,
		Name:        "EnterpriseUser",
		Description: "Enterprise User",
		Attributes: []Attribute{
			str("employeeNumber", "Numeric or alphanumeric identifier assigned to a person."),
			str("costCenter", "Identifies the name of a cost center."),
			str("organization", "Identifies the name of an organization."),
			str("division", "Identifies the name of a division."),
			str("department", "Identifies the name of a department."),
			complexAttr("manager", "The User's manager.", []Attribute{
				str("value", "The id of the SCIM resource representing the User's manager."),
				ref("$ref", "The URI of the SCIM resource representing the User's manager.", []string{"User"}),
				str("displayName", "The displayName of the User's manager.", readOnly),
			}),
		},
	}
}
