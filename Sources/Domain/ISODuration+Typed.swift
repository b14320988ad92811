extension ISODuration {
    /// A duration as a person types it: ISO-8601 in any case (`PT4H`, `pt1h30m`) or in words, each unit at
    /// most once and largest first (`4h`, `4 hours`, `1 h 30 min`, `90 min`, `1 day 2 hours`, `1 hour and 30 minutes`).
    ///
    /// Pages and `portico apply` take this; what is stored and exported stays ISO-8601 (`description`), and
    /// pages show `inWords`. Units are days (`d`, `day`), hours (`h`, `hr`, `hour`), minutes (`m`, `min`,
    /// `minute`) and seconds (`s`, `sec`, `second`), each also plural; whole numbers only.
    package init?(typed text: String) {
        let trimmed = text.trimmingWhitespace()
        if trimmed.first == "P" || trimmed.first == "p" {
            guard let iso = ISODuration(trimmed.uppercased()) else { return nil }
            self = iso
            return
        }
        guard let seconds = Self.secondsInWords(trimmed.lowercased()) else { return nil }
        self.init(seconds: seconds)
    }

    /// The duration as pages show it: one unit spelt out (`4 hours`, `30 minutes`, `90 days`), several
    /// abbreviated (`1 h 30 min`, `1 d 2 h`, `2 min 5 s`).
    package var inWords: String {
        let parts = [
            (seconds / 86_400, "d", "day"), (seconds % 86_400 / 3_600, "h", "hour"), (seconds % 3_600 / 60, "min", "minute"),
            (seconds % 60, "s", "second"),
        ]
        .filter { $0.0 > 0 }
        guard parts.count == 1, let (count, _, word) = parts.first else {
            return parts.isEmpty ? "0 seconds" : parts.map { "\($0.0) \($0.1)" }.joined(separator: " ")
        }
        return count == 1 ? "1 \(word)" : "\(count) \(word)s"
    }

    /// The seconds of `text` (lowercase) written as number-unit pairs, or nil.
    private static func secondsInWords(_ text: String) -> Int? {
        var tokens: [Substring] = []
        var rest = Substring(text)
        while let first = rest.first {
            if first == " " || first == "," || first == "\t" {
                rest = rest.dropFirst()
                continue
            }
            let isDigit = first.isASCII && first.isNumber
            guard isDigit || (first.isASCII && first.isLetter) else { return nil }
            let token = rest.prefix { $0.isASCII && (isDigit ? $0.isNumber : $0.isLetter) }
            tokens.append(token)
            rest = rest.dropFirst(token.count)
        }
        var total = 0
        var lastUnit = Int.max
        var index = 0
        while index < tokens.count {
            // `and` only between two pairs: after a unit, before a number.
            if tokens[index] == "and", index > 0, tokens[index - 1] != "and", index + 1 < tokens.count {
                index += 1
                continue
            }
            guard tokens[index].count <= 9, let number = Int(tokens[index]), index + 1 < tokens.count,
                let unit = unitSeconds[String(tokens[index + 1])], unit < lastUnit
            else { return nil }
            total += number * unit
            lastUnit = unit
            index += 2
        }
        return lastUnit == Int.max ? nil : total
    }

    private static let unitSeconds: [String: Int] = [
        "d": 86_400, "day": 86_400, "days": 86_400,
        "h": 3_600, "hr": 3_600, "hrs": 3_600, "hour": 3_600, "hours": 3_600,
        "m": 60, "min": 60, "mins": 60, "minute": 60, "minutes": 60,
        "s": 1, "sec": 1, "secs": 1, "second": 1, "seconds": 1,
    ]
}
