/// A request the SCIM endpoint refuses, with the HTTP status and the `scimType` of RFC 7644 §3.12.
package struct SCIMRequestError: Error, Hashable, Sendable, CustomStringConvertible {
    package let status: Int
    /// `invalidFilter`, `invalidSyntax`, `invalidPath`, `noTarget`, `invalidValue`, `uniqueness`, …; nil for
    /// errors the RFC gives no type (404, 412).
    package let scimType: String?
    package let detail: String

    package init(status: Int, scimType: String?, detail: String) {
        self.status = status
        self.scimType = scimType
        self.detail = detail
    }

    package var description: String { "\(status) \(scimType ?? "-"): \(detail)" }

    package static func invalidSyntax(_ detail: String) -> SCIMRequestError {
        .init(status: 400, scimType: "invalidSyntax", detail: detail)
    }
    package static func invalidPath(_ detail: String) -> SCIMRequestError { .init(status: 400, scimType: "invalidPath", detail: detail) }
    package static func invalidFilter(_ detail: String) -> SCIMRequestError {
        .init(status: 400, scimType: "invalidFilter", detail: detail)
    }
    package static func noTarget(_ detail: String) -> SCIMRequestError { .init(status: 400, scimType: "noTarget", detail: detail) }
    package static func invalidValue(_ detail: String) -> SCIMRequestError { .init(status: 400, scimType: "invalidValue", detail: detail) }
    package static func uniqueness(_ detail: String) -> SCIMRequestError { .init(status: 409, scimType: "uniqueness", detail: detail) }
}
