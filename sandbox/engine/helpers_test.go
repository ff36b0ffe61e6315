package engine

// sampleUser is a full User as the store would hold it.
func sampleUser() Resource {
	return Resource{
		"schemas":     []any{UserSchema, EnterpriseUserSchema},
		"id":          "u1",
		"externalId":  "ext-1",
		"userName":    "bjensen@example.com",
		"displayName": "Babs Jensen",
		"name":        map[string]any{"givenName": "Barbara", "familyName": "Jensen", "formatted": "Ms. Barbara J Jensen"},
		"active":      true,
		"locale":      "en-US",
		"title":       "Tour Guide",
		"password":    "t1meMa$heen",
		"emails": []any{
			map[string]any{"value": "bjensen@example.com", "type": "work", "primary": true},
			map[string]any{"value": "babs@jensen.org", "type": "home"},
		},
		"phoneNumbers": []any{map[string]any{"value": "555-555-8377", "type": "work"}},
		"groups":       []any{map[string]any{"value": "g1", "display": "Tour Guides"}},
		EnterpriseUserSchema: map[string]any{
			"employeeNumber": "701984",
			"department":     "Tour Operations",
			"manager":        map[string]any{"value": "m1", "displayName": "John Smith"},
		},
		"meta": map[string]any{
			"resourceType": "User",
			"created":      "2010-01-23T04:56:22Z",
			"lastModified": "2011-05-13T04:42:34Z",
			"location":     "https://example.com/scim/v2/t1/Users/u1",
		},
	}
}

// sampleGroup is a Group with two members.
func sampleGroup() Resource {
	return Resource{
		"schemas":     []any{GroupSchema},
		"id":          "g1",
		"displayName": "Tour Guides",
		"members": []any{
			map[string]any{"value": "u1", "display": "Babs Jensen", "type": "User"},
			map[string]any{"value": "u2", "display": "Mandy Pepperidge", "type": "User"},
		},
		"meta": map[string]any{"resourceType": "Group", "created": "2010-01-23T04:56:22Z"},
	}
}
