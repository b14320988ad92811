import Bytes
import HTTPServer
import Time

/// Writes one JSON object as one line of bytes, without Foundation or intermediate strings.
///
/// The line is written into a stack buffer, moving to the heap only when a line outgrows it, so an ordinary
/// access log line costs no allocation. It runs for every request, so each field makes one capacity check
/// and copies whole runs of bytes. Keys are `StaticString`s chosen in code, so only values are escaped
/// (RFC 8259 §7): quote, backslash and every control character, which keeps a hostile path from breaking the
/// one-object-per-line shape.
struct JSONLineWriter: ~Copyable {
    private var bytes: ByteWriter
    private var isFirstField = true

    private init(bytes: consuming ByteWriter) {
        self.bytes = bytes
        self.bytes.append(UInt8(ascii: "{"))
    }

    /// Runs `body` with a writer over a stack buffer.
    static func withLine<Result>(_ body: (inout JSONLineWriter) -> Result) -> Result {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1024) { storage in
            var line = JSONLineWriter(bytes: ByteWriter(lending: storage))
            return body(&line)
        }
    }

    /// Ends the object and the line, and passes the bytes written.
    mutating func finish<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        bytes.append("}\n")
        return bytes.withBytes(body)
    }

    mutating func string(_ key: StaticString, _ value: some StringProtocol) {
        self.key(key)
        writeEscaped(value)
    }

    /// A field whose key is not known at compile time, escaped like any value. Named apart from
    /// `string(_:_:)` because a string literal key would otherwise pick this overload over `StaticString`.
    mutating func string(dynamicKey key: String, _ value: some StringProtocol) {
        if !isFirstField { bytes.append(UInt8(ascii: ",")) }
        isFirstField = false
        writeEscaped(key)
        bytes.append(UInt8(ascii: ":"))
        writeEscaped(value)
    }

    mutating func integer(_ key: StaticString, _ value: Int) {
        self.key(key)
        bytes.appendDecimal(value)
    }

    mutating func null(_ key: StaticString) {
        self.key(key)
        bytes.append("null")
    }

    /// A duration in milliseconds with microsecond precision, e.g. `12.345`.
    mutating func milliseconds(_ key: StaticString, nanoseconds: UInt64) {
        self.key(key)
        let microseconds = Int(nanoseconds / 1_000)
        bytes.appendDecimal(microseconds / 1_000)
        bytes.append(UInt8(ascii: "."))
        bytes.appendDecimal(microseconds % 1_000, minimumDigits: 3)
    }

    /// An RFC 3339 UTC timestamp with milliseconds, e.g. `"2025-01-31T08:09:10.123Z"`.
    mutating func timestamp(_ key: StaticString, seconds: Int, nanoseconds: Int) {
        self.key(key)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = UTCDateTime.civilDate(daysSinceEpoch: days)
        bytes.append(UInt8(ascii: "\""))
        bytes.appendDecimal(year, minimumDigits: 4)
        // "-MM-DDTHH:MM:SS." has a fixed shape: one capacity check, then the digits in place.
        bytes.appendInPlace(16) { text in
            text[0] = UInt8(ascii: "-")
            Self.storeTwoDigits(month, at: text + 1)
            text[3] = UInt8(ascii: "-")
            Self.storeTwoDigits(day, at: text + 4)
            text[6] = UInt8(ascii: "T")
            Self.storeTwoDigits(secondOfDay / 3600, at: text + 7)
            text[9] = UInt8(ascii: ":")
            Self.storeTwoDigits(secondOfDay / 60 % 60, at: text + 10)
            text[12] = UInt8(ascii: ":")
            Self.storeTwoDigits(secondOfDay % 60, at: text + 13)
            text[15] = UInt8(ascii: ".")
        }
        bytes.appendDecimal(nanoseconds / 1_000_000, minimumDigits: 3)
        bytes.append("Z\"")
    }

    /// Writes `,"key":` (without the comma for the first field) with one capacity check.
    private mutating func key(_ key: StaticString) {
        let length = key.utf8CodeUnitCount
        let comma = isFirstField ? 0 : 1
        isFirstField = false
        bytes.appendInPlace(comma + length + 3) { text in
            if comma == 1 { text[0] = UInt8(ascii: ",") }
            text[comma] = UInt8(ascii: "\"")
            (text + comma + 1).update(from: key.utf8Start, count: length)
            text[comma + length + 1] = UInt8(ascii: "\"")
            text[comma + length + 2] = UInt8(ascii: ":")
        }
    }

    private mutating func writeEscaped(_ value: some StringProtocol) {
        let written: Void? = value.utf8.withContiguousStorageIfAvailable { writeEscapedBytes($0) }
        if written == nil {
            var copy = String(value)
            copy.withUTF8 { writeEscapedBytes($0) }
        }
    }

    /// Writes the value in quotes: one copy when nothing in it needs escaping, as for nearly every value.
    private mutating func writeEscapedBytes(_ value: UnsafeBufferPointer<UInt8>) {
        guard Self.anyNeedsEscape(value) else {
            bytes.appendInPlace(value.count + 2) { text in
                text[0] = UInt8(ascii: "\"")
                if let source = value.baseAddress { (text + 1).update(from: source, count: value.count) }
                text[value.count + 1] = UInt8(ascii: "\"")
            }
            return
        }
        bytes.append(UInt8(ascii: "\""))
        var runStart = 0
        for index in value.indices where Self.needsEscape(value[index]) {
            bytes.append(UnsafeBufferPointer(rebasing: value[runStart..<index]))
            appendEscape(for: value[index])
            runStart = index + 1
        }
        bytes.append(UnsafeBufferPointer(rebasing: value[runStart...]))
        bytes.append(UInt8(ascii: "\""))
    }

    /// Whether any byte needs escaping. Written without early exits or `||` so that the compiler turns it
    /// into vector compares, 16 bytes at a time (fewer instructions than eight-byte bit tricks, measured).
    private static func anyNeedsEscape(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        var found: UInt8 = 0
        for byte in value {
            let control: UInt8 = byte < 0x20 ? 1 : 0
            let quote: UInt8 = byte == UInt8(ascii: "\"") ? 1 : 0
            let backslash: UInt8 = byte == UInt8(ascii: "\\") ? 1 : 0
            let delete: UInt8 = byte == 0x7F ? 1 : 0
            found |= control | quote | backslash | delete
        }
        return found != 0
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == 0x7F
    }

    private mutating func appendEscape(for byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): bytes.append("\\\"")
        case UInt8(ascii: "\\"): bytes.append("\\\\")
        case UInt8(ascii: "\n"): bytes.append("\\n")
        case UInt8(ascii: "\r"): bytes.append("\\r")
        case UInt8(ascii: "\t"): bytes.append("\\t")
        default:
            bytes.append("\\u00")
            bytes.append(Hex.digit(UInt64(byte >> 4)))
            bytes.append(Hex.digit(UInt64(byte)))
        }
    }

    /// Stores `value` (below 100) as two ASCII digits.
    private static func storeTwoDigits(_ value: Int, at text: UnsafeMutablePointer<UInt8>) {
        text[0] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value / 10)
        text[1] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value % 10)
    }
}
