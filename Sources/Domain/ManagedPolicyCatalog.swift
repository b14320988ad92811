/// AWS managed policies by name, from a snapshot kept in the repository, so a misspelt ARN is refused when
/// the permission set is saved instead of when IAM refuses to attach it in 300 accounts.
///
/// The snapshot (`ManagedPolicyCatalog+Snapshot.swift`, written by `scripts/refresh-managed-policies`) is one
/// string literal, split once on first use: an array literal of 1,500 strings costs the type checker seconds.
/// The same names are accepted in every partition of `PermissionSet.policyPartitions`; customer managed
/// policies (`arn:aws:iam::123456789012:policy/...`) are only checked for shape, since no snapshot knows them.
package enum ManagedPolicyCatalog {
    /// `path/name` after `arn:<partition>:iam::aws:policy/`, sorted.
    package static let entries: [String] = snapshot.split(separator: "\n").map(String.init)

    private static let entrySet = Set(entries)

    /// Each entry with its name (the last path component) lowercased as scalars, for `closestMatch(to:)`.
    private static let comparableNames: [(entry: String, name: [Unicode.Scalar])] = entries.map { entry in
        (entry, Array(String(entry.split(separator: "/").last ?? "").lowercased().unicodeScalars))
    }

    /// Whether `arn` names an AWS managed policy of the snapshot, in any accepted partition.
    package static func contains(arn: String) -> Bool {
        guard let entry = awsManagedEntry(arn) else { return false }
        return entrySet.contains(entry)
    }

    /// The `path/name` that `arn` gives after `arn:<partition>:iam::aws:policy/`, or nil when it does not
    /// name an AWS managed policy.
    package static func awsManagedEntry(_ arn: String) -> String? {
        for partition in PermissionSet.policyPartitions {
            let prefix = "arn:\(partition):iam::aws:policy/"
            if arn.hasPrefix(prefix) { return String(arn.dropFirst(prefix.count)) }
        }
        return nil
    }

    /// Whether `arn` has the shape of a customer managed policy: a 12-digit account and a policy path.
    package static func isCustomerManagedPolicyARN(_ arn: String) -> Bool {
        PermissionSet.isManagedPolicyARN(arn) && awsManagedEntry(arn) == nil
    }

    /// The snapshot's `path/name` whose name is closest to the name in `text` (an ARN, `path/name` or a bare
    /// name), ignoring case, by Damerau–Levenshtein distance; nil when nothing is close enough to be what was
    /// meant. Ties go to the entry with the same path, then the closest length, then the first in sorted order.
    package static func closestMatch(to text: String) -> String? {
        let typed = awsManagedEntry(text) ?? text
        let typedPath = typed.split(separator: "/").dropLast().joined(separator: "/")
        let typedName = Array(String(typed.split(separator: "/").last ?? "").lowercased().unicodeScalars)
        guard !typedName.isEmpty else { return nil }
        // A quarter of the name may be wrong (at most 4 edits); a name cut short (`AmazonS3ReadOnly`) counts as
        // one edit when what was typed is most of it.
        let limit = max(2, min(4, typedName.count / 4))
        var best: (entry: String, rank: (Int, Int, Int))?
        for (entry, name) in comparableNames {
            let distance: Int
            if typedName.count >= 8, name.count > typedName.count, typedName.count * 5 >= name.count * 3,
                name.starts(with: typedName)
            {
                distance = 1
            } else if abs(name.count - typedName.count) <= limit {
                distance = damerauLevenshtein(typedName, name, limit: limit)
            } else {
                continue
            }
            guard distance <= limit else { continue }
            let samePath = entry.split(separator: "/").dropLast().joined(separator: "/") == typedPath
            let rank = (distance, samePath ? 0 : 1, abs(name.count - typedName.count))
            if let current = best, current.rank <= rank { continue }
            best = (entry, rank)
        }
        return best?.entry
    }

    /// Why `arn` cannot be attached, or nil when it can: an AWS managed policy missing from the snapshot, with
    /// the closest name when one is close, or an ARN of neither shape.
    package static func problem(arn: String) -> String? {
        guard PermissionSet.isManagedPolicyARN(arn) else {
            return "must be an IAM policy ARN such as arn:aws:iam::aws:policy/ReadOnlyAccess"
        }
        guard awsManagedEntry(arn) != nil, !contains(arn: arn) else { return nil }
        if let match = closestMatch(to: arn) { return "does not exist; did you mean \(match)?" }
        return "does not exist among AWS managed policies (if AWS added it since, run scripts/refresh-managed-policies)"
    }

    /// The optimal string alignment distance (insertions, deletions, substitutions and swaps of two neighbours),
    /// stopping early once every path exceeds `limit`.
    static func damerauLevenshtein(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int = .max) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var twoBack = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMinimum = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { value = min(value, twoBack[j - 2] + 1) }
                current[j] = value
                rowMinimum = min(rowMinimum, value)
            }
            if rowMinimum > limit { return rowMinimum }
            (twoBack, previous, current) = (previous, current, twoBack)
        }
        return previous[b.count]
    }
}
