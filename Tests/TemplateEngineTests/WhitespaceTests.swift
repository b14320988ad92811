import TemplateEngine
import Testing

/// Standalone-line cases from the Mustache spec: a line holding only a non-output tag
/// (and spaces or tabs) disappears, newline included.
struct WhitespaceTests {
    @Test func standaloneSectionLinesAreRemoved() throws {
        let template = "| This Is\n{{#boolean}}\n|\n{{/boolean}}\n| A Line\n"
        #expect(try render(template, ["boolean": true]) == "| This Is\n|\n| A Line\n")
    }

    @Test func indentedStandaloneLinesAreRemoved() throws {
        let template = "| This Is\n  {{#boolean}}\n|\n  {{/boolean}}\n| A Line\n"
        #expect(try render(template, ["boolean": true]) == "| This Is\n|\n| A Line\n")
    }

    @Test func carriageReturnNewlineEndsAStandaloneLine() throws {
        #expect(try render("|\r\n{{#boolean}}\r\n{{/boolean}}\r\n|", ["boolean": true]) == "|\r\n|")
    }

    @Test func standaloneTagNeedsNoPreviousLine() throws {
        #expect(try render("  {{#boolean}}\n#{{/boolean}}\n/", ["boolean": true]) == "#\n/")
        #expect(try render("  {{^boolean}}\n^{{/boolean}}\n/", ["boolean": false]) == "^\n/")
    }

    @Test func standaloneTagNeedsNoFollowingNewline() throws {
        #expect(try render("#{{#boolean}}\n/\n  {{/boolean}}", ["boolean": true]) == "#\n/\n")
    }

    @Test func sectionsSharingALineWithTextAreNotStandalone() throws {
        let template = " {{#boolean}}YES{{/boolean}}\n {{#boolean}}GOOD{{/boolean}}\n"
        #expect(try render(template, ["boolean": true]) == " YES\n GOOD\n")
    }

    @Test func twoTagsSharingALineAreNotStandalone() throws {
        // Classic per-tag rule: only a tag alone on its line takes the line with it.
        #expect(try render("a\n{{#yes}}{{/yes}}\nb", ["yes": true]) == "a\n\nb")
    }

    @Test func variablesAreNeverStandalone() throws {
        #expect(try render("a\n  {{missing}}\nb") == "a\n  \nb")
    }

    @Test func standaloneCommentsAreRemovedIncludingMultilineOnes() throws {
        #expect(try render("Begin.\n  {{! Comment Block! }}\nEnd.\n") == "Begin.\nEnd.\n")
        #expect(try render("Begin.\n{{!\nSomething's going on here\n}}\nEnd.\n") == "Begin.\nEnd.\n")
        #expect(try render("  12 {{! 34 }}\n") == "  12 \n")
    }

    @Test func invertedStandaloneLinesAreRemoved() throws {
        let template = "| This Is\n{{^boolean}}\n|\n{{/boolean}}\n| A Line\n"
        #expect(try render(template, ["boolean": false]) == "| This Is\n|\n| A Line\n")
    }

    @Test func listOfStandaloneSectionLinesProducesTidyHTML() throws {
        let template = """
            <ul>
              {{#items}}
              <li>{{.}}</li>
              {{/items}}
            </ul>

            """
        #expect(try render(template, ["items": ["a", "b"]]) == "<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\n")
        #expect(try render(template, ["items": [] as [String]]) == "<ul>\n</ul>\n")
    }

    @Test func deeplyNestedStandaloneSectionsLeaveOnlyContent() throws {
        let context: TemplateValue = [
            "a": ["one": 1], "b": ["two": 2],
            "c": ["three": 3, "d": ["four": 4, "five": 5] as TemplateObject] as TemplateObject,
        ]
        let template = """
            {{#a}}
            {{one}}
            {{#b}}
            {{one}}{{two}}{{one}}
            {{#c}}
            {{one}}{{two}}{{three}}{{two}}{{one}}
            {{#d}}
            {{one}}{{two}}{{three}}{{four}}{{three}}{{two}}{{one}}
            {{#five}}
            {{one}}{{two}}{{three}}{{four}}{{.}}6{{.}}{{four}}{{three}}{{two}}{{one}}
            {{/five}}
            {{/d}}
            {{/c}}
            {{/b}}
            {{/a}}

            """
        #expect(try render(template, context) == "1\n121\n12321\n1234321\n12345654321\n")
    }
}
