import TemplateEngine
import Testing

struct InterpolationTests {
    @Test func escapesAllFiveHTMLSpecialCharacters() throws {
        #expect(try render("{{text}}", ["text": "& < > \" '"]) == "&amp; &lt; &gt; &quot; &#39;")
    }

    @Test func escapesScriptInjection() throws {
        let output = try render("<p>{{comment}}</p>", ["comment": "<script>alert(1)</script>"])
        #expect(output == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>")
    }

    @Test func escapesQuotesSoValuesCannotLeaveAnAttribute() throws {
        let template = #"<input value="{{a}}" title='{{b}}'>"#
        let output = try render(template, ["a": #"" onfocus="alert(1)"#, "b": "' onclick='alert(2)"])
        #expect(output == #"<input value="&quot; onfocus=&quot;alert(1)" title='&#39; onclick=&#39;alert(2)'>"#)
    }

    @Test func escapesSpecialCharactersAtEveryPositionOfEveryLength() throws {
        // Values are scanned eight bytes at a time; put each special character at every
        // offset of strings up to three words long, next to multi-byte characters too.
        let template = try TemplateLibrary(sources: ["t": "{{v}}"]).template(named: "t")
        for length in 0...24 {
            for position in 0..<max(length, 1) {
                for special in ["&", "<", ">", "\"", "'", "é", "😀"] {
                    var characters = Array(repeating: "a", count: length)
                    if length > 0 { characters[position] = special }
                    let value = characters.joined()
                    let output: String = template.render(["v": value])
                    #expect(output == referenceEscape(value), "value \(value.debugDescription)")
                }
            }
        }
    }

    @Test func escapesLongTextWithManySpecialCharacters() throws {
        let value = String(repeating: "Tom & Jerry's <\"show\"> ", count: 40)
        #expect(try render("{{v}}", ["v": value]) == referenceEscape(value))
    }

    @Test func tripleMustacheAndAmpersandAreNotEscaped() throws {
        let context: TemplateValue = ["html": "<b>bold</b> & \"quoted\""]
        #expect(
            try render("{{{html}}}|{{&html}}|{{& html }}", context)
                == "<b>bold</b> & \"quoted\"|<b>bold</b> & \"quoted\"|<b>bold</b> & \"quoted\"")
    }

    @Test func rawValuesAreWrittenUnescapedEvenByDoubleMustache() throws {
        #expect(
            try render("{{svg}}", ["svg": TemplateValue.raw("<svg><path d=\"M0 0\"/></svg>")])
                == "<svg><path d=\"M0 0\"/></svg>")
    }

    @Test func integersAndBooleansRenderAsText() throws {
        let context: TemplateValue = [
            "zero": 0, "negative": -42, "big": Int.max, "smallest": Int.min, "yes": true, "no": false,
        ]
        #expect(
            try render("{{zero}} {{negative}} {{big}} {{smallest}} {{yes}} {{no}}", context)
                == "0 -42 9223372036854775807 -9223372036854775808 true false")
    }

    @Test func missingNamesAndContainersRenderAsNothing() throws {
        let context: TemplateValue = [
            "list": [1, 2], "object": ["a": 1], "nothing": TemplateValue.null, "absent": String?.none,
        ]
        #expect(
            try render("[{{missing}}|{{list}}|{{object}}|{{nothing}}|{{absent}}|{{{missing}}}]", context) == "[|||||]")
    }

    @Test func dottedNamesReachIntoNestedObjects() throws {
        let context: TemplateValue = ["user": ["name": "Ada", "team": ["name": "Engines"]] as TemplateObject]
        #expect(try render("{{user.name}} of {{user.team.name}}", context) == "Ada of Engines")
    }

    @Test func dottedNameBrokenPartWayIsEmptyInsteadOfFallingBack() throws {
        // Once `a` is found, `b.c` is resolved only inside it, never further down the stack.
        let context: TemplateValue = ["a": ["b": [:] as TemplateObject], "c": "ERROR", "b": ["c": "ERROR"]]
        #expect(try render("[{{a.b.c}}]", context) == "[]")
        #expect(try render("[{{#a}}{{b.c}}{{/a}}]", context) == "[]")
    }

    @Test func dottedNameFirstPartIsFoundFurtherUpTheStack() throws {
        let context: TemplateValue = ["user": ["name": "Ada"], "items": [["id": 1], ["id": 2]]]
        #expect(try render("{{#items}}{{id}}:{{user.name}} {{/items}}", context) == "1:Ada 2:Ada ")
    }

    @Test func namesMissingInTheCurrentContextAreLookedUpTheStack() throws {
        let context: TemplateValue = ["a": "foo", "b": "wrong", "sec": ["b": "bar"], "c": ["d": "baz"]]
        #expect(try render(#""{{#sec}}{{a}}, {{b}}, {{c.d}}{{/sec}}""#, context) == #""foo, bar, baz""#)
    }

    @Test func innerContextShadowsOuterNames() throws {
        let context: TemplateValue = ["name": "outer", "inner": ["name": "inner"]]
        #expect(try render("{{name}} {{#inner}}{{name}}{{/inner}} {{name}}", context) == "outer inner outer")
    }

    @Test func implicitIteratorRendersTheCurrentValue() throws {
        #expect(try render("{{.}}", "top & level") == "top &amp; level")
        #expect(try render("{{#names}}<{{.}}>{{/names}}", ["names": ["a", "b&c"]]) == "<a><b&amp;c>")
        #expect(try render("{{#numbers}}{{.}},{{/numbers}}", ["numbers": [1, 2, 3]]) == "1,2,3,")
        #expect(try render("{{#names}}{{{.}}}{{/names}}", ["names": ["<i>"]]) == "<i>")
    }

    @Test func whitespaceInsideTagsIsIgnored() throws {
        #expect(try render("|{{ name }}|{{{ name }}}|{{& name }}|", ["name": "x"]) == "|x|x|x|")
    }

    @Test func japaneseTextAndEmojiPassThroughIntact() throws {
        let template = "ようこそ、{{name}}さん 🎉 {{{raw}}} {{#tags}}「{{.}}」{{/tags}}\n"
        let context: TemplateValue = ["name": "山田 太郎 <管理者>", "raw": "👩‍💻", "tags": ["本番", "🇯🇵"]]
        #expect(try render(template, context) == "ようこそ、山田 太郎 &lt;管理者&gt;さん 🎉 👩‍💻 「本番」「🇯🇵」\n")
    }

    @Test func templateTextIsCopiedVerbatim() throws {
        let text = "<!doctype html>\n<p class=\"x\">'single' & \"double\" { braces } }} </p>\r\n\ttab"
        #expect(try render(text) == text)
    }

    @Test func commentsRenderNothing() throws {
        #expect(try render("a{{! a comment with {braces} and\nnewlines }}b") == "ab")
    }

    @Test func renderIntoAppendsToTheGivenBuffer() throws {
        let template = try TemplateLibrary(sources: ["t": "<p>{{x}}</p>"]).template(named: "t")
        var buffer = Array("HTTP/1.1 200 OK\r\n\r\n".utf8)
        template.render(["x": "1"], into: &buffer)
        template.render(["x": "2"], into: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == "HTTP/1.1 200 OK\r\n\r\n<p>1</p><p>2</p>")
    }

    @Test func bytesAndStringRenderingAgree() throws {
        let template = try TemplateLibrary(sources: ["t": "é {{x}}"]).template(named: "t")
        let bytes: [UInt8] = template.render(["x": "<ü>"])
        let string: String = template.render(["x": "<ü>"])
        #expect(bytes == Array("é &lt;ü&gt;".utf8))
        #expect(string == "é &lt;ü&gt;")
    }

    @Test func emptyTemplateRendersNothing() throws {
        let template = try TemplateLibrary(sources: ["t": ""]).template(named: "t")
        let bytes: [UInt8] = template.render([:])
        #expect(bytes.isEmpty)
    }
}
