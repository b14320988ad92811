/// A named set of users; assignments to a group reach every member. Groups do not nest.
package struct Group: Hashable, Sendable {
    package var id: String
    /// Unique, compared exactly: `Admins` and `admins` are two groups, as in Entra ID's display names.
    package var name: String
    package var description: String
    package var source: DirectorySource
    package var externalID: String?
    /// What the group asks of its members' second factor; set by admins only, never by SCIM.
    package var mfaRule: MFARule

    package init(
        id: String = FieldRules.newIdentifier(), name: String, description: String = "", source: DirectorySource = .local,
        externalID: String? = nil, mfaRule: MFARule = .none
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.source = source
        self.externalID = externalID
        self.mfaRule = mfaRule
    }

    package func validate() -> [FieldError] {
        var errors: [FieldError] = []
        if !FieldRules.isIdentifier(id) { errors.append(FieldError("id", "must be a lowercase UUID")) }
        if let reason = FieldRules.text(name, required: true, maximum: 128) { errors.append(FieldError("name", reason)) }
        if let reason = FieldRules.text(description, required: false, maximum: 1024) {
            errors.append(FieldError("description", reason))
        }
        if let externalID, let reason = FieldRules.text(externalID, required: true, maximum: 256) {
            errors.append(FieldError("external_id", reason))
        }
        return errors
    }
}
