import Domain
import Storage
import TemplateEngine
import Web

/// The audit page's filters from its query: actor, action and target matched exactly, a substring (`q`) of
/// any of them or of the details, and a time range.
///
/// Times are UTC. `from` and `until` take a date (`2026-11-22`) or a date and time to the minute or second
/// (`2026-11-22T09:15`, as a `datetime-local` input sends it, or with a space, seconds, milliseconds or a
/// `Z`), and are widened to whole units: `until=2026-11-22` includes the whole day. `from_day` and `to_day`
/// take dates only, as `type="date"` inputs send them, include both whole days, and narrow whatever `from`
/// and `until` already allow.
struct AuditFilterForm {
    var actor: String
    var action: String
    var target: String
    var text: String
    var fromDay: String
    var toDay: String
    var from: String
    var until: String
    var errors: [String: String] = [:]
    /// What the store filters by; meaningful only when `errors` is empty.
    private(set) var filter = AuditStore.Filter()

    init(_ query: FormData) {
        actor = String((query["actor"] ?? "").trimmingWhitespace().prefix(320))
        action = String((query["action"] ?? "").trimmingWhitespace().prefix(200))
        target = String((query["target"] ?? "").trimmingWhitespace().prefix(320))
        text = String((query["q"] ?? "").trimmingWhitespace().prefix(Self.textLimit))
        // One character past a date, so anything longer fails the length check instead of being cut to a date.
        fromDay = String((query["from_day"] ?? "").trimmingWhitespace().prefix(11))
        toDay = String((query["to_day"] ?? "").trimmingWhitespace().prefix(11))
        from = String((query["from"] ?? "").trimmingWhitespace().prefix(40))
        until = String((query["until"] ?? "").trimmingWhitespace().prefix(40))
        filter.actor = actor.isEmpty ? nil : actor
        filter.action = action.isEmpty ? nil : action
        filter.target = target.isEmpty ? nil : target
        filter.text = text.isEmpty ? nil : text
        if !from.isEmpty {
            if let bound = Self.bound(from, end: false) { filter.since = bound } else { errors["from"] = Self.timeHint }
        }
        if !until.isEmpty {
            if let bound = Self.bound(until, end: true) { filter.until = bound } else { errors["until"] = Self.timeHint }
        }
        if !fromDay.isEmpty {
            if fromDay.utf8.count == 10, let bound = Self.bound(fromDay, end: false) {
                filter.since = max(filter.since ?? bound, bound)
            } else {
                errors["fromDay"] = Self.dayHint
            }
        }
        if !toDay.isEmpty {
            if toDay.utf8.count == 10, let bound = Self.bound(toDay, end: true) {
                filter.until = min(filter.until ?? bound, bound)
            } else {
                errors["toDay"] = Self.dayHint
            }
        }
        if let since = filter.since, let end = filter.until, end < since { errors["until"] = "Until must not be before from." }
    }

    /// The longest substring searched: enough for an email, an ARN or a request id, short enough that a
    /// pasted paragraph cannot make each row's comparison slow.
    static let textLimit = 100

    static let dayHint = "Use a date such as 2026-11-22."

    static let timeHint = "Use a date such as 2026-11-22 or a UTC time such as 2026-11-22T09:15."

    var isValid: Bool { errors.isEmpty }

    /// The filters as query items, for paging links and the download link (empty ones left out).
    var queryItems: [(name: String, value: String)] {
        [
            ("q", text), ("actor", actor), ("action", action), ("target", target), ("from_day", fromDay), ("to_day", toDay),
            ("from", from), ("until", until),
        ].filter { !$0.value.isEmpty }
    }

    var templateValues: TemplateObject {
        [
            "q": text, "actor": actor, "action": action, "target": target, "fromDay": fromDay, "toDay": toDay, "from": from, "until": until,
            "errors": errors,
            "isFiltered": !queryItems.isEmpty,
        ]
    }

    // MARK: Times

    /// `text` as the stored form (`2026-11-22T09:15:00.000Z`), widened to the end of its last given unit
    /// when `end`; nil when it is not a date or time this form accepts.
    static func bound(_ text: String, end: Bool) -> String? {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[range] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        func character(_ index: Int, _ allowed: String) -> Bool { index < bytes.count && allowed.utf8.contains(bytes[index]) }

        guard let year = number(0..<4), character(4, "-"), let month = number(5..<7), character(7, "-"), let day = number(8..<10),
            (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day)
        else { return nil }
        var hour: Int?
        var minute: Int?
        var second: Int?
        var millisecond: Int?
        var index = 10
        if index < bytes.count {
            guard character(10, "T "), let h = number(11..<13), character(13, ":"), let m = number(14..<16), h < 24, m < 60 else {
                return nil
            }
            (hour, minute, index) = (h, m, 16)
            if character(index, ":") {
                guard let s = number(17..<19), s < 60 else { return nil }
                (second, index) = (s, 19)
                if character(index, ".") {
                    guard let ms = number(20..<23) else { return nil }
                    (millisecond, index) = (ms, 23)
                }
            }
            if character(index, "Zz") { index += 1 }
            guard index == bytes.count else { return nil }
        }
        func padded(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        let h = hour ?? (end ? 23 : 0)
        let m = minute ?? (end ? 59 : 0)
        let s = second ?? (end ? 59 : 0)
        let ms = millisecond ?? (end ? 999 : 0)
        return "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))T\(padded(h, 2)):\(padded(m, 2)):\(padded(s, 2)).\(padded(ms, 3))Z"
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
