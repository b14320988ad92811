import HTTPServer

extension ParserHarness {
    enum BodyOutcome: Equatable, Sendable {
        case complete([UInt8], consumed: Int)
        case needMore([UInt8], consumed: Int)
        case invalid(Int)
    }

    /// Runs one decoder over `pieces` as successive reads, dropping consumed bytes between calls as a
    /// connection does; `consumed` counts from the start of the first piece.
    static func decodeChunked(_ pieces: [ArraySlice<UInt8>], maxBodySize: Int, maxMetadataLength: Int) -> BodyOutcome {
        var decoder = ChunkedBodyDecoder(maxBodySize: maxBodySize, maxMetadataLength: maxMetadataLength)
        var pending: [UInt8] = []
        var body: [UInt8] = []
        var consumedBefore = 0
        for piece in pieces {
            pending += piece
            let result = pending.withUnsafeBytes { decoder.decode($0, into: &body) }
            switch result {
            case .complete(let consumed):
                return .complete(body, consumed: consumedBefore + consumed)
            case .needMore(let consumed):
                precondition(consumed <= pending.count)
                pending.removeFirst(consumed)
                consumedBefore += consumed
            case .invalid(let status):
                return .invalid(status.code)
            }
        }
        return .needMore(body, consumed: consumedBefore)
    }

    /// `bytes` as one piece per byte.
    static func bytewise(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        bytes.indices.map { bytes[$0...$0] }
    }
}
