import JSON
import Testing

struct JSONSyntaxTests {
    @Test(arguments: [
        ("{}", JSONSyntax.Kind.object), (" [1, 2.5e-3, -0, true, false, null] ", .array), (#""\u00e9\ud83d\ude00\n""#, .string),
        ("-12.0E+2", .number), ("true", .boolean), ("null", .null),
        (#"{"a": {"b": [{"c": "\"quoted\" \\ /"}]}}"#, .object), ("{\r\n\t\"k\" : 1\r\n}", .object),
    ])
    func acceptsRFC8259Values(text: String, kind: JSONSyntax.Kind) {
        #expect(JSONSyntax.check(text) == .success(kind))
    }

    @Test(
        arguments: [
            ("", 1, 1, "expected a value but found the end of the text", "$"),
            ("{", 1, 2, "expected a quoted key but found the end of the text", "$"),
            ("{\"a\" 1}", 1, 6, "expected : but found '1'", "$"),
            ("{\n  \"a\": 1\n  \"b\": 2\n}", 3, 3, "expected , or } but found '\"'", "$"),
            ("{\"a\": 1,}", 1, 9, "expected a quoted key but found '}'", "$"),
            ("[1, 2", 1, 6, "expected , or ] but found the end of the text", "$"),
            ("{'a': 1}", 1, 2, "expected a quoted key but found '''", "$"),
            ("{\"é\": x}", 1, 7, "expected a value but found 'x'", #"$["é"]"#),
            ("{\"日本\": tru}", 1, 8, "expected a value but found 'tru'", #"$["日本"]"#),
            ("nulls", 1, 1, "expected a value but found 'nulls'", "$"),
            ("[01]", 1, 3, "a number must not start with 0", "$[0]"),
            ("[1.]", 1, 4, "expected a digit after . but found ']'", "$[0]"),
            ("[1e]", 1, 4, "expected an exponent but found ']'", "$[0]"),
            ("[-]", 1, 3, "expected a digit but found ']'", "$[0]"),
            ("\"a\nb\"", 1, 3, "a line break inside a string must be escaped as \\n", "$"),
            ("\"\\x\"", 1, 2, "a backslash followed by 'x' is not a JSON escape", "$"),
            ("\"\\u12G4\"", 1, 6, "\\u must be followed by four hex digits", "$"),
            ("\"\\ud83d\"", 1, 2, "lone surrogate \\uD83D in a string: \\uD800 to \\uDBFF must be followed by \\uDC00 to \\uDFFF", "$"),
            ("\"\\ude00\"", 1, 2, "lone surrogate \\uDE00 in a string: \\uDC00 to \\uDFFF must follow \\uD800 to \\uDBFF", "$"),
            ("\"open", 1, 6, "the string is not closed with \"", "$"),
            ("{} {}", 1, 4, "unexpected text after the end of the value", "$"),
            ("NaN", 1, 1, "expected a value but found 'N'", "$"),
        ] as [(String, Int, Int, String, String)])
    func namesLineColumnReasonAndPath(text: String, line: Int, column: Int, reason: String, path: String) {
        #expect(JSONSyntax.check(text) == .failure(JSONSyntax.Problem(line: line, column: column, reason: reason, path: path)))
    }

    @Test func refusesNestingBeyondTheLimitWithoutRecursingForever() {
        let deep = String(repeating: "[", count: 100_000)
        guard case .failure(let problem) = JSONSyntax.check(deep) else {
            Issue.record("100,000 open brackets must be refused")
            return
        }
        #expect(problem.reason == "nested more than 256 levels deep")
        #expect(JSONSyntax.check(String(repeating: "[", count: 256) + String(repeating: "]", count: 256)) == .success(.array))
    }

    // MARK: Reading values

    /// The problems of `bytes` as `line:column path: reason`, or nil when they are JSON.
    private func problems(_ bytes: [UInt8]) -> [String]? {
        guard case .failure(let invalid) = JSONSyntax.parse(bytes) else { return nil }
        return invalid.problems.map { "\($0.line):\($0.column) \($0.path): \($0.reason)" }
    }

    private func problems(_ text: String) -> [String]? { problems(Array(text.utf8)) }

    @Test func readsEscapesSurrogatePairsAndNumbers() throws {
        let text =
            #"{"s": "\u00e9\ud83d\ude00\n\t\"\\\/ é", "n": [0, -0.5e2, 1E+2, 12345678901234567890123, 1e-999], "o": {}, "b": [true, false, null]}"#
        #expect(
            try JSONNode.parse(Array(text.utf8))
                == .object([
                    "s": .string("é😀\n\t\"\\/ é"),
                    "n": .array([.number(0), .number(-50), .number(100), .number(1.2345678901234567890123e22), .number(0)]),
                    "o": .object([:]), "b": .array([.bool(true), .bool(false), .null]),
                ]))
    }

    @Test func aLeadingByteOrderMarkIsIgnoredAsRFC8259Allows() throws {
        #expect(try JSONNode.parse([0xEF, 0xBB, 0xBF] + Array("{}".utf8)) == .object([:]))
        // The mark counts for no column: editors do not show it.
        #expect(problems([0xEF, 0xBB, 0xBF] + Array("{x}".utf8)) == ["1:2 $: expected a quoted key but found 'x'"])
        #expect(problems([0x20, 0xEF, 0xBB, 0xBF]) == ["1:2 $: expected a value but found '\u{FEFF}'"])
    }

    @Test(
        arguments: [
            ([0x22, 0xFF, 0x22], "1:2 $: invalid UTF-8 byte 0xFF"),
            ([0x22, 0x61, 0xC3, 0x22], "1:3 $: invalid UTF-8 sequence 0xC3 0x22"),
            ([0x22, 0xC0, 0x80, 0x22], "1:2 $: invalid UTF-8 byte 0xC0"),
            ([0x22, 0xE0, 0x80, 0x80, 0x22], "1:2 $: invalid UTF-8 sequence 0xE0 0x80"),
            ([0x22, 0xED, 0xA0, 0x80, 0x22], "1:2 $: invalid UTF-8 sequence 0xED 0xA0"),
            ([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], "1:2 $: invalid UTF-8 sequence 0xF4 0x90"),
            ([0x22, 0xE2, 0x82], "1:2 $: incomplete UTF-8 character 0xE2 0x82 at the end of the text"),
            ([0x22, 0x80, 0x22], "1:2 $: invalid UTF-8 byte 0x80"),
            ([0x5B, 0x31, 0x2C, 0x20, 0xFF, 0x5D], "1:5 $[1]: invalid UTF-8 byte 0xFF"),
            ([0x5B, 0x5D, 0xFE], "1:3 $: invalid UTF-8 byte 0xFE"),
            ([0x22, 0x5C, 0xFF, 0x22], "1:3 $: invalid UTF-8 byte 0xFF"),
        ] as [([UInt8], String)])
    func namesBytesThatAreNotUTF8(bytes: [UInt8], problem: String) {
        #expect(problems(bytes) == [problem])
    }

    @Test func namesTheLineAndColumnOfABadByteInAFile() {
        let bytes = Array("{\n  \"groups\": [\n    {\"name\": \"aé".utf8) + [0xFF] + Array("\"}]}".utf8)
        #expect(problems(bytes) == ["3:17 $.groups[0].name: invalid UTF-8 byte 0xFF"])
    }

    @Test func namesRawControlCharactersByCodePoint() {
        #expect(problems("[\"a\u{0}\"]") == ["1:4 $[0]: control character U+0000 must be escaped as \\u0000"])
        #expect(problems("\"\u{1F}\"") == ["1:2 $: control character U+001F must be escaped as \\u001F"])
        #expect(problems("\"\t\"") == ["1:2 $: a tab inside a string must be escaped as \\t"])
        #expect(problems("\"\r\"") == ["1:2 $: a carriage return inside a string must be escaped as \\r"])
        #expect(problems("[\u{0}]") == ["1:2 $[0]: expected a value but found control character U+0000"])
    }

    @Test func refusesNumbersBeyondADoubleNamingThem() {
        #expect(problems("1e999") == ["1:1 $: number 1e999 is out of range"])
        #expect(problems("{\"a\": [1, -2E400]}") == ["1:11 $.a[1]: number -2E400 is out of range"])
        let long = "1" + String(repeating: "0", count: 400)
        #expect(problems(long) == ["1:1 $: number \(long.prefix(40))… is out of range"])
    }

    @Test func reportsEveryRepeatedKeyWithItsPathAndReadsOn() {
        let text = """
            {"groups": [{"name": "a"}, {"name": "b", "name": "a"}],
             "groups": {"x": 1, "x": {"y": 1, "y": 2}}, "z": [1,]}
            """
        #expect(
            problems(text) == [
                #"1:42 $.groups[1]: duplicate key "name""#,
                #"2:2 $: duplicate key "groups""#,
                #"2:21 $.groups: duplicate key "x""#,
                #"2:35 $.groups.x: duplicate key "y""#,
                "2:53 $.z[1]: expected a value but found ']'",
            ])
        #expect(problems(#"{"my key": {"a\nb": 1, "a\nb": 2}}"#) == [#"1:24 $["my key"]: duplicate key "a\nb""#])
    }

    @Test func keysThatSwiftComparesEqualAreRepeats() {
        // "é" precomposed and as e + combining acute: one dictionary key, so one would silently replace the other.
        #expect(problems("{\"\u{E9}\": 1, \"e\u{301}\": 2}") == ["1:10 $: duplicate key \"e\u{301}\""])
    }

    @Test func stopsReadingAfterTheMostProblemsItLists() throws {
        let text = "{" + String(repeating: #""a": 1, "#, count: 5_000) + #""a": 1}"#
        let found = try #require(problems(text))
        #expect(found.count == JSONSyntax.maximumProblems)
        #expect(found.last?.hasSuffix("$: stopped reading after 999 problems") == true)
    }

    @Test func pathsQuoteKeysThatAreNotPlainNames() {
        #expect(JSONPath.appending(key: "session_duration", to: "$.a") == "$.a.session_duration")
        #expect(JSONPath.appending(key: "cost center", to: "$") == #"$["cost center"]"#)
        #expect(JSONPath.appending(key: "1a", to: "$") == #"$["1a"]"#)
        #expect(JSONPath.appending(key: "", to: "$") == #"$[""]"#)
        #expect(JSONPath.appending(key: "\"\\\u{0}\u{2028}", to: "$") == #"$["\"\\\u0000\u2028"]"#)
        #expect(JSONPath.appending(index: 3, to: "$.users") == "$.users[3]")
    }
}
