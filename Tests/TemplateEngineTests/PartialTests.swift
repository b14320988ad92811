import TemplateEngine
import Testing

struct PartialTests {
    @Test func partialIsExpandedInPlace() throws {
        #expect(try render(#""{{>text}}""#, partials: ["text": "from partial"]) == #""from partial""#)
    }

    @Test func partialRendersInTheCurrentContext() throws {
        let template = "{{#users}}{{> partials/user}};{{/users}}"
        let partials = ["partials/user": "<b>{{name}}</b> in {{team}}"]
        let context: TemplateValue = ["team": "Ops", "users": [["name": "Ada"], ["name": "<Bob>"]]]
        #expect(try render(template, context, partials: partials) == "<b>Ada</b> in Ops;<b>&lt;Bob&gt;</b> in Ops;")
    }

    @Test func partialsAreNamedByPathAndMayIncludeOtherPartials() throws {
        let partials = [
            "partials/forms/field": "<label>{{label}}</label>{{> partials/forms/error}}",
            "partials/forms/error": "{{#error}}<p class=\"error\">{{error}}</p>{{/error}}",
        ]
        let context: TemplateValue = ["label": "Email", "error": "required"]
        #expect(
            try render("{{>partials/forms/field}}", context, partials: partials)
                == "<label>Email</label><p class=\"error\">required</p>")
    }

    @Test func inlinePartialKeepsSurroundingWhitespace() throws {
        #expect(try render("| {{>partial}} |", partials: ["partial": "\t|\t"]) == "| \t|\t |")
        #expect(
            try render("  {{data}}  {{> partial}}\n", ["data": "|"], partials: ["partial": ">\n>"]) == "  |  >\n>\n")
    }

    @Test func standalonePartialLineIsReplacedByThePartial() throws {
        #expect(try render("|\r\n{{>partial}}\r\n|", partials: ["partial": ">"]) == "|\r\n>|")
        #expect(try render("  {{>partial}}\n>", partials: ["partial": ">\n>"]) == "  >\n  >>")
        #expect(try render(">\n  {{>partial}}", partials: ["partial": ">\n>"]) == ">\n  >\n  >")
    }

    @Test func standalonePartialIsIndentedOnEveryLineButNotInsideValues() throws {
        let template = "\\\n {{>partial}}\n/\n"
        let partial = "|\n{{{content}}}a b{{{content}}}c\n|\n"
        #expect(
            try render(template, ["content": "<\n->"], partials: ["partial": partial])
                == "\\\n |\n <\n->a b<\n->c\n |\n/\n")
    }

    @Test func nestedStandalonePartialsAccumulateIndentation() throws {
        let partials = [
            "list": "<ul>\n  {{#items}}\n  {{>item}}\n  {{/items}}\n</ul>\n",
            "item": "<li>\n  {{.}}\n</li>\n",
        ]
        let template = "<nav>\n  {{>list}}\n</nav>\n"
        let expected = "<nav>\n  <ul>\n    <li>\n      a\n    </li>\n    <li>\n      b\n    </li>\n  </ul>\n</nav>\n"
        #expect(try render(template, ["items": ["a", "b"]], partials: partials) == expected)
    }

    @Test func whitespaceInsidePartialTagIsIgnored() throws {
        #expect(try render("|{{> partial }}|", partials: ["partial": "[]"]) == "|[]|")
    }

    @Test func samePartialMayBeUsedManyTimes() throws {
        let partials = ["badge": "<span>{{.}}</span>"]
        #expect(
            try render("{{#tags}}{{>badge}}{{/tags}}", ["tags": ["a", "b", "c"]], partials: partials)
                == "<span>a</span><span>b</span><span>c</span>")
    }
}
