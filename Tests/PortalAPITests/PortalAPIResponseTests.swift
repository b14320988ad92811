import JSON
import PortalAPI
import Testing

/// Success bodies, parsed back and compared with the sso model's member names.
struct PortalAPIResponseTests {
    @Test func listAccountsWritesAccountListAndTheTokenOnlyWhenGiven() throws {
        let accounts = [
            PortalAPIResponse.Account(accountId: "111122223333", accountName: "Prod", emailAddress: "aws-prod@example.com"),
            PortalAPIResponse.Account(accountId: "444455556666", accountName: "Dev"),
        ]
        let json = try JSONNode.parse(Array(PortalAPIResponse.listAccounts(accounts, nextToken: "t").utf8))
        #expect(
            json
                == .object([
                    "nextToken": .string("t"),
                    "accountList": .array([
                        .object([
                            "accountId": .string("111122223333"), "accountName": .string("Prod"),
                            "emailAddress": .string("aws-prod@example.com"),
                        ]),
                        .object(["accountId": .string("444455556666"), "accountName": .string("Dev")]),
                    ]),
                ]))
        #expect(PortalAPIResponse.listAccounts([], nextToken: nil) == #"{"accountList":[]}"#)
    }

    @Test func anEmailAddressBeyondTheModelsBoundIsLeftOut() throws {
        let long = String(repeating: "a", count: 243) + "@example.com"
        #expect(long.count == 255)
        let text = PortalAPIResponse.listAccounts([.init(accountId: "1", accountName: "A", emailAddress: long)], nextToken: nil)
        #expect(!text.contains("emailAddress"))
        let fits = String(long.dropFirst())
        #expect(
            PortalAPIResponse.listAccounts([.init(accountId: "1", accountName: "A", emailAddress: fits)], nextToken: nil).contains(fits))
    }

    @Test func listAccountRolesWritesRoleList() throws {
        let roles = [PortalAPIResponse.Role(roleName: "Admin", accountId: "111122223333")]
        #expect(
            PortalAPIResponse.listAccountRoles(roles, nextToken: nil) == #"{"roleList":[{"accountId":"111122223333","roleName":"Admin"}]}"#)
        let json = try JSONNode.parse(Array(PortalAPIResponse.listAccountRoles(roles, nextToken: "n").utf8))
        #expect(
            json
                == .object([
                    "nextToken": .string("n"),
                    "roleList": .array([.object(["roleName": .string("Admin"), "accountId": .string("111122223333")])]),
                ]))
    }

    @Test func roleCredentialsExpireInEpochMillisecondsAsAnInteger() throws {
        let credentials = PortalAPIResponse.RoleCredentials(
            accessKeyId: "ASIA0000", secretAccessKey: "secret/+=", sessionToken: "token", expirationMilliseconds: 1_767_225_600_000)
        let text = PortalAPIResponse.getRoleCredentials(credentials)
        #expect(text.contains(#""expiration":1767225600000"#))
        #expect(
            try JSONNode.parse(Array(text.utf8))
                == .object([
                    "roleCredentials": .object([
                        "accessKeyId": .string("ASIA0000"), "secretAccessKey": .string("secret/+="), "sessionToken": .string("token"),
                        "expiration": .number(1_767_225_600_000),
                    ])
                ]))
    }
}
