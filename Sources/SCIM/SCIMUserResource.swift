import Domain
import JSON

/// A Portico user as a SCIM User resource (RFC 7643 §4.1 with the enterprise extension), and back.
///
/// `userName` is the sign-in name (`User.email`); the primary address of `emails` is kept beside it as
/// `contactEmail`, so an Entra guest keeps their real address. The simple strings Portico has no field for
/// (`title`, `department`, `manager`…) become the user's attributes under their SCIM names, which is where
/// `principal_tag_attributes` finds them; `emails`, `phoneNumbers` and `name.formatted` are kept as sent.
package enum SCIMUserResource {
    package static let schema = SCIMResourceSchema(core: .user, extensions: [.enterpriseUser])
    package static let endpoint = "/Users"

    /// Core attributes kept as user attributes, under these names.
    static let coreStrings = ["title", "preferredLanguage", "locale", "timezone"]
    /// Enterprise attributes kept as user attributes; `manager` holds the manager's id.
    static let enterpriseStrings = ["employeeNumber", "costCenter", "organization", "division", "department"]
    static let managerKey = "manager"
    /// Every user attribute SCIM owns: a `PUT` without one removes it; the others are the admin's.
    package static let attributeKeys = coreStrings + enterpriseStrings + [managerKey]

    /// The resource: `groups` as `(id, name)` pairs (nil leaves them out), `revision` as the ETag's
    /// version, `base` the service's URL (`https://portico.example.com/scim/v2`).
    package static func json(
        _ user: User, revision: Int, groups: [(id: String, name: String)]?, base: String
    ) -> [String: JSONNode] {
        let location = base + endpoint + "/" + user.id
        var resource: [String: JSONNode] = [
            "id": .string(user.id), "userName": .string(user.email), "displayName": .string(user.displayName),
            "active": .bool(user.isActive),
        ]
        var schemas = [SCIMSchema.userID]
        var name: [String: JSONNode] = [:]
        if !user.givenName.isEmpty { name["givenName"] = .string(user.givenName) }
        if !user.familyName.isEmpty { name["familyName"] = .string(user.familyName) }
        if case .object(let stored)? = user.profile["name"], let formatted = stored["formatted"] { name["formatted"] = formatted }
        if !name.isEmpty { resource["name"] = .object(name) }
        if let externalID = user.externalID { resource["externalId"] = .string(externalID) }
        if let emails = user.profile["emails"] {
            resource["emails"] = emails
        } else if user.source == .local {
            resource["emails"] = .array([.object(["value": .string(user.email), "type": .string("work"), "primary": .bool(true)])])
        }
        if let phoneNumbers = user.profile["phoneNumbers"] { resource["phoneNumbers"] = phoneNumbers }
        for key in coreStrings {
            if let value = user.attributes[key] { resource[key] = .string(value) }
        }
        var enterprise: [String: JSONNode] = [:]
        for key in enterpriseStrings {
            if let value = user.attributes[key] { enterprise[key] = .string(value) }
        }
        if let manager = user.attributes[managerKey] { enterprise["manager"] = .object(["value": .string(manager)]) }
        if !enterprise.isEmpty {
            resource[SCIMSchema.enterpriseUserID] = .object(enterprise)
            schemas.append(SCIMSchema.enterpriseUserID)
        }
        if let groups {
            resource["groups"] = .array(
                groups.map { group in
                    .object([
                        "value": .string(group.id), "display": .string(group.name),
                        "$ref": .string(base + SCIMGroupResource.endpoint + "/" + group.id),
                    ])
                })
        }
        resource["schemas"] = .strings(schemas)
        resource["meta"] = .object([
            "resourceType": .string("User"), "location": .string(location), "version": .string(version(revision)),
        ])
        return resource
    }

    /// The user a canonical resource describes, on top of `base` (the stored user for `PUT` and `PATCH`,
    /// a new one for `POST`): every SCIM-owned field comes from the resource, absent ones cleared; the
    /// Portico-only ones (admin flag, the admin's own attributes) stay.
    package static func user(from resource: [String: JSONNode], base: User) throws(SCIMRequestError) -> User {
        var user = base
        user.source = .scim
        guard let userName = try string(resource, "userName"), !userName.isEmpty else {
            throw .invalidValue("userName is required")
        }
        user.email = userName
        let name = try object(resource["name"], "name")
        user.givenName = try string(name, "givenName", in: "name") ?? ""
        user.familyName = try string(name, "familyName", in: "name") ?? ""
        let formatted = try string(name, "formatted", in: "name")
        user.profile["name"] = formatted.map { .object(["formatted": .string($0)]) }
        user.displayName =
            try string(resource, "displayName").flatMap { $0.isEmpty ? nil : $0 } ?? formatted
            ?? ([user.givenName, user.familyName].filter { !$0.isEmpty }.joined(separator: " ").nilIfEmpty ?? userName)
        switch resource["active"] {
        case nil, .null?: user.status = .active
        case .bool(let active)?: user.status = active ? .active : .disabled
        default: throw .invalidValue("active must be a boolean")
        }
        user.externalID = try string(resource, "externalId")
        let emails = try typedValues(resource, "emails")
        user.profile["emails"] = emails.isEmpty ? nil : .array(emails.map(\.json))
        user.contactEmail = contactEmail(emails, userName: userName)
        let phones = try typedValues(resource, "phoneNumbers")
        user.profile["phoneNumbers"] = phones.isEmpty ? nil : .array(phones.map(\.json))

        for key in attributeKeys { user.attributes[key] = nil }
        for key in coreStrings {
            user.attributes[key] = try string(resource, key)
        }
        let enterprise = try object(resource[SCIMSchema.enterpriseUserID], SCIMSchema.enterpriseUserID)
        for key in enterpriseStrings {
            user.attributes[key] = try string(enterprise, key, in: "enterprise extension")
        }
        user.attributes[managerKey] = try string(try object(enterprise["manager"], "manager"), "value", in: "manager")
        return user
    }

    package static func version(_ revision: Int) -> String { "W/\"\(revision)\"" }

    // MARK: Reading values

    /// One value of `emails` or `phoneNumbers`.
    struct TypedValue {
        var value: String
        var type: String?
        /// As sent: `false` stays `false`, absent stays absent (RFC 7643 §2.4 reads both as not primary).
        var primary: Bool?
        var display: String?

        var json: JSONNode {
            var fields: [String: JSONNode] = ["value": .string(value)]
            if let type { fields["type"] = .string(type) }
            if let primary { fields["primary"] = .bool(primary) }
            if let display { fields["display"] = .string(display) }
            return .object(fields)
        }
    }

    private static func typedValues(_ resource: [String: JSONNode], _ name: String) throws(SCIMRequestError) -> [TypedValue] {
        guard let node = resource[name], node != .null else { return [] }
        guard case .array(let items) = node else { throw .invalidValue("\(name) must be a list") }
        var values: [TypedValue] = []
        for item in items {
            let fields = try object(item, name)
            guard let value = try string(fields, "value", in: name), !value.isEmpty else { continue }
            let primary: Bool?
            switch fields["primary"] {
            case nil, .null?: primary = nil
            case .bool(let flag)?: primary = flag
            default: throw .invalidValue("\(name).primary must be a boolean")
            }
            values.append(
                TypedValue(
                    value: value, type: try string(fields, "type", in: name), primary: primary,
                    display: try string(fields, "display", in: name)))
        }
        return values
    }

    /// The address to keep beside the sign-in name: the primary email, else the work one, else the first;
    /// none when it is not an address.
    private static func contactEmail(_ emails: [TypedValue], userName: String) -> String? {
        let chosen = emails.first(where: { $0.primary == true }) ?? emails.first(where: { $0.type == "work" }) ?? emails.first
        guard let address = chosen?.value ?? (EmailAddress.problem(userName) == nil ? userName : nil) else { return nil }
        return EmailAddress.problem(address) == nil ? address : nil
    }

    private static func object(_ node: JSONNode?, _ name: String) throws(SCIMRequestError) -> [String: JSONNode] {
        switch node {
        case nil, .null?: return [:]
        case .object(let fields)?: return fields
        default: throw .invalidValue("\(name) must be an object")
        }
    }

    private static func string(_ fields: [String: JSONNode], _ key: String, in parent: String? = nil) throws(SCIMRequestError) -> String? {
        switch fields[key] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        default: throw .invalidValue("\(parent.map { $0 + "." } ?? "")\(key) must be a string")
        }
    }
}

extension String {
    fileprivate var nilIfEmpty: String? { isEmpty ? nil : self }
}
