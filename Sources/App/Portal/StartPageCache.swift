import Domain
import Storage
import Synchronization

/// What `/start` worked out for each user at the current portal generation: their roles, and the tiles
/// already rendered, so that reloading an unchanged portal skips the query and most of the rendering.
///
/// An entry is only ever used at the generation it was made at. The generation
/// (`PortalStore.generation(for:)`) is counted by triggers in the database, in the transaction of every
/// change to what the portal shows, whichever process makes it (admin pages, `portico apply`, a star,
/// a console launch); the handler reads it in the same snapshot as the roles. So a cached page is
/// exactly the page the database would give, and access is still decided by the database on every
/// request: a removed assignment moves the generation, and the next request reads afresh.
///
/// Every entry is dropped when the shared generation moves (a directory change); a user's own star or
/// launch moves only their personal generation and so replaces only their entry. At most
/// `maximumEntries` are kept, which bounds the memory (a 60-account page's tiles are about 100 KB).
final class StartPageCache: Sendable {
    static let maximumEntries = 128

    struct Entry: Sendable {
        /// The user's personal generation the roles were read at.
        let personalGeneration: Int
        let roles: [PortalRole]
        /// The `role_name_pattern` setting the roles are named by (a change of setting moves the generation).
        let roleNamePattern: RoleNamePattern
        /// The unfiltered tiles as HTML, rendered by `partials/start-tiles`; nil until a page without a
        /// filter renders them.
        var tiles: String?
    }

    private struct State {
        var sharedGeneration = -1
        var entries: [String: Entry] = [:]
    }

    private let state = Mutex(State())

    init() {}

    /// The entry for `userID` made at `generation`, if there is one.
    func entry(userID: String, generation: PortalGeneration) -> Entry? {
        state.withLock { state in
            guard state.sharedGeneration == generation.shared, let entry = state.entries[userID],
                entry.personalGeneration == generation.personal
            else { return nil }
            return entry
        }
    }

    /// Keeps `entry` for `userID` at `sharedGeneration`; a newer shared generation drops every older
    /// entry, and an entry from an older snapshot than the cache already holds is not kept.
    func store(_ entry: Entry, userID: String, sharedGeneration: Int) {
        state.withLock { state in
            if sharedGeneration > state.sharedGeneration {
                state.sharedGeneration = sharedGeneration
                state.entries.removeAll(keepingCapacity: true)
            }
            guard sharedGeneration == state.sharedGeneration else { return }
            if let held = state.entries[userID], held.personalGeneration > entry.personalGeneration { return }
            if state.entries[userID] == nil, state.entries.count >= Self.maximumEntries, let evicted = state.entries.keys.first {
                state.entries[evicted] = nil
            }
            state.entries[userID] = entry
        }
    }
}
