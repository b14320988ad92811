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
            ("", 1, 1, "expected a value but found the end of the text"),
            ("{", 1, 2, "expected a quoted key but found the end of the text"),
            ("{\"a\" 1}", 1, 6, "expected : but found '1'"),
            ("{\n  \"a\": 1\n  \"b\": 2\n}", 3, 3, "expected , or } but found '\"'"),
            ("{\"a\": 1,}", 1, 9, "expected a quoted key but found '}'"),
            ("[1, 2", 1, 6, "expected , or ] but found the end of the text"),
            ("{'a': 1}", 1, 2, "expected a quoted key but found '''"),
            ("{\"é\": x}", 1, 7, "expected a value but found 'x'"),
            ("{\"日本\": tru}", 1, 8, "expected a value but found 'tru'"), ("nulls", 1, 1, "expected a value but found 'nulls'"),
            ("[01]", 1, 3, "a number must not start with 0"),
            ("[1.]", 1, 4, "expected a digit after . but found ']'"),
            ("[1e]", 1, 4, "expected an exponent but found ']'"),
            ("[-]", 1, 3, "expected a digit but found ']'"),
            ("\"a\nb\"", 1, 3, "a line break or control character inside a string must be escaped"),
            ("\"\\x\"", 1, 2, "a backslash followed by 'x' is not a JSON escape"),
            ("\"\\u12G4\"", 1, 6, "\\u must be followed by four hex digits"),
            ("\"\\ud83d\"", 1, 2, "\\uD83D must be followed by the second half of its surrogate pair"),
            ("\"\\ude00\"", 1, 2, "\\uDE00 is the second half of a surrogate pair without the first"),
            ("\"open", 1, 6, "the string is not closed with \""),
            ("{} {}", 1, 4, "unexpected text after the end of the value"),
            ("NaN", 1, 1, "expected a value but found 'N'"),
        ] as [(String, Int, Int, String)])
    func namesLineColumnAndReason(text: String, line: Int, column: Int, reason: String) {
        #expect(JSONSyntax.check(text) == .failure(JSONSyntax.Problem(line: line, column: column, reason: reason)))
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
}
