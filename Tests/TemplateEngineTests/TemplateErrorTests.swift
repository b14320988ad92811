import TemplateEngine
import Testing

/// Every load error names the file relative to the templates directory and, for a tag,
/// the 1-based line and column of its first brace.
struct TemplateErrorTests {
    private func error(in name: String, _ source: String, others: [String: String] = [:]) -> String? {
        var sources = others
        sources[name] = source
        do {
            _ = try TemplateLibrary(sources: sources)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func unclosedTagPointsAtItsOpeningBraces() {
        #expect(
            error(in: "pages/home", "<h1>\n<p> {{name</p>\n")
                == "pages/home.mustache:2:5: unclosed tag: '{{' without '}}'")
    }

    @Test func tripleMustacheMustCloseWithThreeBraces() {
        let expected = "pages/home.mustache:1:4: unclosed triple mustache: '{{{' without '}}}'"
        #expect(error(in: "pages/home", "<p>{{{html}}</p>") == expected)
        #expect(error(in: "pages/home", "<p>{{{html") == expected)
    }

    @Test func unclosedSectionPointsAtItsOpeningTag() {
        #expect(
            error(in: "pages/home", "<ul>\n  {{#items}}\n  <li>{{.}}</li>\n</ul>\n")
                == "pages/home.mustache:2:3: unclosed section 'items'")
        #expect(error(in: "pages/home", "x {{^empty}}") == "pages/home.mustache:1:3: unclosed section 'empty'")
        #expect(
            error(in: "pages/home", "{{<layout}}\n{{$content}}\n{{/layout}}", others: ["layout": ""])
                == "pages/home.mustache:3:1: closing tag 'layout' does not match open block 'content'")
        #expect(
            error(in: "pages/home", "{{<layout}}\n{{$content}}{{/content}}\n", others: ["layout": ""])
                == "pages/home.mustache:1:1: unclosed parent 'layout'")
        #expect(
            error(in: "layout", "<main>\n  {{$content}}\n</main>\n") == "layout.mustache:2:3: unclosed block 'content'")
    }

    @Test func innermostUnclosedSectionIsReported() {
        #expect(error(in: "t", "{{#a}}\n{{#b}}\n{{/b}}\n") == "t.mustache:1:1: unclosed section 'a'")
        #expect(error(in: "t", "{{#a}}\n {{#b}}\n") == "t.mustache:2:2: unclosed section 'b'")
    }

    @Test func mismatchedCloseIsReportedAtTheClosingTag() {
        #expect(
            error(in: "pages/home", "{{#a}}\n  {{#b}}\n  {{/a}}\n")
                == "pages/home.mustache:3:3: closing tag 'a' does not match open section 'b'")
    }

    @Test func closeWithNothingOpenIsUnexpected() {
        #expect(
            error(in: "pages/home", "text\n{{/items}}")
                == "pages/home.mustache:2:1: unexpected closing tag 'items': nothing is open")
    }

    @Test func emptyNamesAreRejectedForEveryKindOfTag() {
        #expect(error(in: "t", "{{}}") == "t.mustache:1:1: empty tag name")
        let cases = [
            "a {{ }}", "a {{#}}{{/}}", "a {{^ }}", "a {{/}}", "a {{>}}", "a {{<}}", "a {{$}}", "a {{{ }}}", "a {{&}}",
        ]
        for source in cases {
            #expect(error(in: "t", source) == "t.mustache:1:3: empty tag name", "\(source)")
        }
    }

    @Test func namesWithWhitespaceOrEmptyDottedPartsAreRejected() {
        #expect(
            error(in: "t", "{{first name}}")
                == "t.mustache:1:1: invalid tag name 'first name': names cannot contain whitespace")
        #expect(
            error(in: "t", "{{> partials/a b}}")
                == "t.mustache:1:1: invalid tag name 'partials/a b': names cannot contain whitespace")
        #expect(error(in: "t", "{{a..b}}") == "t.mustache:1:1: invalid tag name 'a..b': empty part between dots")
        #expect(error(in: "t", "{{#.a}}{{/.a}}") == "t.mustache:1:1: invalid tag name '.a': empty part between dots")
        #expect(error(in: "t", "{{a.}}") == "t.mustache:1:1: invalid tag name 'a.': empty part between dots")
    }

    @Test func setDelimiterTagsAreRejected() {
        #expect(error(in: "t", "x\n{{=<% %>=}}") == "t.mustache:2:1: set-delimiter tags are not supported")
    }

    @Test func unknownPartialIsReportedAtTheTagInTheIncludingFile() {
        let others = ["pages/home": "{{> partials/header}}"]
        #expect(
            error(in: "partials/header", "<nav>\n  {{> partials/menu}}\n</nav>", others: others)
                == "partials/header.mustache:2:3: unknown partial 'partials/menu'")
    }

    @Test func unknownParentIsReportedAtTheParentTag() {
        #expect(
            error(in: "pages/home", "<p>\n{{< layouts/missing}}{{/layouts/missing}}")
                == "pages/home.mustache:2:1: unknown parent 'layouts/missing'")
    }

    @Test func unknownPartialInsideAnOverrideIsReported() {
        #expect(
            error(
                in: "pages/home", "{{<layout}}{{$content}}\n {{>nope}}{{/content}}{{/layout}}", others: ["layout": ""])
                == "pages/home.mustache:2:2: unknown partial 'nope'")
    }

    @Test func recursivePartialsAreACycleError() {
        let others = ["pages/home": "{{> partials/a}}", "partials/a": "<a>\n{{> partials/b}}</a>"]
        #expect(
            error(in: "partials/b", "<b>{{#x}}{{> partials/a}}{{/x}}</b>", others: others)
                == "partials/b.mustache:1:10: recursive partial 'partials/a': partials/a -> partials/b -> partials/a")
        #expect(
            error(in: "node", "{{content}}<{{#nodes}}{{>node}}{{/nodes}}>")
                == "node.mustache:1:23: recursive partial 'node': node -> node")
    }

    @Test func parentIncludingItselfWithTheSameOverridesIsACycleError() {
        #expect(
            error(in: "layout", "{{$a}}x{{/a}}\n{{<layout}}{{$a}}y{{/a}}{{/layout}}")
                == "layout.mustache:2:1: recursive partial 'layout': layout -> layout")
    }

    @Test func errorInsideAnIndentedPartialKeepsTheColumnAsWritten() {
        // `b` is reached through a standalone, indented tag, so it is re-parsed indented;
        // the reported column must still be the one in b.mustache.
        let others = ["a": "<ul>\n    {{> b}}\n</ul>\n"]
        #expect(
            error(in: "b", "<li>\n  {{> a}}\n</li>\n", others: others)
                == "b.mustache:2:3: recursive partial 'a': a -> b -> a")
    }

    @Test func overridingTheSameBlockTwiceIsAnError() {
        let source = "{{<layout}}\n{{$content}}a{{/content}}\n {{$content}}b{{/content}}\n{{/layout}}"
        #expect(
            error(in: "pages/home", source, others: ["layout": "{{$content}}{{/content}}"])
                == "pages/home.mustache:3:2: block 'content' is overridden twice")
    }

    @Test func columnsCountCharactersNotBytes() {
        #expect(error(in: "t", "日本語 {{#x}}") == "t.mustache:1:5: unclosed section 'x'")
        #expect(error(in: "t", "ok\n🎉🎉 {{name") == "t.mustache:2:4: unclosed tag: '{{' without '}}'")
    }

    @Test func errorExposesItsParts() throws {
        let thrown = try #require(compileError("a\n  {{#x}}"))
        #expect(thrown.file == "test.mustache")
        #expect(thrown.line == 2)
        #expect(thrown.column == 3)
        #expect(thrown.message == "unclosed section 'x'")
    }

    @Test func missingTemplateNamesTheTemplateAndTheDirectory() throws {
        let library = try TemplateLibrary(sources: ["pages/home": "home"], directory: "/srv/portico/Templates")
        #expect(
            throws: TemplateError(
                message: "template 'pages/missing' not found: no pages/missing.mustache in /srv/portico/Templates")
        ) {
            try library.template(named: "pages/missing")
        }
    }
}
