/// Where the portal's data stands for one user (see `PortalStore.generation(for:)`): equal generations
/// mean equal `/start` data for that user.
package struct PortalGeneration: Hashable, Sendable {
    /// Moves with every change to the directory and the settings, for everyone.
    package var shared: Int
    /// Moves with the user's own stars and console launches.
    package var personal: Int

    package init(shared: Int, personal: Int) {
        self.shared = shared
        self.personal = personal
    }
}
