import Domain
import SQLite
import Storage
import Testing

struct MFAStoreTests {
    let db: TestDatabase
    let now = AuthenticationFixture.now
    /// The store keeps sealed secrets as opaque bytes of the sealed length; sealing is the app's.
    let secret: [UInt8] = [1] + Array(repeating: 7, count: MFADevice.sealedSecretLength - 1)

    init() throws {
        db = try TestDatabase()
    }

    /// A confirmed device whose first code came from `step`.
    private func confirmedDevice(for user: User, name: String = "Phone", step: Int = 100) throws -> MFADevice {
        try db.write { db in
            let device = try MFAStore(db).addDevice(userID: user.id, name: name, sealedSecret: secret, now: now)
            #expect(try MFAStore(db).confirmDevice(id: device.id, userID: user.id, step: step, now: now + 30))
            return device
        }
    }

    @Test func enrolsAndConfirmsADevice() throws {
        let alice = try AuthenticationFixture.user(db, "alice@example.com")
        let device = try db.write { try MFAStore($0).addDevice(userID: alice.id, name: "Phone", sealedSecret: secret, now: now) }
        #expect(try !db.read { try MFAStore($0).hasConfirmedDevice(userID: alice.id) })
        #expect(try db.write { try MFAStore($0).confirmDevice(id: device.id, userID: alice.id, step: 100, now: now + 30) })
        let stored = try #require(try db.read { try MFAStore($0).device(id: device.id, userID: alice.id) })
        #expect(stored.sealedSecret == secret && stored.confirmedAt == now + 30 && stored.lastUsedStep == 100)
        #expect(try db.read { try MFAStore($0).hasConfirmedDevice(userID: alice.id) })
        // Confirming twice does nothing.
        #expect(try !db.write { try MFAStore($0).confirmDevice(id: device.id, userID: alice.id, step: 101, now: now + 60) })
    }

    @Test func confirmingCodeCannotBeReplayedAtSignIn() throws {
        let alice = try AuthenticationFixture.user(db, "alice@example.com")
        let device = try confirmedDevice(for: alice, step: 100)
        #expect(try !db.write { try MFAStore($0).recordUse(deviceID: device.id, step: 100) })
        #expect(try db.write { try MFAStore($0).recordUse(deviceID: device.id, step: 101) })
    }

    @Test func sameStepTwiceAndOlderStepsAreRefused() throws {
        let alice = try AuthenticationFixture.user(db, "alice@example.com")
        let device = try confirmedDevice(for: alice, step: 100)
        let use = { (step: Int) in try self.db.write { try MFAStore($0).recordUse(deviceID: device.id, step: step) } }
        #expect(try use(105))
        #expect(try !use(105))
        #expect(try !use(104))
        #expect(try use(106))
    }

    @Test func unconfirmedDeviceCannotBeUsed() throws {
        let alice = try AuthenticationFixture.user(db, "alice@example.com")
        let device = try db.write { try MFAStore($0).addDevice(userID: alice.id, name: "Phone", sealedSecret: secret, now: now) }
        #expect(try !db.write { try MFAStore($0).recordUse(deviceID: device.id, step: 1) })
    }

    @Test func newEnrolmentReplacesAnUnconfirmedOne() throws {
        let alice = try AuthenticationFixture.user(db, "alice@example.com")
        let kept = try confirmedDevice(for: alice, name: "Phone")
        let abandoned = try db.write { try MFAStore($0).addDevice(userID: alice.id, name: "Tablet", sealedSecret: secret, now: now) }
        let fresh = try db.write { try MFAStore($0).addDevice(userID: alice.id, name: "Tablet", sealedSecret: secret, now: now + 1) }
        #expect(try db.read { try MFAStore($0).devices(userID: alice.id) }.map(\.id) == [kept.id, fresh.id])
        #expect(try !db.write { try MFAStore($0).confirmDevice(id: abandoned.id, userID: alice.id, step: 1, now: now + 2) })
    }

    @Test func refusesBadNamesSecretsAndDuplicateNames() throws {
        let alice = try AuthenticationFixture.user(db, "alice@example.com")
        _ = try confirmedDevice(for: alice, name: "Phone")
        #expect(throws: StoreError.duplicate(field: "name")) {
            try db.write { try MFAStore($0).addDevice(userID: alice.id, name: "Phone", sealedSecret: secret, now: now) }
        }
        #expect(throws: ValidationErrors([FieldError("name", "must not be empty"), FieldError("secret", "must be sealed (49 bytes)")])) {
            try db.write { try MFAStore($0).addDevice(userID: alice.id, name: "", sealedSecret: [1, 2, 3], now: now) }
        }
    }

    @Test func usersOnlySeeAndDeleteTheirOwnDevices() throws {
        let alice = try AuthenticationFixture.user(db, "alice@example.com")
        let bob = try AuthenticationFixture.user(db, "bob@example.com")
        let bobs = try confirmedDevice(for: bob)
        #expect(try db.read { try MFAStore($0).device(id: bobs.id, userID: alice.id) } == nil)
        #expect(try !db.write { try MFAStore($0).deleteDevice(id: bobs.id, userID: alice.id) })
        #expect(try db.write { try MFAStore($0).deleteDevice(id: bobs.id, userID: bob.id) })
        #expect(try db.read { try MFAStore($0).devices(userID: bob.id) }.isEmpty)
    }

    @Test func adminResetRemovesDevicesAndRecoveryCodesOfThatUserOnly() throws {
        let alice = try AuthenticationFixture.user(db, "alice@example.com")
        let bob = try AuthenticationFixture.user(db, "bob@example.com")
        for user in [alice, bob] {
            _ = try confirmedDevice(for: user)
            try db.write { try MFAStore($0).replaceRecoveryCodes(userID: user.id, hashes: (1...10).map(AuthenticationFixture.tokenHash)) }
        }
        #expect(try db.write { try MFAStore($0).deleteAll(userID: alice.id) } == 1)
        #expect(try db.read { try MFAStore($0).devices(userID: alice.id) }.isEmpty)
        #expect(try db.read { try MFAStore($0).remainingRecoveryCodes(userID: alice.id) } == 0)
        #expect(try db.read { try MFAStore($0).devices(userID: bob.id) }.count == 1)
        #expect(try db.read { try MFAStore($0).remainingRecoveryCodes(userID: bob.id) } == 10)
    }

    @Test func recoveryCodeWorksOnceForItsOwnUser() throws {
        let alice = try AuthenticationFixture.user(db, "alice@example.com")
        let bob = try AuthenticationFixture.user(db, "bob@example.com")
        try db.write { try MFAStore($0).replaceRecoveryCodes(userID: alice.id, hashes: (1...10).map(AuthenticationFixture.tokenHash)) }
        let consume = { (user: User, seed: Int) in
            try self.db.write {
                try MFAStore($0).consumeRecoveryCode(userID: user.id, hash: AuthenticationFixture.tokenHash(seed), now: self.now)
            }
        }
        #expect(try !consume(bob, 3))
        #expect(try consume(alice, 3))
        #expect(try !consume(alice, 3))
        #expect(try !consume(alice, 11))
        #expect(try db.read { try MFAStore($0).remainingRecoveryCodes(userID: alice.id) } == 9)
    }

    @Test func newRecoveryCodesInvalidateTheOldOnes() throws {
        let alice = try AuthenticationFixture.user(db, "alice@example.com")
        try db.write { try MFAStore($0).replaceRecoveryCodes(userID: alice.id, hashes: (1...10).map(AuthenticationFixture.tokenHash)) }
        try db.write { try MFAStore($0).replaceRecoveryCodes(userID: alice.id, hashes: (11...20).map(AuthenticationFixture.tokenHash)) }
        #expect(
            try !db.write { try MFAStore($0).consumeRecoveryCode(userID: alice.id, hash: AuthenticationFixture.tokenHash(1), now: now) })
        #expect(
            try db.write { try MFAStore($0).consumeRecoveryCode(userID: alice.id, hash: AuthenticationFixture.tokenHash(11), now: now) })
    }

    @Test func refusesDuplicateOrTooManyRecoveryCodes() throws {
        let alice = try AuthenticationFixture.user(db, "alice@example.com")
        let problem = ValidationErrors([FieldError("recovery_codes", "must be at most 20 distinct codes")])
        #expect(throws: problem) {
            try db.write {
                try MFAStore($0).replaceRecoveryCodes(
                    userID: alice.id, hashes: [AuthenticationFixture.tokenHash(1), AuthenticationFixture.tokenHash(1)])
            }
        }
        #expect(throws: problem) {
            try db.write { try MFAStore($0).replaceRecoveryCodes(userID: alice.id, hashes: (1...21).map(AuthenticationFixture.tokenHash)) }
        }
    }
}
