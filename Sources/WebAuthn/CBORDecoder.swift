/// Reads CBOR (RFC 8949) as security keys write it: definite lengths only, within limits on size, depth and
/// item count, refusing anything malformed with a `CBORError` that says what and where.
///
/// Every byte it reads comes from a browser and, before that, from an authenticator nobody vouches for, so
/// a length field is checked against the bytes that are left before anything is allocated for it, and
/// nesting is bounded so that recursion cannot exhaust the stack. WebAuthn's messages use CTAP2's canonical
/// form (CTAP 2.1 §8), hence no indefinite lengths; shortest-form integers and key order are not enforced,
/// since nothing here depends on them and some authenticators do not follow them.
package struct CBORDecoder: Sendable {
    /// Bounds on what one input may hold.
    package struct Limits: Hashable, Sendable {
        /// Containers (arrays, maps, tags) inside containers; a COSE key is 2 deep, an attestation object 4.
        package var maxDepth = 16
        /// Elements of one array, or entries of one map.
        package var maxContainerCount = 1024
        /// The input's length in bytes.
        package var maxInputSize = 64 * 1024
        /// Items in the whole input, so that many small containers cannot add up to a large amount of work.
        package var maxTotalItems = 16 * 1024

        package init() {}
    }

    package let limits: Limits

    package init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// The one item that `bytes` holds; trailing bytes are refused.
    package func decode(_ bytes: [UInt8]) throws(CBORError) -> CBOR {
        let (value, consumed) = try decodePrefix(bytes)
        guard consumed == bytes.count else { throw CBORError(.trailingBytes(bytes.count - consumed), at: consumed) }
        return value
    }

    /// The item at the start of `bytes` and how many bytes it took: authenticator data holds the credential
    /// key followed by other fields.
    package func decodePrefix(_ bytes: [UInt8]) throws(CBORError) -> (value: CBOR, consumed: Int) {
        guard bytes.count <= limits.maxInputSize else { throw CBORError(.inputTooLarge(limits.maxInputSize), at: 0) }
        var reader = Reader(bytes: bytes, limits: limits)
        let value = try reader.item(depth: 0)
        return (value, reader.offset)
    }

    /// A cursor over one input.
    private struct Reader {
        let bytes: [UInt8]
        let limits: Limits
        var offset = 0
        var items = 0

        init(bytes: [UInt8], limits: Limits) {
            self.bytes = bytes
            self.limits = limits
        }

        var remaining: Int { bytes.count - offset }

        mutating func item(depth: Int) throws(CBORError) -> CBOR {
            let start = offset
            items += 1
            guard items <= limits.maxTotalItems else { throw CBORError(.tooManyItems(limits.maxTotalItems), at: start) }
            let initial = try byte()
            let major = initial >> 5
            let info = initial & 0x1F
            if info == 31 { throw CBORError(.indefiniteLength, at: start) }
            if major == 7 { return try simpleOrFloat(info, start: start) }
            let argument = try argument(info, start: start)
            switch major {
            case 0:
                return .unsigned(argument)
            case 1:
                return .negative(argument)
            case 2:
                return .bytes(try take(argument, start: start))
            case 3:
                guard let text = String(validating: try take(argument, start: start), as: UTF8.self) else {
                    throw CBORError(.invalidUTF8, at: start)
                }
                return .text(text)
            case 4:
                // Each element takes at least one byte, so a count beyond what is left cannot be honest.
                let count = try containerCount(argument, perEntry: 1, depth: depth, start: start)
                var elements: [CBOR] = []
                elements.reserveCapacity(count)
                for _ in 0..<count { elements.append(try item(depth: depth + 1)) }
                return .array(elements)
            case 5:
                let count = try containerCount(argument, perEntry: 2, depth: depth, start: start)
                var entries: [CBOR.Entry] = []
                entries.reserveCapacity(count)
                var keys = Set<CBOR>(minimumCapacity: count)
                for _ in 0..<count {
                    let keyStart = offset
                    let key = try item(depth: depth + 1)
                    guard keys.insert(key).inserted else { throw CBORError(.duplicateMapKey, at: keyStart) }
                    entries.append(CBOR.Entry(key: key, value: try item(depth: depth + 1)))
                }
                return .map(entries)
            default:
                guard depth < limits.maxDepth else { throw CBORError(.tooDeep(limits.maxDepth), at: start) }
                return .tagged(argument, try item(depth: depth + 1))
            }
        }

        /// Major type 7: the simple values and floats.
        mutating func simpleOrFloat(_ info: UInt8, start: Int) throws(CBORError) -> CBOR {
            switch info {
            case 20: return .bool(false)
            case 21: return .bool(true)
            case 22: return .null
            case 23: return .undefined
            case 24:
                let value = try byte()
                guard value >= 32 else { throw CBORError(.invalidSimpleValue(value), at: start) }
                return .simple(value)
            case 25: return .float(Self.half(UInt16(try bigEndian(2))))
            case 26: return .float(Double(Float(bitPattern: UInt32(try bigEndian(4)))))
            case 27: return .float(Double(bitPattern: try bigEndian(8)))
            case 28...30: throw CBORError(.reservedAdditionalInformation(info), at: start)
            default: return .simple(info)
            }
        }

        /// The argument of an item's head (RFC 8949 §3).
        mutating func argument(_ info: UInt8, start: Int) throws(CBORError) -> UInt64 {
            switch info {
            case 0..<24: UInt64(info)
            case 24: try bigEndian(1)
            case 25: try bigEndian(2)
            case 26: try bigEndian(4)
            case 27: try bigEndian(8)
            default: throw CBORError(.reservedAdditionalInformation(info), at: start)
            }
        }

        mutating func containerCount(_ count: UInt64, perEntry: Int, depth: Int, start: Int) throws(CBORError) -> Int {
            guard depth < limits.maxDepth else { throw CBORError(.tooDeep(limits.maxDepth), at: start) }
            guard count <= UInt64(limits.maxContainerCount), count <= UInt64(remaining / perEntry) else {
                throw CBORError(.lengthTooLarge(count), at: start)
            }
            return Int(count)
        }

        mutating func byte() throws(CBORError) -> UInt8 {
            guard offset < bytes.count else { throw CBORError(.truncated, at: offset) }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func bigEndian(_ count: Int) throws(CBORError) -> UInt64 {
            guard remaining >= count else { throw CBORError(.truncated, at: bytes.count) }
            var value: UInt64 = 0
            for byte in bytes[offset..<offset + count] { value = value << 8 | UInt64(byte) }
            offset += count
            return value
        }

        /// The next `length` bytes, after checking that they are there.
        mutating func take(_ length: UInt64, start: Int) throws(CBORError) -> [UInt8] {
            guard length <= UInt64(remaining) else { throw CBORError(.lengthTooLarge(length), at: start) }
            defer { offset += Int(length) }
            return Array(bytes[offset..<offset + Int(length)])
        }

        /// An IEEE 754 half-precision float (RFC 8949 Appendix D).
        static func half(_ bits: UInt16) -> Double {
            let exponent = Int(bits >> 10) & 0x1F
            let mantissa = Double(bits & 0x3FF)
            let magnitude: Double =
                switch exponent {
                case 0: mantissa * 0x1p-24
                case 31: mantissa == 0 ? .infinity : .nan
                default: (1024 + mantissa) * Double(sign: .plus, exponent: exponent - 25, significand: 1)
                }
            return bits & 0x8000 == 0 ? magnitude : -magnitude
        }
    }
}
