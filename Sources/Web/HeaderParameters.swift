import HTTPServer

/// The `; name=value` parameters after a media type or a disposition type (RFC 9110 §5.6.6), as bytes.
///
/// Values are a token or a quoted string taken literally up to the closing quote (what browsers send in
/// `multipart/form-data`; see `MultipartForm`). Names are compared without case.
enum HeaderParameters {
    /// The parameters in `bytes` (which start at the first `;`, or are empty), or nil when they cannot be
    /// read exactly: a parameter without `=`, an unclosed quote, or a name given twice.
    static func parse<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> [(name: String, value: [UInt8])]? {
        let input = Array(bytes)
        var parameters: [(name: String, value: [UInt8])] = []
        var index = 0
        func skipSpaces() {
            while index < input.count, input[index] == UInt8(ascii: " ") || input[index] == UInt8(ascii: "\t") { index += 1 }
        }
        while true {
            skipSpaces()
            guard index < input.count else { return parameters }
            guard input[index] == UInt8(ascii: ";") else { return nil }
            index += 1
            skipSpaces()
            // A trailing `;` with nothing after it is common and harmless.
            guard index < input.count else { return parameters }
            let nameStart = index
            while index < input.count, HTTPGrammar.isTokenByte(input[index]) { index += 1 }
            guard index > nameStart, index < input.count, input[index] == UInt8(ascii: "=") else { return nil }
            let name = String(decoding: input[nameStart..<index], as: UTF8.self).lowercased()
            index += 1
            let value: [UInt8]
            if index < input.count, input[index] == UInt8(ascii: "\"") {
                guard let close = input[(index + 1)...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
                value = Array(input[(index + 1)..<close])
                index = close + 1
            } else {
                let valueStart = index
                while index < input.count, HTTPGrammar.isTokenByte(input[index]) { index += 1 }
                guard index > valueStart else { return nil }
                value = Array(input[valueStart..<index])
            }
            guard !parameters.contains(where: { $0.name == name }) else { return nil }
            parameters.append((name: name, value: value))
        }
    }
}
