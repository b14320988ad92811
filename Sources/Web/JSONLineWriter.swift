import HTTPServer

/// Writes one JSON object as one line of bytes, without Foundation or intermediate strings.
///
/// The line is written into caller-provided memory (a stack buffer in the log), spilling into an array
/// only when a line outgrows it, so an ordinary access log line costs no allocation. Keys are
/// `StaticString`s chosen in code, so only values are escaped (RFC 8259 §7): quote, backslash and every
/// control character, which keeps a hostile path from breaking the one-object-per-line shape.
struct JSONLineWriter {
    private let storage: UnsafeMutableBufferPointer<UInt8>
    private var count = 0
    private var spill: [UInt8]?
    private var isFirstField = true

    /// Starts an object in `storage`, which must outlive the writer.
    init(storage: UnsafeMutableBufferPointer<UInt8>) {
        self.storage = storage
        write(UInt8(ascii: "{"))
    }

    /// Runs `body` with a writer over a stack buffer.
    static func withLine<Result>(_ body: (inout JSONLineWriter) -> Result) -> Result {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1024) { storage in
            var line = JSONLineWriter(storage: storage)
            return body(&line)
        }
    }

    /// Ends the object and the line, and passes the bytes written.
    mutating func finish<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        write(UInt8(ascii: "}"))
        write(UInt8(ascii: "\n"))
        if let spill { return spill.withUnsafeBufferPointer(body) }
        return body(UnsafeBufferPointer(rebasing: storage[..<count]))
    }

    mutating func string(_ key: StaticString, _ value: some StringProtocol) {
        self.key(key)
        writeEscaped(value)
    }

    /// A field whose key is not known at compile time, escaped like any value.
    mutating func string(_ key: String, _ value: some StringProtocol) {
        separate()
        writeEscaped(key)
        write(UInt8(ascii: ":"))
        writeEscaped(value)
    }

    mutating func integer(_ key: StaticString, _ value: Int) {
        self.key(key)
        if value < 0 { write(UInt8(ascii: "-")) }
        writeDecimal(UInt(value.magnitude), minimumDigits: 1)
    }

    mutating func null(_ key: StaticString) {
        self.key(key)
        write("null")
    }

    /// A duration in milliseconds with microsecond precision, e.g. `12.345`.
    mutating func milliseconds(_ key: StaticString, nanoseconds: UInt64) {
        self.key(key)
        let microseconds = UInt(nanoseconds / 1_000)
        writeDecimal(microseconds / 1_000, minimumDigits: 1)
        write(UInt8(ascii: "."))
        writeDecimal(microseconds % 1_000, minimumDigits: 3)
    }

    /// An RFC 3339 UTC timestamp with milliseconds, e.g. `"2025-01-31T08:09:10.123Z"`.
    mutating func timestamp(_ key: StaticString, seconds: Int, nanoseconds: Int) {
        self.key(key)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = HTTPDate.civilDate(daysSinceEpoch: days)
        write(UInt8(ascii: "\""))
        writeDecimal(UInt(year), minimumDigits: 4)
        write(UInt8(ascii: "-"))
        writeDecimal(UInt(month), minimumDigits: 2)
        write(UInt8(ascii: "-"))
        writeDecimal(UInt(day), minimumDigits: 2)
        write(UInt8(ascii: "T"))
        writeDecimal(UInt(secondOfDay / 3600), minimumDigits: 2)
        write(UInt8(ascii: ":"))
        writeDecimal(UInt(secondOfDay / 60 % 60), minimumDigits: 2)
        write(UInt8(ascii: ":"))
        writeDecimal(UInt(secondOfDay % 60), minimumDigits: 2)
        write(UInt8(ascii: "."))
        writeDecimal(UInt(nanoseconds / 1_000_000), minimumDigits: 3)
        write("Z\"")
    }

    private mutating func key(_ key: StaticString) {
        separate()
        write(UInt8(ascii: "\""))
        write(key)
        write("\":")
    }

    private mutating func separate() {
        if isFirstField {
            isFirstField = false
        } else {
            write(UInt8(ascii: ","))
        }
    }

    private mutating func writeEscaped(_ value: some StringProtocol) {
        write(UInt8(ascii: "\""))
        let written: Void? = value.utf8.withContiguousStorageIfAvailable { writeEscapedBytes($0) }
        if written == nil {
            var copy = String(value)
            copy.withUTF8 { writeEscapedBytes($0) }
        }
        write(UInt8(ascii: "\""))
    }

    private mutating func writeEscapedBytes(_ bytes: UnsafeBufferPointer<UInt8>) {
        // Most values need no escaping at all: skip through them eight bytes at a time and copy runs of
        // plain bytes in one go.
        var runStart = 0
        var index = 0
        let raw = UnsafeRawBufferPointer(bytes)
        while index < bytes.count {
            if index + 8 <= bytes.count, !Self.wordNeedsEscape(raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) {
                index += 8
                continue
            }
            if Self.needsEscape(bytes[index]) {
                write(UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                writeEscape(for: bytes[index])
                runStart = index + 1
            }
            index += 1
        }
        write(UnsafeBufferPointer(rebasing: bytes[runStart...]))
    }

    /// Whether any of eight bytes is a control character, `"`, `\\` or DEL (the classic "has zero byte"
    /// and "has byte less than" bit tricks, which are exact).
    @inline(__always)
    private static func wordNeedsEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ value: UInt64) -> Bool { (value &- ones) & ~value & highs != 0 }
        let hasControl = (word &- ones &* 0x20) & ~word & highs != 0
        return hasControl || hasZeroByte(word ^ (ones &* 0x22)) || hasZeroByte(word ^ (ones &* 0x5C))
            || hasZeroByte(word ^ (ones &* 0x7F))
    }

    @inline(__always)
    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == 0x7F
    }

    private mutating func writeEscape(for byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): write("\\\"")
        case UInt8(ascii: "\\"): write("\\\\")
        case UInt8(ascii: "\n"): write("\\n")
        case UInt8(ascii: "\r"): write("\\r")
        case UInt8(ascii: "\t"): write("\\t")
        default:
            write("\\u00")
            write(Hex.digit(UInt64(byte >> 4)))
            write(Hex.digit(UInt64(byte)))
        }
    }

    /// Writes `value` in decimal, left-padded with zeros to `minimumDigits`.
    private mutating func writeDecimal(_ value: UInt, minimumDigits: Int) {
        var digits = 1
        var limit: UInt = 10
        while value >= limit && digits < 20 {
            digits += 1
            let (next, overflow) = limit.multipliedReportingOverflow(by: 10)
            if overflow { break }
            limit = next
        }
        digits = max(digits, minimumDigits)
        if spill == nil, count + digits <= storage.count {
            // Digits are produced least significant first, so write them in place from the end.
            var remaining = value
            for offset in stride(from: count + digits - 1, through: count, by: -1) {
                storage[offset] = UInt8(ascii: "0") &+ UInt8(remaining % 10)
                remaining /= 10
            }
            count += digits
        } else {
            let text = String(value)
            for _ in text.utf8.count..<digits { write(UInt8(ascii: "0")) }
            for byte in text.utf8 { write(byte) }
        }
    }

    private mutating func write(_ literal: StaticString) {
        write(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    @inline(__always)
    private mutating func write(_ byte: UInt8) {
        if spill == nil, count < storage.count {
            storage[count] = byte
            count += 1
        } else {
            spilled { $0.append(byte) }
        }
    }

    private mutating func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard !bytes.isEmpty else { return }
        if spill == nil, count + bytes.count <= storage.count {
            (storage.baseAddress! + count).initialize(from: bytes.baseAddress!, count: bytes.count)
            count += bytes.count
        } else {
            spilled { $0.append(contentsOf: bytes) }
        }
    }

    /// Moves what is written so far into an array the first time the line outgrows its storage.
    private mutating func spilled(_ body: (inout [UInt8]) -> Void) {
        var bytes = spill ?? Array(storage[..<count])
        spill = nil
        body(&bytes)
        spill = bytes
    }
}
