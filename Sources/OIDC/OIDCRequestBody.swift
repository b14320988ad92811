import JSON

/// The members of an SSO-OIDC request body, read with a refusal that names the member for anything wrong.
///
/// botocore sends every operation's input as one JSON object and leaves out members that are not set; a
/// `null` is read as absent too. Members the model has and Portico does not use, and members it does not
/// have, are ignored, as a service ignores what a newer SDK adds.
struct OIDCRequestBody {
    private let members: [String: JSONNode]

    init(_ bytes: [UInt8]) throws(OIDCError) {
        let node: JSONNode
        do {
            node = try JSONNode.parse(bytes)
        } catch {
            throw .invalidRequest("The request body is not JSON: \(error.description).")
        }
        guard case .object(let members) = node else {
            throw .invalidRequest("The request body must be a JSON object.")
        }
        self.members = members
    }

    /// A string member that must be present and non-empty, of at most `maxLength` characters.
    func requiredString(_ name: String, maxLength: Int) throws(OIDCError) -> String {
        guard let value = try optionalString(name, maxLength: maxLength) else {
            throw .invalidRequest("\(name) is required.")
        }
        return value
    }

    /// A string member that may be absent; present, it must be non-empty and at most `maxLength` characters.
    func optionalString(_ name: String, maxLength: Int) throws(OIDCError) -> String? {
        switch members[name] {
        case nil, .null?: return nil
        case .string(let value)?:
            guard !value.isEmpty else { throw .invalidRequest("\(name) must not be empty.") }
            guard value.count <= maxLength else { throw .invalidRequest("\(name) is longer than \(maxLength) characters.") }
            return value
        default: throw .invalidRequest("\(name) must be a string.")
        }
    }

    /// A list of strings that may be absent (read as empty), of at most `maxCount` items.
    func optionalStrings(_ name: String, maxCount: Int) throws(OIDCError) -> [String] {
        switch members[name] {
        case nil, .null?: return []
        case .array(let items)?:
            guard items.count <= maxCount else { throw .invalidRequest("\(name) has more than \(maxCount) items.") }
            var strings: [String] = []
            for item in items {
                guard case .string(let value) = item else { throw .invalidRequest("\(name) must be a list of strings.") }
                strings.append(value)
            }
            return strings
        default: throw .invalidRequest("\(name) must be a list of strings.")
        }
    }
}
