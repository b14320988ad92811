import Crypto
import Testing

/// Vectors made with Python `cryptography` 50.0 (keys and signatures over `message`), checked in as constants.
struct SignaturePublicKeyTests {
    static let message = Array("signed by a security key".utf8)

    static let p256X = bytes(hex: "9fad84aeae08bbef7f010014d82cef6a09de2b0cf871b5ce0c4f1d13a59a5934")
    static let p256Y = bytes(hex: "07cb45769f1070e2c2470fe5b1bfe63133c0b0cdc64ea4bf3791a8ec2a07fd4f")
    static let p256Signature = bytes(
        hex: """
            304402203808c8f31ab3d4a0ee14c253678b7c5c27e8d2598b04c6b99b8769af2a4f4aff0220415e32f6bcf43880bd07b1d1eb7894ef6b6640571e3e5b0ceb58b1e631bf0a0a
            """)
    static let p256SubjectPublicKeyInfo = bytes(
        hex: """
            3059301306072a8648ce3d020106082a8648ce3d030107034200049fad84aeae08bbef7f010014d82cef6a09de2b0cf871b5ce0c4f1d13a59a5934
            07cb45769f1070e2c2470fe5b1bfe63133c0b0cdc64ea4bf3791a8ec2a07fd4f
            """)
    static let p384SubjectPublicKeyInfo = bytes(
        hex: """
            3076301006072a8648ce3d020106052b810400220362000411de24a2c251c777573cac5ea025e467f208e51dbff98fc54f6661cbe56583b037882f
            4a1ca297e60abcdbc3836d84bc8fa696c77440f92d0f5837e90a00e7c5284b447754d5dee88c986533b6901aeb3177686d0ae8fb33184414abe6c1713a
            """)

    static let rsaModulus = bytes(
        hex: """
            a7d3df2bb015a9dc0cae6c63faa73e0e9c6d975bca5448e46c840c30c07a5a0454524b029979bb2ebe9a16bdf1e200fa645c0cea04916ed51d47fed4ec5d
            43cd45f6fd25d9d4f9605671c10ba4069f02efb16008c40b7d41ceed4ffc0e5a588ca6597f6a4905a4f4d5a58a31fe4dd85b74a0b1b260406222bbf3ab
            a92d1af811955369d673ed49019f4575cbb1748cc785c119ecde5a83ce37a303222715fc0fd35d1f619e2cd73859921cdbbc025b7679a282c9773eb7f2
            5478f393cc3e29b5811ad735bd24f9d2338ee156391dab40d6a75500e01836815dc203c2115526c88d66e0392d5127d3ca7165884fcdba297cdc1f7ef2
            6e60ffec7c81c62af01d37
            """)
    static let rsaSignature = bytes(
        hex: """
            3522096256c647448f79a88835d8c7d30b4371369aa4368763b19c5ef90d1d9ca33b11106f0fe3800f44f71ead58b688ef28c3d2a9ca77ea14797c9651
            9b8b72f4dc57d80d3e855698fdedf68f9c83c8bc8bdd53c907bd47e9296fbe33de2d15842866b7378c859f319fea31ad42f16a412fafd2a1e1603c1f64
            f29cefe68e773dc46c05c59fdef539007c1be9fc9ce09ff79ce4d0f0b4d37fc55658e08adb683730d408c985477565facea5ba1a5cd51a0406b6ed28bf
            a0edadd9fe86862c28289a71b42846741b402414d1297dd7204b9321b1ddcfd6a31e13f7d5b4b603bb50f7e5b5c1674777c9a2df1d9a8c0c44d7e03764
            8e8bb09c64ad7ea71477cd30
            """)
    static let rsa1024Modulus = bytes(
        hex: """
            b45f614a1faa62537beba016aac0a58645fd55cec89fa5781a8908667c20b52f6664ad78eae9948ba1baf1ee0a5af33ee66e9f5a3e67536e137924f2ed
            4060eea95584ba2f3b13779ea9760582c9d4cccb9a552d3c89399197e28f9770f92cc73da7c1c1ad568a151f4fcf61bf8dcb929580cf670f670a477cce
            364247e102ff
            """)

    static let ed25519Key = bytes(hex: "03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8")
    static let ed25519Signature = bytes(
        hex: """
            6456585a396730983c5601ee6864ebb05629d366fa38d6c76061bdcf47e585279f38462f384a4c9f66232e02fc10efd4e8097caaebcb70160f7d30f16c
            55510f
            """)

    @Test func p256SignatureVerifiesAndAlteredOnesDoNot() throws {
        let key = try SignaturePublicKey.p256(x: Self.p256X, y: Self.p256Y)
        #expect(key.kind == .p256)
        #expect(key.verify(signature: Self.p256Signature, message: Self.message))
        #expect(!key.verify(signature: Self.p256Signature, message: Self.message + [0]))
        var altered = Self.p256Signature
        altered[10] ^= 1
        #expect(!key.verify(signature: altered, message: Self.message))
        #expect(!key.verify(signature: [], message: Self.message))
        // A raw r||s signature is not the DER form WebAuthn specifies for ES256.
        #expect(!key.verify(signature: Array(Self.p256Signature[4..<36] + Self.p256Signature[38...]), message: Self.message))
    }

    @Test func pointOffTheCurveIsRefused() {
        var y = Self.p256Y
        y[31] ^= 1
        #expect(throws: OpenSSLError.self) { try SignaturePublicKey.p256(x: Self.p256X, y: y) }
        #expect(throws: OpenSSLError.self) { try SignaturePublicKey.p256(x: Self.p256X, y: Array(Self.p256Y.prefix(31))) }
        #expect(throws: OpenSSLError.self) {
            try SignaturePublicKey.p256(x: [UInt8](repeating: 0, count: 32), y: [UInt8](repeating: 0, count: 32))
        }
    }

    @Test func rsaSignatureVerifies() throws {
        let key = try SignaturePublicKey.rsa(modulus: Self.rsaModulus, exponent: [1, 0, 1])
        #expect(key.kind == .rsa)
        #expect(key.verify(signature: Self.rsaSignature, message: Self.message))
        #expect(!key.verify(signature: Self.rsaSignature, message: Array("another message".utf8)))
        // Leading zeros in the modulus, as a COSE key may carry them, change nothing.
        let padded = try SignaturePublicKey.rsa(modulus: [0] + Self.rsaModulus, exponent: [0, 1, 0, 1])
        #expect(padded.verify(signature: Self.rsaSignature, message: Self.message))
    }

    @Test func shortOrOddRSAKeysAreRefused() {
        #expect(throws: OpenSSLError.self) { try SignaturePublicKey.rsa(modulus: Self.rsa1024Modulus, exponent: [1, 0, 1]) }
        #expect(throws: OpenSSLError.self) { try SignaturePublicKey.rsa(modulus: Self.rsaModulus, exponent: [1, 0, 0]) }
        #expect(throws: OpenSSLError.self) { try SignaturePublicKey.rsa(modulus: Self.rsaModulus, exponent: [1]) }
        #expect(throws: OpenSSLError.self) { try SignaturePublicKey.rsa(modulus: Self.rsaModulus, exponent: []) }
        #expect(throws: OpenSSLError.self) { try SignaturePublicKey.rsa(modulus: [], exponent: [1, 0, 1]) }
    }

    @Test func ed25519SignatureVerifies() throws {
        let key = try SignaturePublicKey.ed25519(Self.ed25519Key)
        #expect(key.kind == .ed25519)
        #expect(key.verify(signature: Self.ed25519Signature, message: Self.message))
        #expect(!key.verify(signature: Self.ed25519Signature, message: Array(Self.message.dropLast())))
        #expect(throws: OpenSSLError.self) { try SignaturePublicKey.ed25519(Array(Self.ed25519Key.prefix(31))) }
    }

    @Test func subjectPublicKeyInfoGivesTheSameKey() throws {
        let key = try SignaturePublicKey.subjectPublicKeyInfo(der: Self.p256SubjectPublicKeyInfo)
        #expect(key.kind == .p256)
        #expect(key.verify(signature: Self.p256Signature, message: Self.message))
        #expect(throws: OpenSSLError.self) { try SignaturePublicKey.subjectPublicKeyInfo(der: Self.p256SubjectPublicKeyInfo + [0]) }
        #expect(throws: OpenSSLError.self) {
            try SignaturePublicKey.subjectPublicKeyInfo(der: Array(Self.p256SubjectPublicKeyInfo.dropLast()))
        }
        // P-384 is a fine curve, but not one any COSE algorithm Portico accepts is defined over.
        #expect(throws: OpenSSLError.self) { try SignaturePublicKey.subjectPublicKeyInfo(der: Self.p384SubjectPublicKeyInfo) }
    }

    @Test func certificateGivesItsPublicKey() throws {
        let key = try RSAKeyPair.generate(bits: 2048)
        let certificate = try X509Certificate.selfSigned(key: key, commonName: "attestation", notBefore: 0)
        let message = Array("attested".utf8)
        let publicKey = try certificate.publicKey()
        #expect(publicKey.kind == .rsa)
        #expect(publicKey.verify(signature: key.signSHA256(message), message: message))
    }
}
