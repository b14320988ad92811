/// The comparison operators of a SCIM filter (RFC 7644 §3.4.2.2), written in any case by clients.
package enum SCIMComparison: String, CaseIterable, Hashable, Sendable {
    case equal = "eq"
    case notEqual = "ne"
    case contains = "co"
    case startsWith = "sw"
    case endsWith = "ew"
    case greaterThan = "gt"
    case greaterThanOrEqual = "ge"
    case lessThan = "lt"
    case lessThanOrEqual = "le"
}
