import Foundation
import QRCode
import Testing

/// Decodes our symbols with ZBar, an independent reader, from an image written here; needs Debian's zbar-tools.
struct ZBarDecodingTests {
    static let zbarimg = "/usr/bin/zbarimg"

    @Test(arguments: [
        (
            "otpauth://totp/Portico:alice%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Portico&period=30",
            ErrorCorrection.medium
        ),
        ("ポルティコへようこそ。二要素認証を設定してください。", .quartile),
        (String(repeating: "Portico grants short-lived AWS access. ", count: 20), .high),
    ])
    func zbarReadsBackTheEncodedText(text: String, errorCorrection: ErrorCorrection) throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.zbarimg), "install zbar-tools for \(Self.zbarimg)")
        let code = try QRCode.encode(text, errorCorrection: errorCorrection)
        let image = FileManager.default.temporaryDirectory.appendingPathComponent("portico-qr-\(UUID().uuidString).pbm")
        try Data(code.portableBitmap(scale: 4, quietZone: 4).utf8).write(to: image)
        defer { try? FileManager.default.removeItem(at: image) }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.zbarimg)
        process.arguments = ["--raw", "-q", image.path]
        let output = Pipe()
        process.standardOutput = output
        // ZBar complains on stderr when there is no D-Bus; only stdout matters.
        process.standardError = FileHandle.nullDevice
        try process.run()
        let decoded = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()

        #expect(process.terminationStatus == 0)
        #expect(String(decoding: decoded, as: UTF8.self) == text + "\n")
    }
}

extension QRCode {
    /// A plain PBM (P1) image, each module `scale` pixels square, with a light quiet zone.
    fileprivate func portableBitmap(scale: Int, quietZone: Int) -> String {
        let extent = (size + 2 * quietZone) * scale
        var lines = ["P1", "\(extent) \(extent)"]
        for pixelY in 0..<extent {
            let y = pixelY / scale - quietZone
            let row = (0..<extent).map { pixelX in
                let x = pixelX / scale - quietZone
                return (0..<size).contains(x) && (0..<size).contains(y) && self[x: x, y: y] ? "1" : "0"
            }
            // PBM readers may reject lines over 70 characters, so one pixel per token, wrapped.
            lines.append(
                contentsOf: stride(from: 0, to: row.count, by: 35).map { row[$0..<min($0 + 35, row.count)].joined(separator: " ") })
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
