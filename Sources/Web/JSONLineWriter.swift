/// Writes one JSON object as one line of bytes, without Foundation or intermediate strings.
///
/// Keys are `StaticString`s chosen in code, so only values are escaped (RFC 8259 §7): quote, backslash
/// and every control character, which keeps a hostile path from breaking the one-object-per-line shape.
struct JSONLineWriter {
    private(set) var bytes: [UInt8]
    private var isFirstField = true

    /// Starts an object at the end of `bytes`.
    init(appendingTo bytes: consuming [UInt8]) {
        self.bytes = bytes
        self.bytes.append(UInt8(ascii: "{"))
    }

    /// Ends the object and the line, and hands back the bytes.
    consuming func finish() -> [UInt8] {
        bytes.append(UInt8(ascii: "}"))
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    mutating func string(_ key: StaticString, _ value: some StringProtocol) {
        self.key(key)
        appendEscaped(value.utf8)
    }

    mutating func string(_ key: String, _ value: some StringProtocol) {
        appendSeparator()
        appendEscaped(key.utf8)
        bytes.append(UInt8(ascii: ":"))
        appendEscaped(value.utf8)
    }

    mutating func integer(_ key: StaticString, _ value: Int) {
        self.key(key)
        appendDecimal(value)
    }

    mutating func null(_ key: StaticString) {
        self.key(key)
        bytes.append(contentsOf: "null".utf8)
    }

    /// A duration in milliseconds with microsecond precision, e.g. `12.345`.
    mutating func milliseconds(_ key: StaticString, nanoseconds: UInt64) {
        self.key(key)
        let microseconds = Int(nanoseconds / 1_000)
        appendDecimal(microseconds / 1_000)
        bytes.append(UInt8(ascii: "."))
        appendPadded(microseconds % 1_000, width: 3)
    }

    /// An RFC 3339 UTC timestamp with milliseconds, e.g. `"2025-01-31T08:09:10.123Z"`.
    mutating func timestamp(_ key: StaticString, seconds: Int, nanoseconds: Int) {
        self.key(key)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = Self.civilDate(daysSinceEpoch: days)
        bytes.append(UInt8(ascii: "\""))
        appendPadded(year, width: 4)
        bytes.append(UInt8(ascii: "-"))
        appendPadded(month, width: 2)
        bytes.append(UInt8(ascii: "-"))
        appendPadded(day, width: 2)
        bytes.append(UInt8(ascii: "T"))
        appendPadded(secondOfDay / 3600, width: 2)
        bytes.append(UInt8(ascii: ":"))
        appendPadded(secondOfDay / 60 % 60, width: 2)
        bytes.append(UInt8(ascii: ":"))
        appendPadded(secondOfDay % 60, width: 2)
        bytes.append(UInt8(ascii: "."))
        appendPadded(nanoseconds / 1_000_000, width: 3)
        bytes.append(contentsOf: "Z\"".utf8)
    }

    private mutating func key(_ key: StaticString) {
        appendSeparator()
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: "\":".utf8)
    }

    private mutating func appendSeparator() {
        if isFirstField {
            isFirstField = false
        } else {
            bytes.append(UInt8(ascii: ","))
        }
    }

    private mutating func appendEscaped(_ utf8: some Sequence<UInt8>) {
        bytes.append(UInt8(ascii: "\""))
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: "\\\"".utf8)
            case UInt8(ascii: "\\"): bytes.append(contentsOf: "\\\\".utf8)
            case UInt8(ascii: "\n"): bytes.append(contentsOf: "\\n".utf8)
            case UInt8(ascii: "\r"): bytes.append(contentsOf: "\\r".utf8)
            case UInt8(ascii: "\t"): bytes.append(contentsOf: "\\t".utf8)
            case 0..<0x20, 0x7F:
                bytes.append(contentsOf: "\\u00".utf8)
                Hex.append(UInt64(byte), width: 2, to: &bytes)
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func appendDecimal(_ value: Int) {
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
            appendDecimal(UInt(value.magnitude))
        } else {
            appendDecimal(UInt(value))
        }
    }

    private mutating func appendDecimal(_ value: UInt) {
        if value >= 10 { appendDecimal(value / 10) }
        bytes.append(UInt8(ascii: "0") &+ UInt8(value % 10))
    }

    private mutating func appendPadded(_ value: Int, width: Int) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        while divisor > 1 && value < divisor {
            bytes.append(UInt8(ascii: "0"))
            divisor /= 10
        }
        appendDecimal(value)
    }

    /// Howard Hinnant's days-to-civil algorithm, as in `HTTPDate`.
    private static func civilDate(daysSinceEpoch: Int) -> (year: Int, month: Int, day: Int) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
