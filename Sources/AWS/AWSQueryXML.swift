import SAML

/// Reading the Query protocol's result elements: children by local name in the root's namespace (IAM's
/// `https://iam.amazonaws.com/doc/2010-05-08/`, STS's, or whatever a stand-in such as moto uses).
extension PlainXMLElement {
    /// The first child named `name` in this element's namespace.
    func member(_ name: String) -> PlainXMLElement? {
        child(name, in: namespace)
    }

    /// The text of the child `name`, or nil when it is absent.
    func text(of name: String) -> String? {
        member(name)?.text
    }

    /// The text of the child `name`, required.
    func requiredText(of name: String, action: String) throws(AWSCallError) -> String {
        guard let text = member(name)?.text else {
            throw .unreadableResponse(action: action, status: 200, reason: "it has no \(name) in \(self.name)")
        }
        return text
    }

    /// The child `name`, required.
    func required(_ name: String, action: String) throws(AWSCallError) -> PlainXMLElement {
        guard let element = member(name) else {
            throw .unreadableResponse(action: action, status: 200, reason: "it has no \(name) in \(self.name)")
        }
        return element
    }

    /// The `member` children of the list `name`; empty when the list is absent.
    func list(_ name: String) -> [PlainXMLElement] {
        member(name)?.children.filter { $0.name == "member" } ?? []
    }

    /// `<XResult>` inside `<XResponse>`.
    func result(of action: String) throws(AWSCallError) -> PlainXMLElement {
        try required("\(action)Result", action: action)
    }
}
