import Time

/// SAML's `xs:dateTime` instants, always UTC (SAML 2.0 Core §1.3.3).
package enum SAMLInstant {
    /// `YYYY-MM-DDThh:mm:ssZ` for `seconds` since the Unix epoch (years 0000 to 9999).
    package static func format(_ seconds: Int64) -> String {
        UTCDateTime(epochSeconds: Int(seconds)).iso8601
    }

    /// Seconds since the Unix epoch of an instant an identity provider wrote, or nil if it is not one.
    ///
    /// Takes `YYYY-MM-DDThh:mm:ss`, optional fractional seconds (Entra writes seven digits), and `Z` or a
    /// `±hh:mm` offset; the fraction is dropped, so an instant reads as its whole second. A time without a zone
    /// is refused: XML Schema calls it local time, and guessing which would move every check by hours.
    package static func parse(_ text: String) -> Int64? {
        var reader = DigitReader(Array(text.utf8))
        guard let year = reader.number(digits: 4), reader.skip("-"), let month = reader.number(digits: 2), reader.skip("-"),
            let day = reader.number(digits: 2), reader.skip("T"), let hour = reader.number(digits: 2), reader.skip(":"),
            let minute = reader.number(digits: 2), reader.skip(":"), let second = reader.number(digits: 2)
        else { return nil }
        if reader.skip(".") {
            guard reader.skipDigits() else { return nil }
        }
        var offset = 0
        if !reader.skip("Z") {
            let sign: Int
            if reader.skip("+") {
                sign = 1
            } else if reader.skip("-") {
                sign = -1
            } else {
                return nil
            }
            guard let offsetHours = reader.number(digits: 2), reader.skip(":"), let offsetMinutes = reader.number(digits: 2),
                offsetHours <= 14, offsetMinutes <= 59
            else { return nil }
            offset = sign * (offsetHours * 3600 + offsetMinutes * 60)
        }
        guard reader.atEnd, (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day), hour <= 23, minute <= 59,
            second <= 59
        else { return nil }
        let days = UTCDateTime.daysSinceEpoch(year: year, month: month, day: day)
        return Int64(days * 86_400 + hour * 3600 + minute * 60 + second - offset)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Reads fixed-width fields from ASCII.
    private struct DigitReader {
        private let bytes: [UInt8]
        private var index = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { index == bytes.count }

        mutating func number(digits: Int) -> Int? {
            guard index + digits <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<index + digits] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            index += digits
            return value
        }

        mutating func skip(_ character: Unicode.Scalar) -> Bool {
            guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
            index += 1
            return true
        }

        /// Skips one or more digits; false if there is none.
        mutating func skipDigits() -> Bool {
            let start = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            return index > start
        }
    }
}
