import JSON

/// The success bodies of the portal API, member for member as botocore's `sso/2019-06-10/service-2.json` names them.
package enum PortalAPIResponse {
    /// An `AccountInfo`.
    package struct Account: Hashable, Sendable {
        package let accountId: String
        package let accountName: String
        /// Left out of the JSON unless 1–254 characters, the model's `EmailAddressType` bounds.
        package let emailAddress: String

        package init(accountId: String, accountName: String, emailAddress: String = "") {
            self.accountId = accountId
            self.accountName = accountName
            self.emailAddress = emailAddress
        }

        var json: JSONNode {
            var members: [String: JSONNode] = ["accountId": .string(accountId), "accountName": .string(accountName)]
            if (1...254).contains(emailAddress.count) { members["emailAddress"] = .string(emailAddress) }
            return .object(members)
        }
    }

    /// A `RoleInfo`: the role name is the permission set's name, as the account knows its role.
    package struct Role: Hashable, Sendable {
        package let roleName: String
        package let accountId: String

        package init(roleName: String, accountId: String) {
            self.roleName = roleName
            self.accountId = accountId
        }

        var json: JSONNode { .object(["roleName": .string(roleName), "accountId": .string(accountId)]) }
    }

    /// `RoleCredentials`: STS's temporary credentials, handed on.
    package struct RoleCredentials: Hashable, Sendable {
        package let accessKeyId: String
        package let secretAccessKey: String
        package let sessionToken: String
        /// Epoch MILLISECONDS (the model's `ExpirationTimestampType` is a long; botocore divides it by 1000).
        package let expirationMilliseconds: Int64

        package init(accessKeyId: String, secretAccessKey: String, sessionToken: String, expirationMilliseconds: Int64) {
            self.accessKeyId = accessKeyId
            self.secretAccessKey = secretAccessKey
            self.sessionToken = sessionToken
            self.expirationMilliseconds = expirationMilliseconds
        }

        var json: JSONNode {
            .object([
                "accessKeyId": .string(accessKeyId), "secretAccessKey": .string(secretAccessKey), "sessionToken": .string(sessionToken),
                "expiration": .number(Double(expirationMilliseconds)),
            ])
        }
    }

    /// `ListAccounts`: `{"accountList":[…],"nextToken":"…"}`, `nextToken` only when another page follows.
    package static func listAccounts(_ accounts: [Account], nextToken: String?) -> String {
        paged("accountList", accounts.map(\.json), nextToken)
    }

    /// `ListAccountRoles`: `{"roleList":[…],"nextToken":"…"}`.
    package static func listAccountRoles(_ roles: [Role], nextToken: String?) -> String {
        paged("roleList", roles.map(\.json), nextToken)
    }

    /// `GetRoleCredentials`: `{"roleCredentials":{…}}`.
    package static func getRoleCredentials(_ credentials: RoleCredentials) -> String {
        JSONNode.object(["roleCredentials": credentials.json]).text()
    }

    private static func paged(_ listName: String, _ items: [JSONNode], _ nextToken: String?) -> String {
        var members: [String: JSONNode] = [listName: .array(items)]
        members["nextToken"] = nextToken.map(JSONNode.string)
        return JSONNode.object(members).text()
    }
}
