/// Where one AWS service answers and the region its requests are signed for.
package struct AWSServiceURL: Sendable, Equatable {
    /// `https://iam.amazonaws.com/`; the Query API answers at the root path.
    package var url: String
    /// The SigV4 credential scope's region: IAM is global per partition, signed for the partition's home region.
    package var signingRegion: String

    package init(url: String, signingRegion: String) {
        self.url = url
        self.signingRegion = signingRegion
    }
}
