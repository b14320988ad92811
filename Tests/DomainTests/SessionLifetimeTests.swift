import Domain
import Testing

struct SessionLifetimeTests {
    private let start = 1_800_000_000

    @Test func endsDurationAfterCreation() {
        let lifetime = SessionLifetime(createdAt: start, duration: ISODuration("PT8H")!)
        #expect(lifetime.expiresAt == start + 28_800)
        #expect(lifetime.durationSeconds == 28_800)
    }

    @Test func remainingLifeAndMaxAgeCountDownToZeroAtTheEnd() {
        let lifetime = SessionLifetime(createdAt: start, duration: ISODuration("PT15M")!)
        #expect(lifetime.remainingSeconds(at: start) == 900)
        #expect(lifetime.cookieMaxAge(at: start + 899) == 1)
        #expect(!lifetime.isExpired(at: start + 899))
        #expect(lifetime.remainingSeconds(at: start + 900) == 0)
        #expect(lifetime.isExpired(at: start + 900))
        #expect(lifetime.cookieMaxAge(at: start + 10_000) == 0)
    }

    @Test func sessionIsActiveOnlyUnrevokedAndBeforeExpiry() {
        var session = PortalSession(
            id: 1, userID: "u", createdAt: start, expiresAt: start + 60, lastSeenAt: start, ip: "", userAgent: "",
            authMethod: .password)
        #expect(session.isActive(at: start + 59))
        #expect(!session.isActive(at: start + 60))
        session.revokedAt = start + 1
        session.revokedBy = "logout"
        #expect(!session.isActive(at: start + 2))
    }

    @Test func authMethodsUseTheStoredSpellings() {
        #expect(
            PortalSession.AuthMethod.allCases.map(\.rawValue) == [
                "password", "password+totp", "password+recovery", "password+webauthn", "passkey", "saml", "saml+webauthn",
            ])
        #expect(MFAMode.allCases.map(\.rawValue) == ["off", "always", "new-device"])
        #expect(MFAMode.default == .off)
    }

    @Test func deviceDescriptionHidesTheSecret() {
        let device = MFADevice(id: 1, userID: "u", name: "Phone", sealedSecret: Array(repeating: 0xAB, count: 49), createdAt: start)
        #expect(!"\(device)".contains("171"))
        #expect("\(device)".contains("<redacted>"))
        #expect(!String(reflecting: device).contains("171"))
    }
}
