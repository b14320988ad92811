extension Array where Element == UInt8 {
    /// Calls `body` with a pointer that is never nil, even for an empty array.
    ///
    /// libcrypto reads a null key or input as "not given" rather than "empty" in several places (a null
    /// `key` makes `EVP_PBE_scrypt` only check its parameters), so empty inputs must still point somewhere.
    func withNonNullPointer<Result>(_ body: (UnsafePointer<UInt8>, Int) -> Result) -> Result {
        if isEmpty {
            let zero: UInt8 = 0
            return withUnsafePointer(to: zero) { body($0, 0) }
        }
        return withUnsafeBufferPointer { body($0.baseAddress!, $0.count) }
    }
}
