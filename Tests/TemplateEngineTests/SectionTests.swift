import TemplateEngine
import Testing

struct SectionTests {
    @Test func listRendersOncePerElementWithTheElementOnTheStack() throws {
        let context: TemplateValue = ["list": [["item": 1], ["item": 2], ["item": 3]]]
        #expect(try render(#""{{#list}}{{item}}{{/list}}""#, context) == #""123""#)
    }

    @Test func emptyListRendersNothing() throws {
        #expect(try render("[{{#list}}Yay lists!{{/list}}]", ["list": [] as [TemplateValue]]) == "[]")
    }

    @Test func trueRendersOnceAndFalseNever() throws {
        let template = "[{{#yes}}shown{{/yes}}|{{#no}}hidden{{/no}}]"
        #expect(try render(template, ["yes": true, "no": false]) == "[shown|]")
    }

    @Test func missingAndNullAreFalsy() throws {
        let template = "[{{#missing}}a{{/missing}}{{#null}}b{{/null}}{{#absent}}c{{/absent}}]"
        #expect(try render(template, ["null": TemplateValue.null, "absent": Int?.none]) == "[]")
    }

    @Test func objectIsPushedOntoTheStack() throws {
        let context: TemplateValue = ["context": ["name": "Joe"]]
        #expect(try render(#""{{#context}}Hi {{name}}.{{/context}}""#, context) == #""Hi Joe.""#)
    }

    @Test func emptyObjectStillRendersOnce() throws {
        #expect(try render("[{{#object}}x{{/object}}]", ["object": [:] as TemplateObject]) == "[x]")
    }

    @Test func nonEmptyStringRendersOnceAndIsTheCurrentValue() throws {
        #expect(try render(#""{{#foo}}{{.}} is {{foo}}{{/foo}}""#, ["foo": "bar"]) == #""bar is bar""#)
        #expect(try render("[{{#empty}}x{{/empty}}]", ["empty": ""]) == "[]")
    }

    @Test func integersIncludingZeroRenderOnce() throws {
        let template = "{{#count}}count={{.}};{{/count}}{{#zero}}zero={{.}}{{/zero}}"
        #expect(try render(template, ["count": 3, "zero": 0]) == "count=3;zero=0")
    }

    @Test func rawHTMLIsTruthyWhenNotEmpty() throws {
        let context: TemplateValue = ["icon": TemplateValue.raw("<svg/>"), "none": TemplateValue.raw("")]
        #expect(try render("[{{#icon}}{{.}}{{/icon}}{{#none}}x{{/none}}]", context) == "[<svg/>]")
    }

    @Test func nestedListsIterateWithTheImplicitIterator() throws {
        let context: TemplateValue = ["list": [[1, 2, 3], ["a", "b", "c"]] as [TemplateValue]]
        #expect(try render(#""{{#list}}({{#.}}{{.}}{{/.}}){{/list}}""#, context) == #""(123)(abc)""#)
    }

    @Test func nestedSectionsSeeEveryContextOnTheStack() throws {
        let context: TemplateValue = [
            "tops": [
                [
                    "tname": ["upper": "A", "lower": "a"] as TemplateObject,
                    "middles": [["mname": "1", "bottoms": [["bname": "x"], ["bname": "y"]]] as TemplateObject],
                ] as TemplateObject
            ]
        ]
        let template =
            "{{#tops}}{{#middles}}{{tname.lower}}{{mname}}.{{#bottoms}}{{tname.upper}}{{mname}}{{bname}}.{{/bottoms}}{{/middles}}{{/tops}}"
        #expect(try render(template, context) == "a1.A1x.A1y.")
    }

    @Test func dottedNamesWorkForSections() throws {
        let truthy: TemplateValue = ["a": ["b": ["c": true]]]
        let falsy: TemplateValue = ["a": ["b": ["c": false]]]
        let broken: TemplateValue = ["a": [:] as TemplateObject]
        let template = "[{{#a.b.c}}Here{{/a.b.c}}]"
        #expect(try render(template, truthy) == "[Here]")
        #expect(try render(template, falsy) == "[]")
        #expect(try render(template, broken) == "[]")
    }

    @Test func nestedTruthyAndFalsySections() throws {
        let template = "| A {{#bool}}B {{#bool}}C{{/bool}} D{{/bool}} E |"
        #expect(try render(template, ["bool": true]) == "| A B C D E |")
        #expect(try render(template, ["bool": false]) == "| A  E |")
    }

    @Test func sectionsDoNotAlterSurroundingOrInternalWhitespace() throws {
        #expect(try render(" | {{#boolean}}\t|\t{{/boolean}} | \n", ["boolean": true]) == " | \t|\t | \n")
        let inside = " | {{#boolean}} {{! Important Whitespace }}\n {{/boolean}} | \n"
        #expect(try render(inside, ["boolean": true]) == " |  \n  | \n")
    }

    @Test func invertedRendersForEveryFalsyValue() throws {
        let context: TemplateValue = [
            "no": false, "empty": [] as [TemplateValue], "blank": "", "null": TemplateValue.null,
        ]
        let template =
            "{{^missing}}1{{/missing}}{{^no}}2{{/no}}{{^empty}}3{{/empty}}{{^blank}}4{{/blank}}{{^null}}5{{/null}}"
        #expect(try render(template, context) == "12345")
    }

    @Test func invertedRendersNothingForTruthyValues() throws {
        let context: TemplateValue = [
            "yes": true, "list": [1], "text": "x", "zero": 0, "object": [:] as TemplateObject,
        ]
        let template =
            "[{{^yes}}1{{/yes}}{{^list}}2{{/list}}{{^text}}3{{/text}}{{^zero}}4{{/zero}}{{^object}}5{{/object}}]"
        #expect(try render(template, context) == "[]")
    }

    @Test func invertedSectionDoesNotPushAnything() throws {
        #expect(try render("{{^list}}{{name}}: none{{/list}}", ["name": "Ada", "list": [] as [String]]) == "Ada: none")
    }

    @Test func sectionAndInvertedSectionTogetherFormAnIfElse() throws {
        let template = "{{#roles}}<a>{{.}}</a>{{/roles}}{{^roles}}<em>No access</em>{{/roles}}"
        #expect(try render(template, ["roles": ["Admin", "ReadOnly"]]) == "<a>Admin</a><a>ReadOnly</a>")
        #expect(try render(template, ["roles": [] as [String]]) == "<em>No access</em>")
    }

    @Test func textAfterASectionIsNotPartOfIt() throws {
        // The compiler merges adjacent text; text after a section must stay outside it.
        let template = "{{#list}}[{{.}}]{{/list}}after"
        #expect(try render(template, ["list": [] as [TemplateValue]]) == "after")
        #expect(try render(template, ["list": ["a", "b"]]) == "[a][b]after")
    }
}
