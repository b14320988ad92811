/// A growable byte buffer for output built from many small pieces: a page, a response head, a log line.
///
/// Appending to an `Array` checks uniqueness and capacity out of line on every call; here an append is a
/// capacity check and a `memcpy`, and the result is copied out once. A writer can start in memory lent by
/// its caller (`withTemporaryStorage`, a stack buffer), so output that fits costs no allocation at all; it
/// moves to the heap only when it outgrows that.
///
/// Public rather than `package`: this toolchain inlines `@inlinable` code into other modules only for public
/// declarations, and these appends are only cheap when inlined.
public struct ByteWriter: ~Copyable {
    @usableFromInline var base: UnsafeMutablePointer<UInt8>
    @usableFromInline var capacity: Int
    /// False while `base` is the caller's memory, which must not be freed.
    @usableFromInline var ownsBase: Bool
    @usableFromInline var written = 0

    /// How many bytes have been written.
    public var count: Int { written }

    public init(capacity: Int) {
        self.capacity = max(capacity, 256)
        base = .allocate(capacity: self.capacity)
        ownsBase = true
    }

    /// A writer that starts in `storage`, which must outlive it (see `withTemporaryStorage`).
    @inlinable
    public init(lending storage: UnsafeMutableBufferPointer<UInt8>) {
        base = storage.baseAddress!
        capacity = storage.count
        ownsBase = false
    }

    deinit {
        if ownsBase { base.deallocate() }
    }

    /// Runs `body` with a writer that starts in `capacity` bytes of stack.
    @inlinable
    public static func withTemporaryStorage<Result>(capacity: Int, _ body: (inout ByteWriter) -> Result) -> Result {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(capacity, 1)) { storage in
            var writer = ByteWriter(lending: storage)
            return body(&writer)
        }
    }

    @inlinable
    public mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count).update(from: source, count: bytes.count)
        written += bytes.count
    }

    @inlinable
    public mutating func append(_ byte: UInt8) {
        reserve(1).pointee = byte
        written += 1
    }

    @inlinable
    public mutating func append(_ string: StaticString) {
        append(UnsafeBufferPointer(start: string.utf8Start, count: string.utf8CodeUnitCount))
    }

    /// Appends the decimal digits of `value`, left-padded with zeros to `minimumDigits`.
    public mutating func appendDecimal(_ value: Int, minimumDigits: Int = 1) {
        if value < 0 { append(UInt8(ascii: "-")) }
        let magnitude = value.magnitude
        var digits = 1
        var remaining = magnitude / 10
        while remaining > 0 {
            digits += 1
            remaining /= 10
        }
        digits = max(digits, minimumDigits)
        let text = reserve(digits)
        // Produced least significant first, so written from the end.
        remaining = magnitude
        for offset in stride(from: digits - 1, through: 0, by: -1) {
            text[offset] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: remaining % 10)
            remaining /= 10
        }
        written += digits
    }

    /// Lets `fill` write exactly `byteCount` bytes in place at the end, with one capacity check for all.
    @inlinable
    public mutating func appendInPlace(_ byteCount: Int, _ fill: (UnsafeMutablePointer<UInt8>) -> Void) {
        fill(reserve(byteCount))
        written += byteCount
    }

    /// Runs `body` over the bytes written so far.
    @inlinable
    public func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        body(UnsafeBufferPointer(start: base, count: written))
    }

    /// The bytes written so far, as a new array.
    public func makeArray() -> [UInt8] {
        guard count > 0 else { return [] }
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            buffer.baseAddress!.update(from: base, count: count)
            initialized = count
        }
    }

    /// Appends the bytes written so far to `array`.
    @inlinable
    public func append(to array: inout [UInt8]) {
        array.append(contentsOf: UnsafeBufferPointer(start: base, count: written))
    }

    /// Room for `byteCount` more bytes at the end; the caller writes them and advances `written`.
    @inlinable @inline(__always)
    mutating func reserve(_ byteCount: Int) -> UnsafeMutablePointer<UInt8> {
        if capacity - written < byteCount { grow(toFit: byteCount) }
        return base + written
    }

    @usableFromInline
    mutating func grow(toFit extra: Int) {
        let newCapacity = max(capacity * 2, written + extra)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: written)
        if ownsBase { base.deallocate() }
        base = newBase
        capacity = newCapacity
        ownsBase = true
    }
}
