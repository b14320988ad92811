import App
import Commands
import Foundation
import SAML
import Storage
import TestSupport
import Testing

/// `portico keys` without a server: what it says when there is nothing to do, and its exit codes.
struct KeysToolTests {
    private func run(_ action: KeysOptions.Action, _ data: String) -> (status: Int32, output: [String], errors: [String]) {
        var output: [String] = [], errors: [String] = []
        let status = KeysTool.run(
            KeysOptions(action: action, dataDirectory: data), output: { output.append($0) }, errors: { errors.append($0) })
        return (status, output, errors)
    }

    @Test func aDataDirectoryWithoutKeysIsAUsageError() throws {
        let data = Checkout.temporaryDirectory("no-keys")
        defer { try? FileManager.default.removeItem(atPath: data) }
        for action in KeysOptions.Action.allCases {
            let result = run(action, data)
            #expect(result.status == 2)
            #expect(result.errors == ["portico: no signing keys in \(data): `portico serve` creates the first one when it first starts"])
        }
    }

    @Test func stepsOutOfOrderAreRefusedWithExitOneAndChangeNothing() throws {
        let data = Checkout.temporaryDirectory("keys-order")
        defer { try? FileManager.default.removeItem(atPath: data) }
        try TestSigningKey.seed(data)
        let before = try SigningKeyStore(dataDirectory: data).load()

        let activate = run(.activate, data)
        #expect(activate.status == 1)
        #expect(activate.errors == ["portico: no key is pending: make one with `portico keys rotate` first"])
        let retire = run(.retire, data)
        #expect(retire.status == 1)
        #expect(retire.errors.first?.contains("no previous key to retire") == true, "\(retire.errors)")
        #expect(try SigningKeyStore(dataDirectory: data).load() == before)

        let list = run(.list, data)
        #expect(list.status == 0)
        #expect(list.output.count == 2)
        #expect(list.output[1].hasPrefix(before.active.id + "  active    2036-"))
        #expect(list.output[1].hasSuffix(before.active.fingerprint))
    }
}
