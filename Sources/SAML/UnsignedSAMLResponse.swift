/// A built SAML Response before signing, with the IDs of the two elements `XMLSigner` signs.
package struct UnsignedSAMLResponse: Sendable, Equatable {
    package var xml: String
    package var responseID: String
    package var assertionID: String
}
