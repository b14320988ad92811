import JSON

/// A recursive-descent parser for the filter grammar of RFC 7644 §3.4.2.2.
///
/// Precedence is `not` (which always takes a parenthesised filter), then `and`, then `or`, and parentheses
/// group. Operators and the literals `true`, `false` and `null` are accepted in any case, as Microsoft
/// Entra writes some of them capitalised. Strings and numbers are JSON's, read by the JSON target's
/// strict reader. Input is bounded in length and nesting, so a hostile query string costs little.
struct SCIMFilterParser {
    /// Longer than any filter a provisioning client sends; a longer one is refused rather than read.
    static let maximumLength = 4_096
    /// Parentheses, `not` and value paths nested deeper than this are refused, so recursion stays shallow.
    static let maximumDepth = 32

    private let scalars: [Unicode.Scalar]
    private var position = 0
    private var depth = 0
    /// Inside `attrPath[…]`, where another value path is not allowed.
    private var inValuePath = false

    init(_ text: String) {
        scalars = Array(text.unicodeScalars)
    }

    mutating func parseWhole() throws(SCIMFilterError) -> SCIMFilter {
        guard scalars.count <= Self.maximumLength else {
            throw SCIMFilterError(offset: Self.maximumLength, reason: "longer than \(Self.maximumLength) characters")
        }
        skipSpaces()
        guard position < scalars.count else { throw fail("the filter is empty") }
        let filter = try parseOr()
        skipSpaces()
        guard position == scalars.count else { throw fail("expected and, or or the end of the filter, found \(found())") }
        return filter
    }

    /// A PATCH operation's `path` (RFC 7644 §3.5.2): `attrPath`, or `attrPath[valFilter]` optionally
    /// followed by `.subAttribute`, e.g. `members[value eq "2819c223"]` or `emails[type eq "work"].value`.
    mutating func parsePatchPathWhole() throws(SCIMFilterError) -> SCIMPatchPath {
        guard scalars.count <= Self.maximumLength else {
            throw SCIMFilterError(offset: Self.maximumLength, reason: "longer than \(Self.maximumLength) characters")
        }
        guard !scalars.isEmpty else { throw fail("the path is empty") }
        let attribute = try parseAttributePath()
        var path = SCIMPatchPath(attribute: attribute)
        if peek() == "[" {
            guard attribute.subAttribute == nil else {
                throw fail("a value filter follows an attribute, not a sub-attribute like \(attribute)")
            }
            position += 1
            try enter()
            inValuePath = true
            path.filter = try parseOr()
            inValuePath = false
            skipSpaces()
            guard peek() == "]" else { throw fail("expected ] to close the value filter of \(attribute), found \(found())") }
            position += 1
            depth -= 1
            if peek() == "." {
                position += 1
                let start = position
                while let scalar = peek(), Self.isPathCharacter(scalar), scalar != "." && scalar != ":" { position += 1 }
                let name = scalars[start..<position]
                guard SCIMAttributePath.isName(Substring(String(String.UnicodeScalarView(name)))) else {
                    position = start
                    throw fail("expected a sub-attribute name after ], found \(found())")
                }
                path.subAttribute = String(String.UnicodeScalarView(name))
            }
        }
        guard position == scalars.count else { throw fail("expected the end of the path, found \(found())") }
        return path
    }

    // MARK: Logic

    private mutating func parseOr() throws(SCIMFilterError) -> SCIMFilter {
        var left = try parseAnd()
        while takeKeyword("or") {
            left = .or(left, try parseAnd())
        }
        return left
    }

    private mutating func parseAnd() throws(SCIMFilterError) -> SCIMFilter {
        var left = try parseUnary()
        while takeKeyword("and") {
            left = .and(left, try parseUnary())
        }
        return left
    }

    private mutating func parseUnary() throws(SCIMFilterError) -> SCIMFilter {
        skipSpaces()
        if isNotBeforeParenthesis() {
            position += 3
            skipSpaces()
            return .not(try parseGroup())
        }
        if peek() == "(" { return try parseGroup() }
        return try parseAttributeExpression()
    }

    /// `( filter )`.
    private mutating func parseGroup() throws(SCIMFilterError) -> SCIMFilter {
        guard peek() == "(" else { throw fail("expected ( after not, found \(found())") }
        position += 1
        try enter()
        let inner = try parseOr()
        skipSpaces()
        guard peek() == ")" else { throw fail("expected ) to close the ( at character \(position), found \(found())") }
        position += 1
        depth -= 1
        return inner
    }

    // MARK: Attribute expressions

    private mutating func parseAttributeExpression() throws(SCIMFilterError) -> SCIMFilter {
        let path = try parseAttributePath()
        if peek() == "[" {
            guard !inValuePath else { throw fail("a value path cannot hold another value path") }
            position += 1
            try enter()
            inValuePath = true
            let inner = try parseOr()
            inValuePath = false
            skipSpaces()
            guard peek() == "]" else { throw fail("expected ] to close the value path of \(path), found \(found())") }
            position += 1
            depth -= 1
            return .valuePath(path, inner)
        }
        guard skipSpaces() else { throw fail("expected a space and an operator after \(path), found \(found())") }
        let operatorStart = position
        let word = readWord().lowercased()
        if word == "pr" { return .present(path) }
        guard let comparison = SCIMComparison(rawValue: word) else {
            position = operatorStart
            throw fail("expected an operator (eq, ne, co, sw, ew, gt, ge, lt, le or pr) after \(path), found \(found())")
        }
        guard skipSpaces() else { throw fail("expected a space and a value after \(comparison.rawValue), found \(found())") }
        return .compare(path, comparison, try parseValue())
    }

    /// `[schema URI ":"] name ["." subAttribute]`.
    private mutating func parseAttributePath() throws(SCIMFilterError) -> SCIMAttributePath {
        let start = position
        while let scalar = peek(), Self.isPathCharacter(scalar) { position += 1 }
        guard position > start else { throw fail("expected an attribute name, found \(found())") }
        let text = String(String.UnicodeScalarView(scalars[start..<position]))
        var schema: String?
        var attribute = Substring(text)
        if let colon = text.lastIndex(of: ":") {
            schema = String(text[..<colon])
            attribute = text[text.index(after: colon)...]
            guard schema!.lowercased().hasPrefix("urn:") else {
                throw SCIMFilterError(
                    offset: start,
                    reason: "\(text) is not an attribute: a schema must be a URN such as urn:ietf:params:scim:schemas:core:2.0:User")
            }
        }
        let parts = attribute.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.allSatisfy({ SCIMAttributePath.isName($0) || $0 == "$ref" }) else {
            throw SCIMFilterError(offset: start, reason: "\(text) is not an attribute name (a letter, then letters, digits, - and _)")
        }
        return SCIMAttributePath(schema: schema, name: String(parts[0]), subAttribute: parts.count > 1 ? String(parts[1]) : nil)
    }

    /// `compValue`: a JSON string or number, `true`, `false` or `null`.
    private mutating func parseValue() throws(SCIMFilterError) -> SCIMFilterValue {
        let start = position
        switch peek() {
        case "\"":
            position += 1
            // A backslash takes the next character with it, so an escaped quote does not end the string;
            // one at the very end must not carry the position past the input.
            while let scalar = peek(), scalar != "\"" { position = min(position + (scalar == "\\" ? 2 : 1), scalars.count) }
            guard position < scalars.count else {
                position = start
                throw fail("the string that starts here has no closing quote")
            }
            position += 1
            guard case .string(let text) = try json(from: start) else { throw SCIMFilterError(offset: start, reason: "not a string") }
            return .string(text)
        case let scalar? where scalar == "-" || ("0"..."9").contains(scalar):
            while let scalar = peek(), "0123456789+-.eE".unicodeScalars.contains(scalar) { position += 1 }
            guard case .number(let number) = try json(from: start) else { throw SCIMFilterError(offset: start, reason: "not a number") }
            return .number(number)
        default:
            switch readWord().lowercased() {
            case "true": return .bool(true)
            case "false": return .bool(false)
            case "null": return .null
            default:
                position = start
                throw fail("expected a value (a quoted string, a number, true, false or null), found \(found())")
            }
        }
    }

    /// The JSON value in `scalars[start..<position]`, or the reader's complaint about it.
    private func json(from start: Int) throws(SCIMFilterError) -> JSONNode {
        let token = String(String.UnicodeScalarView(scalars[start..<position]))
        do {
            return try JSONNode.parse(Array(token.utf8))
        } catch {
            throw SCIMFilterError(offset: start, reason: "\(token) is not a valid JSON value: \(error)")
        }
    }

    // MARK: Tokens

    private static func isPathCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCIILetter || ("0"..."9").contains(scalar) || ":.-_$".unicodeScalars.contains(scalar)
    }

    private func peek() -> Unicode.Scalar? {
        position < scalars.count ? scalars[position] : nil
    }

    /// Skips spaces and tabs; true when there was at least one.
    @discardableResult
    private mutating func skipSpaces() -> Bool {
        let start = position
        while let scalar = peek(), scalar == " " || scalar == "\t" { position += 1 }
        return position > start
    }

    /// Letters only: an operator or a literal.
    private mutating func readWord() -> String {
        let start = position
        while let scalar = peek(), scalar.isASCIILetter { position += 1 }
        return String(String.UnicodeScalarView(scalars[start..<position]))
    }

    /// Takes ` keyword ` (spaces around it, any case) when it comes next; leaves the position alone otherwise.
    private mutating func takeKeyword(_ keyword: String) -> Bool {
        let start = position
        guard skipSpaces() else { return false }
        let word = readWord()
        // At the very end it is still the keyword: the filter then lacks its right-hand side, and says so.
        guard word.lowercased() == keyword, skipSpaces() || peek() == "(" || peek() == nil else {
            position = start
            return false
        }
        return true
    }

    /// Whether `not` starts here as the operator (followed by `(`), not as the start of an attribute name.
    private func isNotBeforeParenthesis() -> Bool {
        guard position + 3 <= scalars.count,
            String(String.UnicodeScalarView(scalars[position..<position + 3])).lowercased() == "not"
        else { return false }
        var next = position + 3
        while next < scalars.count, scalars[next] == " " || scalars[next] == "\t" { next += 1 }
        return next < scalars.count && scalars[next] == "("
    }

    private mutating func enter() throws(SCIMFilterError) {
        depth += 1
        guard depth <= Self.maximumDepth else { throw fail("nested more than \(Self.maximumDepth) levels deep") }
    }

    private func found() -> String {
        guard let scalar = peek() else { return "the end of the filter" }
        return "'\(scalar)'"
    }

    private func fail(_ reason: String) -> SCIMFilterError {
        SCIMFilterError(offset: position, reason: reason)
    }
}
