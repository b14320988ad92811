import JSON

/// One operation of a PATCH request (RFC 7644 §3.5.2), read leniently where Microsoft Entra departs from
/// the RFC's spelling and strictly everywhere else.
///
/// Entra writes `"Add"`, `"Replace"` and `"Remove"` capitalised and replaces several attributes at once with
/// a `replace` without `path` whose value is an object; both are accepted here. Its booleans sent as the
/// strings `"True"` and `"False"` are read where the schema says the attribute is a boolean (`SCIMPatcher`),
/// since only there do they mean one. What the operation then does to a user or group is the endpoint's.
package struct SCIMPatchOperation: Hashable, Sendable {
    package enum Kind: String, Hashable, Sendable {
        case add, replace, remove
    }

    package var kind: Kind
    package var path: SCIMPatchPath?
    package var value: JSONNode?

    package init(kind: Kind, path: SCIMPatchPath? = nil, value: JSONNode? = nil) {
        self.kind = kind
        self.path = path
        self.value = value
    }

    /// The schema URI every PATCH body must name.
    package static let messageSchema = "urn:ietf:params:scim:api:messages:2.0:PatchOp"

    /// The operations of a PATCH body, or why it is not one: a `SCIMRequestError` with the `scimType` the
    /// RFC gives (`invalidSyntax`, `invalidPath`, `noTarget`, `invalidValue`).
    package static func operations(of body: JSONNode) throws(SCIMRequestError) -> [SCIMPatchOperation] {
        guard case .object(let members) = body else { throw .invalidSyntax("a PATCH body is a JSON object") }
        guard case .array(let schemas)? = members["schemas"], schemas.contains(.string(messageSchema)) else {
            throw .invalidSyntax("a PATCH body's schemas must include \(messageSchema)")
        }
        guard case .array(let list)? = members["Operations"] ?? members["operations"], !list.isEmpty else {
            throw .invalidSyntax("a PATCH body needs a non-empty Operations list")
        }
        var operations: [SCIMPatchOperation] = []
        for (index, item) in list.enumerated() {
            operations.append(try operation(item, index: index))
        }
        return operations
    }

    private static func operation(_ item: JSONNode, index: Int) throws(SCIMRequestError) -> SCIMPatchOperation {
        guard case .object(let fields) = item else { throw .invalidSyntax("Operations[\(index)] is not an object") }
        guard case .string(let op)? = fields["op"], let kind = Kind(rawValue: op.lowercased()) else {
            throw .invalidSyntax("Operations[\(index)].op must be add, replace or remove")
        }
        var path: SCIMPatchPath?
        if let pathField = fields["path"] {
            guard case .string(let text) = pathField else { throw .invalidPath("Operations[\(index)].path must be a string") }
            do {
                path = try SCIMPatchPath.parse(text)
            } catch {
                throw .invalidPath("Operations[\(index)].path: \(error)")
            }
        }
        let value = fields["value"]
        switch kind {
        case .remove:
            // RFC 7644 §3.5.2.2: remove needs a path. Entra removes members with a value list and no path,
            // which the endpoint reads as `members` removals; any other pathless remove has no target.
            if path == nil, value == nil { throw .noTarget("Operations[\(index)]: remove needs a path") }
        case .add, .replace:
            guard let value else { throw .invalidValue("Operations[\(index)]: \(kind.rawValue) needs a value") }
            if path == nil {
                guard case .object = value else {
                    throw .invalidValue("Operations[\(index)]: \(kind.rawValue) without a path takes an object of attributes")
                }
            }
        }
        return SCIMPatchOperation(kind: kind, path: path, value: value)
    }
}
