import COpenSSL

/// A libcrypto call that failed on input Portico cannot vouch for, such as a PEM file read from disk.
///
/// Carries the call's name and OpenSSL's first queued reason. The thread's error queue is cleared so a
/// later, unrelated call on the same thread cannot pick this failure up as its own.
package struct OpenSSLError: Error, Sendable, Equatable, CustomStringConvertible {
    package let operation: String
    package let reason: String

    init(_ operation: String) {
        let code = ERR_get_error()
        if code == 0 {
            reason = "no reason recorded"
        } else {
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            reason = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        ERR_clear_error()
        self.operation = operation
    }

    package var description: String { "\(operation) failed: \(reason)" }
}
