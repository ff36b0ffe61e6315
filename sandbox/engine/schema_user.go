package engine

// UserSchemaDef is the core User schema as represented in RFC 7643 §8.7.1
// (attribute semantics in §4.1).
func UserSchemaDef() Schema {
	return Schema{
		ID:          UserSchema,
		Name:        "User",
		Description: "User Account",
		Attributes: []Attribute{
			str("userName", "Unique identifier for the User, typically used by the user to directly authenticate to the service provider. REQUIRED.",
				required, uniqServer),
			complexAttr("name", "The components of the user's real name.", []Attribute{
				str("formatted", "The full name, including all middle names, titles, and suffixes as appropriate, formatted for display."),
				str("familyName", "The family name of the User, or last name in most Western languages."),
				str("givenName", "The given name of the User, or first name in most Western languages."),
				str("middleName", "The middle name(s) of the User."),
				str("honorificPrefix", "The honorific prefix(es) of the User, or title in most Western languages."),
				str("honorificSuffix", "The honorific suffix(es) of the User, or suffix in most Western languages."),
			}),
			str("displayName", "The name of the User, suitable for display to end-users."),
			str("nickName", "The casual way to address the user in real life."),
			ref("profileUrl", "A fully qualified URL pointing to a page representing the User's online profile.", []string{"external"}),
			str("title", "The user's title, such as \"Vice President\"."),
			str("userType", "Used to identify the relationship between the organization and the user."),
			str("preferredLanguage", "Indicates the User's preferred written or spoken language."),
			str("locale", "Used to indicate the User's default location for purposes of localizing items such as currency."),
			str("timezone", "The User's time zone in the 'Olson' time zone database format."),
			boolean("active", "A Boolean value indicating the User's administrative status."),
			str("password", "The User's cleartext password. Never returned.", writeOnly, neverRet),
			multiValuedStd("emails", "Email addresses for the user.",
				str("value", "Email addresses for the user."), "work", "home", "other"),
			multiValuedStd("phoneNumbers", "Phone numbers for the User.",
				str("value", "Phone number of the User."), "work", "home", "mobile", "fax", "pager", "other"),
			multiValuedStd("ims", "Instant messaging addresses for the User.",
				str("value", "Instant messaging address for the User."), "aim", "gtalk", "icq", "xmpp", "msn", "skype", "qq", "yahoo"),
			multiValuedStd("photos", "URLs of photos of the User.",
				ref("value", "URL of a photo of the User.", []string{"external"}), "photo", "thumbnail"),
			complexAttr("addresses", "A physical mailing address for this User.", []Attribute{
				str("formatted", "The full mailing address, formatted for display or use with a mailing label."),
				str("streetAddress", "The full street address component."),
				str("locality", "The city or locality component."),
				str("region", "The state or region component."),
				str("postalCode", "The zip code or postal code component."),
				str("country", "The country name component."),
				str("type", "A label indicating the attribute's function.", canonical("work", "home", "other")),
				boolean("primary", "A Boolean value indicating the 'primary' or preferred address."),
			}, multiValued),
			complexAttr("groups", "A list of groups to which the user belongs, either through direct membership or through nested groups.", []Attribute{
				str("value", "The identifier of the User's group.", readOnly),
				ref("$ref", "The URI of the corresponding 'Group' resource.", []string{"User", "Group"}, readOnly),
				str("display", "A human-readable name, primarily used for display purposes.", readOnly),
				str("type", "A label indicating the attribute's function.", canonical("direct", "indirect"), readOnly),
			}, multiValued, readOnly),
			multiValuedStd("entitlements", "A list of entitlements for the User.",
				str("value", "The value of an entitlement.")),
			multiValuedStd("roles", "A list of roles for the User.",
				str("value", "The value of a role.")),
			multiValuedStd("x509Certificates", "A list of certificates issued to the User.",
				newAttr("value", TypeBinary, "The value of an X.509 certificate.")),
		},
	}
}

// UserResource is the User resource type: core schema plus the enterprise
// extension (RFC 7643 §6, §8.7.2).
func UserResource() ResourceSchema {
	return ResourceSchema{
		Name:       "User",
		Endpoint:   "/Users",
		Core:       UserSchemaDef(),
		Extensions: []Schema{EnterpriseUserSchemaDef()},
	}
}
