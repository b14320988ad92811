import Domain
import JSON
import Storage
import TemplateEngine

/// One audit event as the page shows it to a person: a readable time, names beside the ids in its target
/// and details, and the details as `key: value` lines instead of raw JSON.
struct AuditRow {
    /// One `key: value` line of an event's details.
    struct DetailLine: Equatable {
        var key: String
        var value: String
    }

    /// A line's value is code-like when it has no space and is long enough to need breaking (ids, ARNs,
    /// URLs): only those may wrap at any character; prose wraps between words.
    static let codeLikeLength = 24

    let event: AuditEvent
    /// The details flattened: nested objects as dotted keys, arrays of plain values joined with commas, in
    /// key order. Details that are not a JSON object (the schema forbids it, but old rows are history) are
    /// shown as one `details` line.
    let detailLines: [DetailLine]

    init(event: AuditEvent) {
        self.event = event
        self.detailLines = Self.lines(event.details)
    }

    /// Every id-shaped token in the target and the details' values, for one batched name lookup per page.
    var ids: Set<String> {
        var found = Set(Self.idTokens(in: event.target))
        for line in detailLines { found.formUnion(Self.idTokens(in: line.value)) }
        return found
    }

    private static func lines(_ details: String) -> [DetailLine] {
        guard details != "{}" else { return [] }
        guard case .success(let node) = JSONSyntax.parse(Array(details.utf8)), case .object = node else {
            return [DetailLine(key: "details", value: details)]
        }
        var lines: [DetailLine] = []
        flatten(node, key: "", into: &lines)
        return lines
    }

    func templateValue(names: [String: AuditStore.NamedID]) -> TemplateValue {
        let lines: [TemplateValue] = detailLines.map { line in
            let row: TemplateObject = [
                "key": line.key, "value": line.value, "isCode": Self.isCodeLike(line.value),
                "names": Self.namesValue(Self.idTokens(in: line.value), names),
            ]
            return row.templateValue
        }
        let row: TemplateObject = [
            "time": event.time, "readableTime": Self.readableTime(event.time), "actor": event.actor, "action": event.action,
            "target": event.target, "targetIsCode": Self.isCodeLike(event.target),
            "targetNames": Self.namesValue(Self.idTokens(in: event.target), names),
            "isFailure": event.outcome == .failure, "ip": event.ip, "requestID": event.requestID, "details": TemplateValue.list(lines),
            "hasDetails": !lines.isEmpty,
        ]
        return row.templateValue
    }

    // MARK: Names

    private static func namesValue(_ ids: [String], _ names: [String: AuditStore.NamedID]) -> TemplateValue {
        .list(
            ids.compactMap { names[$0] }.map { named in
                let object: TemplateObject =
                    switch named.kind {
                    case .user: ["label": "\(named.name) (\(named.email))", "href": "/admin/users/\(named.id)"]
                    case .account: ["label": named.name, "href": "/admin/accounts/\(named.id)"]
                    case .permissionSet: ["label": named.name, "href": "/admin/permission-sets/\(named.id)"]
                    case .group: ["label": named.name, "href": "/admin/groups/\(named.id)"]
                    }
                return object.templateValue
            })
    }

    /// The tokens of `text` shaped like Portico's ids: a UUID (users, permission sets, groups) or twelve
    /// digits (an AWS account), in order and without repeats. Anything else between them is a separator,
    /// so `123456789012/5f0c…` yields both.
    static func idTokens(in text: String) -> [String] {
        var tokens: [String] = []
        for token in text.utf8.split(whereSeparator: { !Self.isIDByte($0) }) {
            let bytes = Array(token)
            guard isUUID(bytes) || (bytes.count == 12 && bytes.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
            else { continue }
            let id = String(decoding: bytes, as: UTF8.self)
            if !tokens.contains(id) { tokens.append(id) }
        }
        return tokens
    }

    private static func isIDByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F")) || byte == UInt8(ascii: "-")
    }

    private static func isUUID(_ bytes: [UInt8]) -> Bool {
        guard bytes.count == 36 else { return false }
        for (index, byte) in bytes.enumerated() where (byte == UInt8(ascii: "-")) != [8, 13, 18, 23].contains(index) {
            return false
        }
        return true
    }

    // MARK: Details

    private static func flatten(_ node: JSONNode, key: String, into lines: inout [DetailLine]) {
        switch node {
        case .object(let members) where !members.isEmpty:
            for (name, value) in members.sorted(by: { $0.key < $1.key }) {
                flatten(value, key: key.isEmpty ? name : key + "." + name, into: &lines)
            }
        case .array(let elements) where !elements.contains(where: isObject):
            lines.append(DetailLine(key: key, value: elements.map(plain).joined(separator: ", ")))
        case .array(let elements):
            for (index, element) in elements.enumerated() { flatten(element, key: "\(key)[\(index)]", into: &lines) }
        default:
            lines.append(DetailLine(key: key, value: plain(node)))
        }
    }

    private static func isObject(_ node: JSONNode) -> Bool {
        if case .object = node { return true }
        return false
    }

    /// A value as a person reads it: strings without quotes, whole numbers without a fraction.
    private static func plain(_ node: JSONNode) -> String {
        switch node {
        case .string(let text): text
        case .number(let number) where number == number.rounded() && abs(number) < 9_007_199_254_740_992: String(Int64(number))
        case .number(let number): String(number)
        case .bool(let value): value ? "true" : "false"
        case .null: "none"
        case .object, .array: node.text()
        }
    }

    static func isCodeLike(_ text: String) -> Bool {
        text.utf8.count >= codeLikeLength && !text.utf8.contains(UInt8(ascii: " "))
    }

    // MARK: Time

    private static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `2026-12-06T11:02:03.000Z` as `6 Dec 2026, 11:02:03 UTC`; anything else unchanged.
    static func readableTime(_ iso: String) -> String {
        let bytes = Array(iso.utf8)
        guard bytes.count >= 19, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: "T"),
            let month = Int(String(decoding: bytes[5..<7], as: UTF8.self)), (1...12).contains(month),
            let day = Int(String(decoding: bytes[8..<10], as: UTF8.self))
        else { return iso }
        let year = String(decoding: bytes[0..<4], as: UTF8.self)
        let time = String(decoding: bytes[11..<19], as: UTF8.self)
        return "\(day) \(monthNames[month - 1]) \(year), \(time) UTC"
    }
}
