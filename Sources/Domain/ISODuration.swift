/// An ISO-8601 duration made of days, hours, minutes and seconds: `PT15M`, `PT1H30M`, `P1DT2H`, `P90D`.
///
/// Years, months and weeks are refused because their length in seconds is ambiguous (and nothing in
/// Portico needs them); fractions and signs are refused because no setting needs them either. Two
/// durations are equal when they last as long, so `PT60M == PT1H`; `description` is the canonical form.
package struct ISODuration: Hashable, Comparable, Sendable, CustomStringConvertible {
    package let seconds: Int

    package init(seconds: Int) {
        precondition(seconds >= 0, "a duration cannot be negative")
        self.seconds = seconds
    }

    /// The duration `text` spells, or nil when it is not a duration this type supports.
    package init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count <= 64, bytes.first == UInt8(ascii: "P"), bytes.count > 1 else { return nil }
        var total = 0
        var index = 1
        var inTime = false
        var sawComponent = false
        var sawComponentAfterT = false
        // Components must appear in this order, each at most once.
        var lastRank = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "T") {
                guard !inTime else { return nil }
                inTime = true
                index += 1
                continue
            }
            var number = 0
            var digits = 0
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                guard digits < 9 else { return nil }
                number = number * 10 + Int(bytes[index] - UInt8(ascii: "0"))
                digits += 1
                index += 1
            }
            guard digits > 0, index < bytes.count else { return nil }
            let rank: Int
            let unit: Int
            switch (bytes[index], inTime) {
            case (UInt8(ascii: "D"), false): (rank, unit) = (1, 86_400)
            case (UInt8(ascii: "H"), true): (rank, unit) = (2, 3_600)
            case (UInt8(ascii: "M"), true): (rank, unit) = (3, 60)
            case (UInt8(ascii: "S"), true): (rank, unit) = (4, 1)
            default: return nil
            }
            guard rank > lastRank else { return nil }
            lastRank = rank
            total += number * unit
            sawComponent = true
            if inTime { sawComponentAfterT = true }
            index += 1
        }
        guard sawComponent, !inTime || sawComponentAfterT else { return nil }
        self.seconds = total
    }

    /// The shortest ISO-8601 spelling: `PT1H30M`, `P1DT2H`, `PT0S`.
    package var description: String {
        guard seconds > 0 else { return "PT0S" }
        let days = seconds / 86_400
        let hours = seconds % 86_400 / 3_600
        let minutes = seconds % 3_600 / 60
        let rest = seconds % 60
        var text = "P"
        if days > 0 { text += "\(days)D" }
        if hours > 0 || minutes > 0 || rest > 0 { text += "T" }
        if hours > 0 { text += "\(hours)H" }
        if minutes > 0 { text += "\(minutes)M" }
        if rest > 0 { text += "\(rest)S" }
        return text
    }

    package static func < (lhs: ISODuration, rhs: ISODuration) -> Bool { lhs.seconds < rhs.seconds }

    /// A role session's length: what AWS accepts as a role's `MaxSessionDuration`.
    package static let permissionSetRange = ISODuration(seconds: 3_600)...ISODuration(seconds: 43_200)
    /// A portal session's length (SPEC §5).
    package static let portalSessionRange = ISODuration(seconds: 900)...ISODuration(seconds: 90 * 86_400)

    /// Why `text`, as a person types it (`ISODuration(typed:)`), is not a duration within `range`, or nil when it is.
    package static func problem(_ text: String, in range: ClosedRange<ISODuration>) -> String? {
        guard let duration = ISODuration(typed: text) else {
            return "must be a duration such as 4 hours, 1 h 30 min or PT4H"
        }
        return rangeProblem(duration, in: range)
    }

    /// Why `duration` is not within `range`, in words (`must be between 1 hour and 12 hours`), or nil.
    package static func rangeProblem(_ duration: ISODuration, in range: ClosedRange<ISODuration>) -> String? {
        range.contains(duration) ? nil : "must be between \(range.lowerBound.inWords) and \(range.upperBound.inWords)"
    }
}
