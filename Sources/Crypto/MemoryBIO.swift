import COpenSSL

/// In-memory BIOs, the way libcrypto's PEM and DER codecs read and write.
enum MemoryBIO {
    /// Calls `body` with a read-only BIO over `bytes`; the BIO does not outlive the call.
    static func reading<Result>(
        _ bytes: [UInt8], _ body: (OpaquePointer) throws(OpenSSLError) -> Result
    ) throws(OpenSSLError) -> Result {
        precondition(bytes.count <= Int(Int32.max), "MemoryBIO: input too large")
        // BIO_new_mem_buf keeps a pointer rather than copying, so the BIO must stay inside this scope.
        let outcome = bytes.withNonNullPointer { pointer, count -> Swift.Result<Result, OpenSSLError> in
            guard let bio = BIO_new_mem_buf(pointer, Int32(count)) else { return .failure(OpenSSLError("BIO_new_mem_buf")) }
            defer { BIO_free(bio) }
            do throws(OpenSSLError) {
                return .success(try body(bio))
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }

    /// The bytes `write` puts into a fresh memory BIO; `write` returns whether it succeeded.
    static func collecting(_ operation: String, _ write: (OpaquePointer) -> Bool) throws(OpenSSLError) -> [UInt8] {
        guard let bio = BIO_new(BIO_s_mem()) else { throw OpenSSLError("BIO_new") }
        defer { BIO_free(bio) }
        guard write(bio) else { throw OpenSSLError(operation) }
        let pending = Int(BIO_ctrl_pending(bio))
        guard pending > 0 else { return [] }
        return try [UInt8](unsafeUninitializedCapacity: pending) { (buffer, initialized) throws(OpenSSLError) in
            let read = BIO_read(bio, buffer.baseAddress, Int32(pending))
            guard read == Int32(pending) else { throw OpenSSLError("BIO_read") }
            initialized = pending
        }
    }
}
