/// RFC 3986 percent-encoding that leaves only unreserved characters as they are.
///
/// Encoding everything else (including `:`, `@`, `&`, `=` and spaces) is valid in both a URI path and
/// a query, so one function serves the `otpauth://` label and its parameters, and an issuer containing
/// `:` cannot be misread as the label's separator; and SAML's redirect binding, whose base64 holds `+`, `/`
/// and `=`.
package enum PercentEncoding {
    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    package static func encode(_ text: String) -> String {
        var output = [UInt8]()
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                output.append(byte)
            default:
                output.append(UInt8(ascii: "%"))
                output.append(hexDigits[Int(byte >> 4)])
                output.append(hexDigits[Int(byte & 0x0f)])
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
