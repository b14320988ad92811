import JSON

/// Comparing IAM policy documents by meaning rather than by text.
///
/// IAM stores a policy as given but returns it with keys in another order, a one-element array as a plain
/// string (`"Action": ["s3:GetObject"]` comes back as `"Action": "s3:GetObject"`) and, through some paths,
/// lists in another order. Every list in a policy is a set (statements, actions, resources, condition
/// values), so both sides are normalised: one-element arrays become their element, arrays are sorted.
package enum IAMPolicyDocument {
    /// Whether `left` and `right` are the same policy; text that is not JSON compares as text.
    package static func equivalent(_ left: String, _ right: String) -> Bool {
        guard let leftNode = try? JSONNode.parse(Array(left.utf8)), let rightNode = try? JSONNode.parse(Array(right.utf8)) else {
            return left == right
        }
        return normalised(leftNode) == normalised(rightNode)
    }

    /// `node` with every one-element array replaced by its element and every array sorted by its text.
    package static func normalised(_ node: JSONNode) -> JSONNode {
        switch node {
        case .object(let members):
            return .object(members.mapValues(normalised))
        case .array(let elements):
            let sorted = elements.map(normalised).sorted { $0.text() < $1.text() }
            return sorted.count == 1 ? sorted[0] : .array(sorted)
        default:
            return node
        }
    }
}
