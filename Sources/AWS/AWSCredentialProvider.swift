/// A place Portico's own AWS credentials come from: the environment, a file, a metadata service, STS.
///
/// Blocking, like `HTTPSClient`: call it from the worker pool. Providers read an injected environment rather than
/// the process's, so tests are hermetic and one process may hold differently configured chains.
package protocol AWSCredentialProvider: Sendable {
    func credentials() throws(AWSCredentialError) -> AWSCredentials
}
