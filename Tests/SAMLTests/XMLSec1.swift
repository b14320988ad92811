import Foundation
import SAML

/// Debian's `xmlsec1` command, which signs and encrypts in the shapes identity providers use and
/// `XMLSigner` does not make (other algorithms, InclusiveNamespaces, encrypted assertions).
enum XMLSec1 {
    static let command = "/usr/bin/xmlsec1"
    static let idAttributes = [
        "--id-attr:ID", "urn:oasis:names:tc:SAML:2.0:assertion:Assertion",
        "--id-attr:ID", "urn:oasis:names:tc:SAML:2.0:protocol:Response",
    ]

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// A Signature template for the element `id`, to place inside it: xmlsec1 fills in the values.
    static func signatureTemplate(
        for id: String, method: String = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
        digest: String = "http://www.w3.org/2001/04/xmlenc#sha256", inclusivePrefixes: String? = nil
    ) -> String {
        let exclusive = "http://www.w3.org/2001/10/xml-exc-c14n#"
        let prefixes =
            inclusivePrefixes.map { #"<ec:InclusiveNamespaces xmlns:ec="\#(exclusive)" PrefixList="\#($0)"/>"# } ?? ""
        return #"<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo>"#
            + #"<ds:CanonicalizationMethod Algorithm="\#(exclusive)"/><ds:SignatureMethod Algorithm="\#(method)"/>"#
            + ##"<ds:Reference URI="#\##(id)"><ds:Transforms>"##
            + #"<ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>"#
            + #"<ds:Transform Algorithm="\#(exclusive)">\#(prefixes)</ds:Transform></ds:Transforms>"#
            + #"<ds:DigestMethod Algorithm="\#(digest)"/><ds:DigestValue/></ds:Reference></ds:SignedInfo>"#
            + "<ds:SignatureValue/><ds:KeyInfo><ds:X509Data><ds:X509Certificate/></ds:X509Data></ds:KeyInfo></ds:Signature>"
    }

    /// `xml` with the Signature template inside the element `id` signed by `credentials`.
    static func sign(_ xml: String, signatureIn id: String, by credentials: SigningCredentials) throws -> String {
        try withFiles(["in.xml": xml, "key.pem": credentials.privateKeyPEM, "cert.pem": credentials.certificatePEM]) { directory in
            try run(
                ["--sign", "--privkey-pem", "\(directory)/key.pem,\(directory)/cert.pem"] + idAttributes + [
                    "--node-xpath", "//*[@ID='\(id)']/*[local-name()='Signature']", "--output", "\(directory)/out.xml",
                    "\(directory)/in.xml",
                ])
            return try String(contentsOfFile: "\(directory)/out.xml", encoding: .utf8)
        }
    }

    /// `xml` with its Assertion replaced by an `EncryptedAssertion` for `certificate`: `content` encrypts it
    /// with a new key that `keyTransport` encrypts to the certificate, inside the data's KeyInfo as Entra does.
    static func encryptAssertion(
        in xml: String, to certificatePEM: String, content: String = "http://www.w3.org/2001/04/xmlenc#aes256-cbc",
        keyTransport: String = "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p"
    ) throws -> String {
        let bits = content.contains("128") ? 128 : content.contains("192") ? 192 : 256
        let template =
            #"<xenc:EncryptedData xmlns:xenc="http://www.w3.org/2001/04/xmlenc#" Type="http://www.w3.org/2001/04/xmlenc#Element">"#
            + #"<xenc:EncryptionMethod Algorithm="\#(content)"/><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">"#
            + #"<xenc:EncryptedKey><xenc:EncryptionMethod Algorithm="\#(keyTransport)"/>"#
            + "<xenc:CipherData><xenc:CipherValue/></xenc:CipherData></xenc:EncryptedKey></ds:KeyInfo>"
            + "<xenc:CipherData><xenc:CipherValue/></xenc:CipherData></xenc:EncryptedData>"
        let encrypted = try withFiles(["data.xml": xml, "template.xml": template, "cert.pem": certificatePEM]) { directory in
            try run([
                "--encrypt", "--pubkey-cert-pem", "\(directory)/cert.pem", "--session-key", "aes-\(bits)",
                "--xml-data", "\(directory)/data.xml", "--node-name", "urn:oasis:names:tc:SAML:2.0:assertion:Assertion",
                "--output", "\(directory)/out.xml", "\(directory)/template.xml",
            ])
            return try String(contentsOfFile: "\(directory)/out.xml", encoding: .utf8)
        }
        guard let start = encrypted.range(of: "<xenc:EncryptedData"), let end = encrypted.range(of: "</xenc:EncryptedData>") else {
            throw Failure(description: "xmlsec1 wrote no EncryptedData")
        }
        let data = String(encrypted[start.lowerBound..<end.upperBound])
        return encrypted.replacingOccurrences(of: data, with: "<saml:EncryptedAssertion>" + data + "</saml:EncryptedAssertion>")
    }

    /// Runs `body` in a new directory holding `files`, removed afterwards.
    private static func withFiles<Result>(_ files: [String: String], _ body: (String) throws -> Result) throws -> Result {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("portico-xmlsec1-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, text) in files {
            try Data(text.utf8).write(to: directory.appendingPathComponent(name))
        }
        return try body(directory.path)
    }

    /// Runs xmlsec1, throwing with its output unless it succeeds.
    private static func run(_ arguments: [String]) throws {
        let (status, output) = try XMLSec1InteropTests.run(arguments)
        guard status == 0 else { throw Failure(description: "xmlsec1 \(arguments.first ?? "") failed: \(output)") }
    }
}
