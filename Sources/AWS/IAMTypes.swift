/// A tag on an IAM role or SAML provider.
package struct IAMTag: Hashable, Sendable {
    package var key: String
    package var value: String

    package init(key: String, value: String) {
        self.key = key
        self.value = value
    }

    /// The tag that marks what Portico created and may change or delete.
    package static let managed = IAMTag(key: "portico:managed", value: "true")
}

/// An IAM role as `GetRole`, `CreateRole` or `ListRoles` return it (`ListRoles` leaves out the tags).
package struct IAMRole: Sendable, Equatable {
    package var name: String
    package var path: String
    package var arn: String
    package var description: String?
    package var maxSessionDuration: Int
    /// The trust policy as JSON text, already URL-decoded.
    package var trustPolicy: String
    package var tags: [IAMTag]

    package init(
        name: String, path: String = "/", arn: String, description: String? = nil, maxSessionDuration: Int = 3600, trustPolicy: String,
        tags: [IAMTag] = []
    ) {
        self.name = name
        self.path = path
        self.arn = arn
        self.description = description
        self.maxSessionDuration = maxSessionDuration
        self.trustPolicy = trustPolicy
        self.tags = tags
    }

    /// Whether Portico created the role: it carries `portico:managed` = `true`.
    package var isManagedByPortico: Bool { tags.contains(IAMTag.managed) }
}

/// What `CreateRole` needs.
package struct IAMRoleDefinition: Sendable, Equatable {
    package var name: String
    package var path: String
    /// JSON text.
    package var trustPolicy: String
    package var description: String
    package var maxSessionDuration: Int
    package var tags: [IAMTag]

    package init(name: String, path: String = "/", trustPolicy: String, description: String, maxSessionDuration: Int, tags: [IAMTag]) {
        self.name = name
        self.path = path
        self.trustPolicy = trustPolicy
        self.description = description
        self.maxSessionDuration = maxSessionDuration
        self.tags = tags
    }
}

/// A managed policy attached to a role.
package struct IAMAttachedPolicy: Hashable, Sendable {
    package var name: String
    package var arn: String

    package init(name: String, arn: String) {
        self.name = name
        self.arn = arn
    }
}

/// A SAML provider as `GetSAMLProvider` returns it.
package struct IAMSAMLProvider: Sendable, Equatable {
    package var arn: String
    package var metadataDocument: String
    package var tags: [IAMTag]

    package init(arn: String, metadataDocument: String, tags: [IAMTag] = []) {
        self.arn = arn
        self.metadataDocument = metadataDocument
        self.tags = tags
    }
}
