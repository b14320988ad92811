/// Why a QR code could not be made.
package enum QRCodeError: Error, Equatable {
    /// Even version 40 cannot hold this many bytes at this level.
    case dataTooLong(byteCount: Int, capacity: Int)
}
