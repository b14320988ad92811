import JSON

/// Applies PATCH operations (RFC 7644 §3.5.2) to a resource in its SCIM JSON form.
///
/// The endpoint renders the stored resource, patches the JSON here, and reads the result back through the
/// same mapping a `PUT` uses, so PATCH needs no second copy of what each attribute means. Attributes the
/// resource type does not have are skipped (Entra's default mappings send `addresses`, which Portico does
/// not keep; the request log shows them); read-only ones are refused with `mutability`.
package struct SCIMPatcher: Sendable {
    package let schema: SCIMResourceSchema

    package init(schema: SCIMResourceSchema) {
        self.schema = schema
    }

    /// `resource` with every operation applied in order.
    package func apply(_ operations: [SCIMPatchOperation], to resource: [String: JSONNode]) throws(SCIMRequestError) -> [String: JSONNode] {
        var resource = resource
        for operation in operations {
            try apply(operation, to: &resource)
        }
        return resource
    }

    private func apply(_ operation: SCIMPatchOperation, to resource: inout [String: JSONNode]) throws(SCIMRequestError) {
        guard let path = operation.path else {
            // Without a path the value is an object of attributes, each applied as if it were the path;
            // its keys may be paths themselves (`name.givenName`, `urn:…:enterprise:2.0:User:department`).
            guard case .object(let members)? = operation.value else {
                throw .noTarget("\(operation.kind.rawValue) without a path needs an object of attributes")
            }
            for (key, value) in members.sorted(by: { $0.key < $1.key }) {
                if let owner = schema.extensionSchema(key), case .object(let inner) = value {
                    for (name, innerValue) in inner.sorted(by: { $0.key < $1.key }) {
                        try apply(
                            operation.kind, SCIMPatchPath(attribute: SCIMAttributePath(schema: owner.id, name: name)), innerValue, &resource
                        )
                    }
                    continue
                }
                guard let keyPath = try? SCIMPatchPath.parse(key), keyPath.filter == nil else {
                    throw .invalidPath("\"\(key)\" in a \(operation.kind.rawValue) value is not an attribute")
                }
                try apply(operation.kind, keyPath, value, &resource)
            }
            return
        }
        if path.filter == nil, path.subAttribute == nil, path.attribute.subAttribute == nil,
            let owner = schema.extensionSchema(path.attribute.description)
        {
            try applyToExtension(operation.kind, owner, operation.value, &resource)
            return
        }
        try apply(operation.kind, path, operation.value, &resource)
    }

    /// A path naming a whole extension (`urn:…:enterprise:2.0:User`): its attributes, as in a pathless value
    /// (like a complex attribute's, those not named stay); `remove` removes them all.
    private func applyToExtension(
        _ kind: SCIMPatchOperation.Kind, _ owner: SCIMSchema, _ value: JSONNode?, _ resource: inout [String: JSONNode]
    ) throws(SCIMRequestError) {
        if kind == .remove {
            resource[owner.id] = nil
            return
        }
        guard case .object(let inner)? = value else {
            throw .invalidValue("\(kind.rawValue) \(owner.id) takes an object of its attributes")
        }
        for (name, innerValue) in inner.sorted(by: { $0.key < $1.key }) {
            try apply(kind, SCIMPatchPath(attribute: SCIMAttributePath(schema: owner.id, name: name)), innerValue, &resource)
        }
    }

    private func apply(
        _ kind: SCIMPatchOperation.Kind, _ path: SCIMPatchPath, _ sent: JSONNode?, _ resource: inout [String: JSONNode]
    ) throws(SCIMRequestError) {
        guard let resolved = schema.resolve(path.attribute) else { return }
        let attribute = resolved.attribute
        guard attribute.mutability != .readOnly else {
            throw SCIMRequestError(status: 400, scimType: "mutability", detail: "\(attribute.name) is read-only")
        }
        let subName = path.subAttribute ?? path.attribute.subAttribute
        var sub: SCIMAttribute?
        if let subName {
            sub = attribute.subAttribute(subName)
            guard sub != nil else { return }
        }
        let value = sent.map { sub?.typed($0) ?? attribute.typed($0) }
        var container = containerObject(resolved.container, in: resource)
        let current = container[attribute.name]
        let updated: JSONNode?
        if let filter = path.filter {
            guard attribute.multiValued, attribute.kind == .complex else {
                throw .invalidPath("\(attribute.name) is not a list of complex values, so it takes no filter")
            }
            updated = try patchElements(kind, attribute, filter: filter, sub: sub, value: value, current: current)
        } else if let sub {
            updated = try patchSubAttribute(kind, attribute, sub: sub, value: value, current: current)
        } else {
            updated = try patchWhole(kind, attribute, value: value, current: current)
        }
        container[attribute.name] = updated.map { Self.keepingOnePrimary($0) }
        if let extensionID = resolved.container {
            resource[extensionID] = .object(container)
        } else {
            resource = container
        }
    }

    private func containerObject(_ extensionID: String?, in resource: [String: JSONNode]) -> [String: JSONNode] {
        guard let extensionID else { return resource }
        if case .object(let members)? = resource[extensionID] { return members }
        return [:]
    }

    // MARK: The three kinds of target

    /// `emails`, `name`, `displayName`: the whole attribute.
    private func patchWhole(_ kind: SCIMPatchOperation.Kind, _ attribute: SCIMAttribute, value: JSONNode?, current: JSONNode?)
        throws(SCIMRequestError) -> JSONNode?
    {
        switch kind {
        case .remove:
            // A value with a remove (as Entra sends for members) removes just those values.
            guard attribute.multiValued, let value, case .array(let existing)? = current else { return nil }
            let doomed = Self.list(value).map { canonical($0, attribute) }
            let kept = existing.filter { element in !doomed.contains { Self.sameValue($0, element) } }
            return kept.isEmpty ? nil : .array(kept)
        case .add where attribute.multiValued:
            var elements: [JSONNode] = []
            if case .array(let existing)? = current { elements = existing }
            for item in Self.list(value ?? .null).map({ canonical($0, attribute) })
            where !elements.contains(where: { Self.sameValue($0, item) }) {
                elements.append(item)
            }
            return .array(elements)
        case .replace where attribute.multiValued:
            return .array(Self.list(value ?? .null).map { canonical($0, attribute) })
        case .add, .replace:
            guard let value else { return current }
            if attribute.kind == .complex, case .object(let merged) = canonical(value, attribute) {
                var fields: [String: JSONNode] = [:]
                if case .object(let existing)? = current { fields = existing }
                fields.merge(merged) { $1 }
                return .object(fields)
            }
            return value
        }
    }

    /// `name.givenName`: one sub-attribute of a complex attribute (of each value, for a list).
    private func patchSubAttribute(
        _ kind: SCIMPatchOperation.Kind, _ attribute: SCIMAttribute, sub: SCIMAttribute, value: JSONNode?, current: JSONNode?
    ) throws(SCIMRequestError) -> JSONNode? {
        func set(_ element: JSONNode) -> JSONNode {
            guard case .object(var fields) = element else { return element }
            fields[sub.name] = kind == .remove ? nil : value
            return .object(fields)
        }
        if attribute.multiValued {
            guard case .array(let elements)? = current else { return current }
            return .array(elements.map(set))
        }
        let result = set(current ?? .object([:]))
        if case .object(let fields) = result, fields.isEmpty { return nil }
        return result
    }

    /// `emails[type eq "work"]` and `emails[type eq "work"].value`: the values a filter selects.
    private func patchElements(
        _ kind: SCIMPatchOperation.Kind, _ attribute: SCIMAttribute, filter: SCIMFilter, sub: SCIMAttribute?, value: JSONNode?,
        current: JSONNode?
    ) throws(SCIMRequestError) -> JSONNode? {
        var elements: [JSONNode] = []
        if case .array(let existing)? = current { elements = existing }
        let evaluator = SCIMFilterEvaluator(caseExact: { [schema] key in schema.isCaseExact(attribute.name.lowercased() + "." + key) })
        let selected = elements.indices.filter { evaluator.matches(filter, elements[$0]) }
        switch kind {
        case .remove:
            if let sub {
                for index in selected {
                    guard case .object(var fields) = elements[index] else { continue }
                    fields[sub.name] = nil
                    elements[index] = .object(fields)
                }
            } else {
                elements = elements.indices.filter { !selected.contains($0) }.map { elements[$0] }
            }
        case .add, .replace:
            guard let value else { throw .invalidValue("\(kind.rawValue) needs a value") }
            if selected.isEmpty {
                // Entra sets `emails[type eq "work"].value` on a user who has no work address yet: the
                // filter's equalities describe the value to add. Without them there is nothing to aim at.
                guard var fields = Self.equalities(filter), !fields.isEmpty else {
                    throw .noTarget("no value of \(attribute.name) matches [\(filter)]")
                }
                if let sub {
                    fields[sub.name] = value
                } else if case .object(let given) = canonical(value, attribute) {
                    fields.merge(given) { $1 }
                }
                elements.append(canonical(.object(fields), attribute))
            }
            for index in selected {
                if let sub {
                    guard case .object(var fields) = elements[index] else { continue }
                    fields[sub.name] = value
                    elements[index] = .object(fields)
                } else if kind == .replace {
                    elements[index] = canonical(value, attribute)
                } else if case .object(var fields) = elements[index], case .object(let given) = canonical(value, attribute) {
                    fields.merge(given) { $1 }
                    elements[index] = .object(fields)
                }
            }
        }
        return elements.isEmpty ? nil : .array(elements)
    }

    // MARK: Values

    /// A complex value with its sub-attributes named as the schema spells them and unknown ones dropped.
    private func canonical(_ value: JSONNode, _ attribute: SCIMAttribute) -> JSONNode {
        guard attribute.kind == .complex, case .object(let fields) = value else { return value }
        var result: [String: JSONNode] = [:]
        for (key, item) in fields {
            if let sub = attribute.subAttribute(key) { result[sub.name] = item }
        }
        return .object(result)
    }

    /// `[a, b]` as it is, a single value as a list of one.
    private static func list(_ value: JSONNode) -> [JSONNode] {
        if case .array(let items) = value { return items }
        return value == .null ? [] : [value]
    }

    /// Two values of a multi-valued attribute are the same when their `value`s are (or, without one, when equal).
    private static func sameValue(_ left: JSONNode, _ right: JSONNode) -> Bool {
        if case .object(let a) = left, case .object(let b) = right, let value = a["value"], value == b["value"] { return true }
        return left == right
    }

    /// The `attr eq "x"` comparisons a filter is a conjunction of, as the fields of a new value; nil when
    /// it says anything else.
    private static func equalities(_ filter: SCIMFilter) -> [String: JSONNode]? {
        switch filter {
        case .compare(let path, .equal, let value) where path.subAttribute == nil:
            return [path.name: value.json]
        case .and(let left, let right):
            guard let a = equalities(left), let b = equalities(right) else { return nil }
            return a.merging(b) { first, _ in first }
        default:
            return nil
        }
    }

    /// At most one value of a list may be primary (RFC 7643 §2.4): the last one marked wins.
    private static func keepingOnePrimary(_ node: JSONNode) -> JSONNode {
        guard case .array(var elements) = node else { return node }
        let primaries = elements.indices.filter { index in
            if case .object(let fields) = elements[index], fields["primary"] == .bool(true) { return true }
            return false
        }
        for index in primaries.dropLast() {
            guard case .object(var fields) = elements[index] else { continue }
            fields["primary"] = .bool(false)
            elements[index] = .object(fields)
        }
        return .array(elements)
    }
}
