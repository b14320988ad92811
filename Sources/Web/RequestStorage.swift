/// A key for `RequestStorage`: the type itself is the key, its `Value` the type stored.
///
/// ```swift
/// enum CurrentUserKey: RequestStorageKey { typealias Value = User }
/// request.storage[CurrentUserKey.self] = user
/// ```
package protocol RequestStorageKey {
    associatedtype Value: Sendable
}

/// Typed values middleware hands down to handlers (the signed-in user, the session).
///
/// A short array scanned linearly: a request carries a handful of values at most, and an empty
/// storage costs no allocation, which matters on paths like `/healthz` that store nothing.
package struct RequestStorage: Sendable {
    private var entries: [(key: ObjectIdentifier, value: any Sendable)] = []

    package init() {}

    package subscript<Key: RequestStorageKey>(key: Key.Type) -> Key.Value? {
        get {
            let id = ObjectIdentifier(key)
            for entry in entries where entry.key == id { return entry.value as? Key.Value }
            return nil
        }
        set {
            let id = ObjectIdentifier(key)
            let index = entries.firstIndex { $0.key == id }
            switch (index, newValue) {
            case (let index?, let value?): entries[index].value = value
            case (let index?, nil): entries.remove(at: index)
            case (nil, let value?): entries.append((key: id, value: value))
            case (nil, nil): break
            }
        }
    }
}
