import Domain
import SAML

/// What STS answers to a successful `AssumeRoleWithSAML`: the session's credentials and who it is.
///
/// Read from the Query protocol's XML (namespace `https://sts.amazonaws.com/doc/2011-06-15/`) through
/// SAML's libxml2 reader, which refuses a DTD and never fetches or expands anything. Only the fields Portico
/// uses are read; the rest (`Subject`, `NameQualifier`, …) echo the assertion Portico itself wrote. An
/// `ErrorResponse` becomes `AssumeRoleWithSAMLError.refused`.
package struct AssumeRoleWithSAMLResponse: Sendable, Equatable {
    package static let namespace = "https://sts.amazonaws.com/doc/2011-06-15/"

    package var credentials: STSCredentials
    /// `arn:aws:sts::<account>:assumed-role/<role>/<session name>`.
    package var assumedRoleARN: String
    package var requestID: String?

    package init(credentials: STSCredentials, assumedRoleARN: String, requestID: String?) {
        self.credentials = credentials
        self.assumedRoleARN = assumedRoleARN
        self.requestID = requestID
    }

    /// Reads STS's answer, whatever its HTTP status: the body alone says whether it is credentials or an error.
    package static func parse(_ body: String) throws(AssumeRoleWithSAMLError) -> AssumeRoleWithSAMLResponse {
        let root: PlainXMLElement
        do {
            root = try PlainXMLElement.parse(body)
        } catch .documentTypeDeclaration {
            throw .unreadableResponse("it declares a DOCTYPE")
        } catch {
            throw .unreadableResponse("it is not well-formed XML")
        }
        if root.name == "ErrorResponse", root.namespace == nil || root.namespace == namespace {
            throw .refused(try STSServiceError(errorResponse: root))
        }
        guard root.name == "AssumeRoleWithSAMLResponse", root.namespace == namespace else {
            throw .unreadableResponse("its root element is not AssumeRoleWithSAMLResponse in \(namespace)")
        }
        let result = try element(root, "AssumeRoleWithSAMLResult")
        let credentials = try element(result, "Credentials")
        let expirationText = try value(credentials, "Expiration")
        guard let expiration = SAMLInstant.parse(expirationText) else {
            throw .unreadableResponse("its Expiration \"\(expirationText.prefix(40))\" is not an ISO 8601 time")
        }
        let user = try element(result, "AssumedRoleUser")
        return AssumeRoleWithSAMLResponse(
            credentials: STSCredentials(
                accessKeyID: try value(credentials, "AccessKeyId"), secretAccessKey: try value(credentials, "SecretAccessKey"),
                sessionToken: try value(credentials, "SessionToken"), expiration: expiration),
            assumedRoleARN: try value(user, "Arn"),
            requestID: root.child("ResponseMetadata", in: namespace)?.child("RequestId", in: namespace)?.text)
    }

    private static func element(_ parent: PlainXMLElement, _ name: String) throws(AssumeRoleWithSAMLError) -> PlainXMLElement {
        guard let child = parent.child(name, in: namespace) else { throw .unreadableResponse("it has no \(name) in \(parent.name)") }
        return child
    }

    /// A non-empty text value; the message names the element, never its content (a secret, here).
    private static func value(_ parent: PlainXMLElement, _ name: String) throws(AssumeRoleWithSAMLError) -> String {
        guard let text = try element(parent, name).text?.trimmingWhitespace(), !text.isEmpty else {
            throw .unreadableResponse("its \(name) is empty or not plain text")
        }
        return text
    }
}
