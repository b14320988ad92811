extension SCIMSchema {
    package static let userID = "urn:ietf:params:scim:schemas:core:2.0:User"
    package static let groupID = "urn:ietf:params:scim:schemas:core:2.0:Group"
    package static let enterpriseUserID = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

    private static let typedValue: [SCIMAttribute] = [
        SCIMAttribute("value", .string), SCIMAttribute("display", .string), SCIMAttribute("type", .string),
        SCIMAttribute("primary", .boolean),
    ]

    /// RFC 7643 §4.1, the attributes Portico keeps; `userName` is the sign-in identifier, unique whatever its case.
    package static let user = SCIMSchema(
        id: userID, name: "User", description: "A person who signs in to Portico",
        attributes: [
            SCIMAttribute(
                "userName", .string, description: "Unique identifier for the user, used to sign in", required: true, uniqueness: .server),
            SCIMAttribute(
                "name", .complex, description: "The components of the user's name",
                subAttributes: [
                    SCIMAttribute("formatted", .string), SCIMAttribute("familyName", .string), SCIMAttribute("givenName", .string),
                ]),
            SCIMAttribute("displayName", .string, description: "The name shown in Portico"),
            SCIMAttribute("title", .string), SCIMAttribute("preferredLanguage", .string), SCIMAttribute("locale", .string),
            SCIMAttribute("timezone", .string),
            SCIMAttribute("active", .boolean, description: "Whether the user may sign in; false ends every session at once"),
            SCIMAttribute("emails", .complex, multiValued: true, description: "Email addresses", subAttributes: typedValue),
            SCIMAttribute("phoneNumbers", .complex, multiValued: true, description: "Phone numbers", subAttributes: typedValue),
            SCIMAttribute(
                "groups", .complex, multiValued: true, description: "The groups the user is in", mutability: .readOnly,
                subAttributes: [
                    SCIMAttribute("value", .string, mutability: .readOnly), SCIMAttribute("display", .string, mutability: .readOnly),
                    SCIMAttribute("$ref", .reference, mutability: .readOnly, referenceTypes: ["Group"]),
                ]),
        ])

    /// RFC 7643 §4.2: members are users only, since Entra does not provision nested groups.
    package static let group = SCIMSchema(
        id: groupID, name: "Group", description: "A group of users that assignments can name",
        attributes: [
            SCIMAttribute("displayName", .string, description: "The group's name, unique", required: true, uniqueness: .server),
            SCIMAttribute(
                "members", .complex, multiValued: true, description: "The group's members",
                subAttributes: [
                    SCIMAttribute("value", .string, mutability: .immutable), SCIMAttribute("display", .string, mutability: .readOnly),
                    SCIMAttribute("$ref", .reference, mutability: .immutable, referenceTypes: ["User"]),
                    SCIMAttribute("type", .string, mutability: .immutable, canonicalValues: ["User"]),
                ]),
        ])

    /// RFC 7643 §4.3: kept as the user's attributes, so `principal_tag_attributes` can send them to AWS.
    package static let enterpriseUser = SCIMSchema(
        id: enterpriseUserID, name: "EnterpriseUser", description: "Enterprise user",
        attributes: [
            SCIMAttribute("employeeNumber", .string), SCIMAttribute("costCenter", .string), SCIMAttribute("organization", .string),
            SCIMAttribute("division", .string), SCIMAttribute("department", .string),
            SCIMAttribute(
                "manager", .complex,
                subAttributes: [SCIMAttribute("value", .string), SCIMAttribute("displayName", .string, mutability: .readOnly)]),
        ])

    /// Every schema, as `/Schemas` lists them.
    package static let all = [user, group, enterpriseUser]
}
