import JSON

/// Checks an identity policy (a role's inline policy) against IAM's policy grammar, so a mistake is refused
/// with its place and its fix when the permission set is saved, not by IAM in every account later.
///
/// Follows https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html for identity
/// policies: `Version`, `Id` and `Statement` at the top; in a statement `Sid`, `Effect`, one of `Action` and
/// `NotAction`, one of `Resource` and `NotResource`, and `Condition` with IAM's operators. A `Principal` has no
/// place in an identity policy (the trust policy, which Portico writes, names who may assume the role). What
/// the grammar cannot know (whether `s3:GetObjet` exists) is left to IAM.
package enum IdentityPolicyCheck {
    /// One problem: where in the policy (`Statement[1].Action[0]`, empty for the whole policy) and what to do.
    package struct Problem: Hashable, Sendable, CustomStringConvertible {
        package let location: String
        package let reason: String

        package init(_ location: String, _ reason: String) {
            self.location = location
            self.reason = reason
        }

        /// `Statement[1].Effect must be "Allow" or "Deny"`.
        package var description: String { location.isEmpty ? reason : "\(location) \(reason)" }
    }

    /// IAM's limit on the aggregate size of a role's inline policies, counted without whitespace. Portico
    /// writes one inline policy per role, so it is this policy's limit.
    package static let maximumRolePolicySize = 10_240

    package static let versions = ["2012-10-17", "2008-10-17"]

    /// IAM's condition operators, without the `IfExists` suffix and the set prefixes.
    package static let conditionOperators: Set<String> = [
        "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike",
        "NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan",
        "NumericGreaterThanEquals", "DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan",
        "DateGreaterThanEquals", "Bool", "BinaryEquals", "IpAddress", "NotIpAddress", "ArnEquals", "ArnLike", "ArnNotEquals",
        "ArnNotLike", "Null",
    ]

    /// Every problem of `text` as an identity policy, in the order of the document; empty when IAM's grammar
    /// accepts it.
    package static func problems(_ text: String) -> [Problem] {
        let root: JSONNode
        switch JSONSyntax.parse(Array(text.utf8)) {
        case .success(let node): root = node
        case .failure(let invalid): return [Problem("", "is not valid JSON at \(invalid.problems[0])")]
        }
        guard case .object(let members) = root else { return [Problem("", "must be a JSON object with Version and Statement")] }
        var checker = Checker()
        checker.policy(members)
        let size = sizeWithoutWhitespace(text)
        if size > maximumRolePolicySize {
            checker.fail(
                "",
                "is \(size) characters without whitespace; IAM allows at most \(maximumRolePolicySize) for a role's inline "
                    + "policies: move statements into a customer managed policy and list its ARN instead")
        }
        return checker.problems
    }

    /// The length IAM counts: every character except whitespace outside strings.
    static func sizeWithoutWhitespace(_ text: String) -> Int {
        var count = 0
        var inString = false
        var escaped = false
        for scalar in text.unicodeScalars {
            if inString {
                count += 1
                if escaped {
                    escaped = false
                } else if scalar == "\\" {
                    escaped = true
                } else if scalar == "\"" {
                    inString = false
                }
            } else if scalar == "\"" {
                inString = true
                count += 1
            } else if scalar != " " && scalar != "\n" && scalar != "\r" && scalar != "\t" {
                count += 1
            }
        }
        return count
    }
}

/// Walks a policy, collecting every problem.
private struct Checker {
    var problems: [IdentityPolicyCheck.Problem] = []
    /// Where each Sid was first given.
    var sids: [String: String] = [:]

    mutating func fail(_ location: String, _ reason: String) { problems.append(IdentityPolicyCheck.Problem(location, reason)) }

    mutating func policy(_ members: [String: JSONNode]) {
        for key in members.keys.sorted() where !["Version", "Id", "Statement"].contains(key) {
            if key == "Principal" || key == "NotPrincipal" {
                fail(key, "is not allowed: an identity policy cannot name a Principal; trust is set by Portico")
            } else {
                fail(key, "is not a policy element; an identity policy has only Version, Id and Statement")
            }
        }
        switch members["Version"] {
        case nil:
            fail(
                "Version",
                "is missing: add \"Version\": \"2012-10-17\" (without it IAM reads the policy as 2008-10-17, where policy "
                    + "variables such as ${aws:username} are not replaced)")
        case .string(let version) where IdentityPolicyCheck.versions.contains(version): break
        default: fail("Version", "must be \"2012-10-17\"")
        }
        if let id = members["Id"], id.kind != .string { fail("Id", "must be a string") }
        switch members["Statement"] {
        case nil:
            fail(
                "Statement",
                "is missing: add a statement such as {\"Effect\": \"Allow\", \"Action\": \"s3:ListBucket\", \"Resource\": \"*\"}")
        case .object(let statement)?:
            self.statement(statement, at: "Statement")
        case .array(let statements)? where statements.isEmpty:
            fail("Statement", "must list at least one statement")
        case .array(let statements)?:
            for (index, element) in statements.enumerated() {
                let location = "Statement[\(index)]"
                guard case .object(let statement) = element else {
                    fail(location, "must be an object with Effect, Action and Resource")
                    continue
                }
                self.statement(statement, at: location)
            }
        default:
            fail("Statement", "must be a statement object or an array of them")
        }
    }

    mutating func statement(_ members: [String: JSONNode], at location: String) {
        let known = ["Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition"]
        for key in members.keys.sorted() where !known.contains(key) {
            if key == "Principal" || key == "NotPrincipal" {
                fail("\(location).\(key)", "is not allowed: an identity policy cannot name a Principal; trust is set by Portico")
            } else {
                fail(
                    "\(location).\(key)",
                    "is not a statement element; a statement has Sid, Effect, Action or NotAction, Resource or NotResource, and Condition")
            }
        }
        if let sid = members["Sid"] {
            if case .string(let text) = sid, !text.isEmpty,
                text.unicodeScalars.allSatisfy({ $0.isASCII && $0.properties.isAlphabetic || ("0"..."9").contains($0) })
            {
                if let first = sids[text] {
                    fail("\(location).Sid", "repeats the Sid of \(first); give each statement its own Sid")
                } else {
                    sids[text] = location
                }
            } else {
                fail("\(location).Sid", "must be letters and digits only (A-Z, a-z, 0-9)")
            }
        }
        switch members["Effect"] {
        case nil: fail(location, "has no Effect: add \"Effect\": \"Allow\" or \"Effect\": \"Deny\"")
        case .string("Allow")?, .string("Deny")?: break
        default: fail("\(location).Effect", "must be \"Allow\" or \"Deny\"")
        }
        switch (members["Action"], members["NotAction"]) {
        case (nil, nil): fail(location, "has no Action: add \"Action\" (or \"NotAction\") with actions such as \"s3:GetObject\"")
        case (.some, .some): fail(location, "has both Action and NotAction: keep one")
        case (let action?, nil): list(action, at: "\(location).Action", what: "action", check: Self.actionProblem)
        case (nil, let action?): list(action, at: "\(location).NotAction", what: "action", check: Self.actionProblem)
        }
        switch (members["Resource"], members["NotResource"]) {
        case (nil, nil): fail(location, "has no Resource: add \"Resource\": \"*\" or the ARNs the actions apply to")
        case (.some, .some): fail(location, "has both Resource and NotResource: keep one")
        case (let resource?, nil): list(resource, at: "\(location).Resource", what: "resource", check: Self.resourceProblem)
        case (nil, let resource?): list(resource, at: "\(location).NotResource", what: "resource", check: Self.resourceProblem)
        }
        if let condition = members["Condition"] { self.condition(condition, at: "\(location).Condition") }
    }

    /// A string or a non-empty array of strings, each checked by `check`.
    mutating func list(_ node: JSONNode, at location: String, what: String, check: (String) -> String?) {
        switch node {
        case .string(let text):
            if let reason = check(text) { fail(location, reason) }
        case .array(let elements) where elements.isEmpty:
            fail(location, "must list at least one \(what)")
        case .array(let elements):
            for (index, element) in elements.enumerated() {
                guard case .string(let text) = element else {
                    fail("\(location)[\(index)]", "must be a string")
                    continue
                }
                if let reason = check(text) { fail("\(location)[\(index)]", reason) }
            }
        default:
            fail(location, "must be a string or an array of strings")
        }
    }

    static func actionProblem(_ action: String) -> String? {
        if action == "*" { return nil }
        let parts = action.split(separator: ":", omittingEmptySubsequences: false)
        let service = parts.first ?? ""
        let name = parts.count == 2 ? parts[1] : ""
        let serviceOK = !service.isEmpty && service.unicodeScalars.allSatisfy { isWordScalar($0) || $0 == "-" }
        let nameOK = !name.isEmpty && name.unicodeScalars.allSatisfy { isWordScalar($0) || $0 == "*" || $0 == "?" }
        guard parts.count == 2, serviceOK, nameOK else {
            return "must be service:Action, such as \"s3:GetObject\" or \"ec2:Describe*\", or \"*\" (found \"\(action)\")"
        }
        return nil
    }

    static func resourceProblem(_ resource: String) -> String? {
        if resource == "*" { return nil }
        let parts = resource.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", !parts[1].isEmpty, !parts[2].isEmpty, !parts[5].isEmpty else {
            return "must be \"*\" or an ARN arn:partition:service:region:account:resource, such as \"arn:aws:s3:::my-bucket/*\" "
                + "(found \"\(resource)\")"
        }
        return nil
    }

    mutating func condition(_ node: JSONNode, at location: String) {
        guard case .object(let operators) = node else {
            fail(location, "must be an object of operators, such as {\"StringEquals\": {\"aws:RequestedRegion\": \"eu-west-1\"}}")
            return
        }
        if operators.isEmpty { fail(location, "must name at least one operator, or be left out") }
        for name in operators.keys.sorted() {
            let at = "\(location).\(name)"
            if let reason = Self.operatorProblem(name) { fail(at, reason) }
            guard case .object(let keys)? = operators[name], !keys.isEmpty else {
                fail(at, "must be an object of condition keys and values, such as {\"aws:RequestedRegion\": \"eu-west-1\"}")
                continue
            }
            for key in keys.keys.sorted() {
                let keyAt = "\(at)[\(JSONPath.quoted(key))]"
                if key.isEmpty { fail(keyAt, "must name a condition key") }
                switch keys[key] {
                case .string?, .number?, .bool?: break
                case .array(let values)? where !values.isEmpty && values.allSatisfy(Self.isConditionValue): break
                default: fail(keyAt, "must be a string, number, boolean or a non-empty array of them")
                }
            }
        }
    }

    static func isConditionValue(_ node: JSONNode) -> Bool {
        switch node {
        case .string, .number, .bool: true
        default: false
        }
    }

    /// Why `name` is not an operator IAM knows, with the closest one when it is near.
    static func operatorProblem(_ name: String) -> String? {
        var base = Substring(name)
        var isSetOperator = false
        for prefix in ["ForAllValues:", "ForAnyValue:"] where base.hasPrefix(prefix) {
            base = base.dropFirst(prefix.count)
            isSetOperator = true
        }
        let ifExists = base.hasSuffix("IfExists")
        if ifExists { base = base.dropLast("IfExists".count) }
        let known = IdentityPolicyCheck.conditionOperators.contains(String(base))
        if known && base == "Null" && (ifExists || isSetOperator) {
            return "is not a condition operator: Null takes neither IfExists nor ForAllValues:/ForAnyValue:"
        }
        if known { return nil }
        let typed = Array(String(base).lowercased().unicodeScalars)
        let closest = IdentityPolicyCheck.conditionOperators.sorted()
            .map { ($0, ManagedPolicyCatalog.damerauLevenshtein(typed, Array($0.lowercased().unicodeScalars))) }
            .filter { $0.1 <= 3 }
            .min { $0.1 < $1.1 }
        let suggestion = closest.map { "; did you mean \(name.replacing(String(base), with: $0.0))?" } ?? ""
        return "is not a condition operator IAM knows (such as StringEquals, StringLike, ArnLike, Bool, IpAddress, "
            + "with IfExists or ForAllValues:/ForAnyValue: where needed)\(suggestion)"
    }

    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_"
    }
}
