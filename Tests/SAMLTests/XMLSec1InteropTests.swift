import Foundation
import SAML
import Testing

/// Debian's `xmlsec1` command (package `xmlsec1`) checks Portico's signatures independently of our verifier.
struct XMLSec1InteropTests {
    static let command = "/usr/bin/xmlsec1"

    @Test func xmlsec1VerifiesTheResponseAndTheAssertionSignatures() throws {
        let unsigned = XMLSignatureTests.builder.response(for: XMLSignatureTests.launch)
        let signed = try XMLSignatureTests.signer.sign(unsigned)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("portico-saml-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let response = directory.appendingPathComponent("response.xml")
        let certificate = directory.appendingPathComponent("cert.pem")
        try Data(signed.utf8).write(to: response)
        try Data(TestCredentials.portico.certificatePEM.utf8).write(to: certificate)

        for id in [unsigned.responseID, unsigned.assertionID] {
            let (status, output) = try Self.run([
                "--verify", "--pubkey-cert-pem", certificate.path,
                "--id-attr:ID", "urn:oasis:names:tc:SAML:2.0:assertion:Assertion",
                "--id-attr:ID", "urn:oasis:names:tc:SAML:2.0:protocol:Response",
                "--node-id", id, response.path,
            ])
            #expect(status == 0, "xmlsec1 said: \(output)")
            #expect(output.contains("OK"))
        }

        // The embedded certificate alone must not be enough: pinned to another certificate, xmlsec1 refuses.
        let stranger = directory.appendingPathComponent("stranger.pem")
        try Data(TestCredentials.stranger.certificatePEM.utf8).write(to: stranger)
        let (strangerStatus, strangerOutput) = try Self.run([
            "--verify", "--pubkey-cert-pem", stranger.path,
            "--id-attr:ID", "urn:oasis:names:tc:SAML:2.0:assertion:Assertion",
            "--node-id", unsigned.assertionID, response.path,
        ])
        #expect(strangerStatus != 0)
        #expect(strangerOutput.contains("FAIL"))

        let tampered = directory.appendingPathComponent("tampered.xml")
        try Data(signed.replacingOccurrences(of: ">3600<", with: ">43200<").utf8).write(to: tampered)
        let (status, output) = try Self.run([
            "--verify", "--pubkey-cert-pem", certificate.path,
            "--id-attr:ID", "urn:oasis:names:tc:SAML:2.0:assertion:Assertion",
            "--node-id", unsigned.assertionID, tampered.path,
        ])
        #expect(status != 0)
        #expect(output.contains("FAIL"))
    }

    static func run(_ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}
