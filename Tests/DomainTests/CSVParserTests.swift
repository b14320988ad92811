import Domain
import Testing

struct CSVParserTests {
    @Test(
        arguments: [
            ("a,b,c", [["a", "b", "c"]]),
            ("a,b\r\nc,d\r\n", [["a", "b"], ["c", "d"]]),
            ("a,b\nc,d\n", [["a", "b"], ["c", "d"]]),
            ("a,b\rc,d", [["a", "b"], ["c", "d"]]),
            ("a,,c,", [["a", "", "c", ""]]),
            ("\"a,b\",c", [["a,b", "c"]]),
            ("\"say \"\"hi\"\"\",x", [["say \"hi\"", "x"]]),
            ("\"two\r\nlines\",x\r\ny,z", [["two\r\nlines", "x"], ["y", "z"]]),
            ("\"\"", [[""]]),
            ("\"\",\"\"", [["", ""]]),
            ("a\n\nb", [["a"], [""], ["b"]]),
            ("\u{FEFF}email,name\n", [["email", "name"]]),
            ("名前,メール\n山田 太郎,taro@example.jp", [["名前", "メール"], ["山田 太郎", "taro@example.jp"]]),
            (" spaced , kept ", [[" spaced ", " kept "]]),
            ("", []),
            ("\n", [[""]]),
        ] as [(String, [[String]])])
    func parsesRFC4180Records(text: String, expected: [[String]]) throws {
        #expect(try CSVParser.parse(text) == expected)
    }

    @Test(
        arguments: [
            ("\"open,b", 1, "a quoted field is never closed with \""),
            ("a\nb,\"x\ny", 2, "a quoted field is never closed with \""),
            ("\"a\"b,c", 1, "text follows a closing quote; a quote inside a quoted field is written \"\""),
            ("x\n\"two\nlines\" tail", 3, "text follows a closing quote; a quote inside a quoted field is written \"\""),
            ("a,b\"c", 1, "a field with a quote in it must be quoted whole, with the quote written \"\""),
            ("ok\r\nab\"", 2, "a field with a quote in it must be quoted whole, with the quote written \"\""),
        ] as [(String, Int, String)])
    func refusesWhatItWouldHaveToGuess(text: String, line: Int, reason: String) {
        #expect(throws: CSVParser.Problem(line: line, reason: reason)) { try CSVParser.parse(text) }
    }

    @Test func stopsAtTheRowLimit() throws {
        let text = (0..<11).map { "row\($0)" }.joined(separator: "\n")
        #expect(try CSVParser.parse(text, maximumRecords: 11).count == 11)
        #expect(throws: CSVParser.Problem.self) { try CSVParser.parse(text, maximumRecords: 10) }
        #expect(throws: CSVParser.Problem.self) { try CSVParser.parse(text + "\n", maximumRecords: 10) }
    }

    @Test func roundTripsFieldsAQuotingWriterProduces() throws {
        let fields = ["plain", "with,comma", "with \"quote\"", "line\nbreak", "", "<script>alert(1)</script>", "末尾"]
        let line = fields.map { "\"" + $0.replacing("\"", with: "\"\"") + "\"" }.joined(separator: ",")
        #expect(try CSVParser.parse(line + "\r\n" + line) == [fields, fields])
    }
}
