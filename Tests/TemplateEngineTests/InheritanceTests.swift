import TemplateEngine
import Testing

/// Parents and blocks, as in the Mustache inheritance spec: layouts for pages.
struct InheritanceTests {
    static let layout = """
        <!doctype html>
        <title>{{$title}}Portico{{/title}}</title>
        {{> partials/header}}
        <main>
        {{$content}}
        <p>Nothing here.</p>
        {{/content}}
        </main>

        """
    static let header = "<header>{{$heading}}Welcome{{/heading}}, {{user}}</header>\n"

    @Test func pageOverridesLayoutBlocksAndKeepsTheRest() throws {
        let page = """
            {{< layout}}
            {{$title}}Accounts · Portico{{/title}}
            {{$content}}
            <h1>{{count}} accounts</h1>
            {{/content}}
            {{/layout}}

            """
        let partials = ["layout": Self.layout, "partials/header": Self.header]
        let output = try render(page, ["count": 3, "user": "Ada <admin>"], partials: partials)
        #expect(
            output == """
                <!doctype html>
                <title>Accounts · Portico</title>
                <header>Welcome, Ada &lt;admin&gt;</header>
                <main>
                <h1>3 accounts</h1>
                </main>

                """)
    }

    @Test func layoutRenderedAloneShowsItsDefaults() throws {
        let library = try TemplateLibrary(sources: ["layout": Self.layout, "partials/header": Self.header])
        let output: String = try library.template(named: "layout").render(["user": "Ada"])
        #expect(
            output == """
                <!doctype html>
                <title>Portico</title>
                <header>Welcome, Ada</header>
                <main>
                <p>Nothing here.</p>
                </main>

                """)
    }

    @Test func overridesReachBlocksInsidePartialsOfTheParent() throws {
        let page = "{{<layout}}{{$heading}}Settings{{/heading}}{{/layout}}"
        let partials = ["layout": "{{> partials/header}}", "partials/header": Self.header]
        #expect(try render(page, ["user": "Ada"], partials: partials) == "<header>Settings, Ada</header>\n")
    }

    @Test func defaultContentRendersVariablesAndSections() throws {
        let template = "{{$foo}}default {{bar}} {{{raw}}} {{#list}}{{.}}{{/list}}{{^none}}!{{/none}} content{{/foo}}"
        #expect(try render(template, ["bar": "baz", "raw": "<i>", "list": [1, 2]]) == "default baz <i> 12! content")
    }

    @Test func defaultContentIsUsedWhenNoParentOverridesIt() throws {
        #expect(
            try render("{{<include}}{{/include}}", partials: ["include": "{{$foo}}default content{{/foo}}"])
                == "default content")
    }

    @Test func overriddenBlockIgnoresContextDataOfTheSameName() throws {
        let partials = ["include": "{{$var}}var in include{{/var}}"]
        let context: TemplateValue = ["var": "var in data"]
        #expect(
            try render("{{<include}}{{$var}}var in template{{/var}}{{/include}}", context, partials: partials)
                == "var in template")
        #expect(try render("{{<include}}{{/include}}", context, partials: partials) == "var in include")
    }

    @Test func onlyTheOverriddenBlockChanges() throws {
        let partials = ["parent": "{{$stuff}}new default one{{/stuff}}, {{$stuff2}}new default two{{/stuff2}}"]
        #expect(
            try render("{{<parent}}{{$stuff2}}override two{{/stuff2}}{{/parent}}", partials: partials)
                == "new default one, override two")
    }

    @Test func eachParentTagGetsItsOwnOverrides() throws {
        let template =
            "test {{<parent}}{{$stuff}}override1{{/stuff}}{{/parent}} {{<parent}}{{$stuff}}override2{{/stuff}}{{/parent}}"
        let partials = ["parent": "|{{$stuff}}...{{/stuff}}{{$default}} default{{/default}}|"]
        #expect(try render(template, partials: partials) == "test |override1 default| |override2 default|")
    }

    @Test func overrideBetweenStandaloneTagsKeepsItsBlankLines() throws {
        let template = "{{<parent}}\n{{$ballmer}}\npeaked\n\n:(\n{{/ballmer}}\n{{/parent}}\n"
        #expect(try render(template, partials: ["parent": "{{$ballmer}}peaking{{/ballmer}}"]) == "peaked\n\n:(\n")
    }

    @Test func inlineBlockKeepsTheIndentationBeforeIt() throws {
        let template = "{{<parent}}{{$nineties}}hammer time{{/nineties}}{{/parent}}"
        let partials = ["parent": "stop:\n  {{$nineties}}collaborate and listen{{/nineties}}\n"]
        #expect(try render(template, partials: partials) == "stop:\n  hammer time\n")
    }

    @Test func parentWithoutOverridesBehavesLikeAPartial() throws {
        #expect(
            try render("{{>parent}}|{{<parent}}{{/parent}}", partials: ["parent": "{{$foo}}default content{{/foo}}"])
                == "default content|default content")
    }

    @Test func outermostOverrideWinsAcrossSeveralLevels() throws {
        let partials = [
            "parent": "{{<older}}{{$a}}p{{/a}}{{/older}}",
            "older": "{{<grandParent}}{{$a}}o{{/a}}{{/grandParent}}",
            "grandParent": "{{$a}}g{{/a}}",
        ]
        #expect(try render("{{<parent}}{{$a}}c{{/a}}{{/parent}}", partials: partials) == "c")
        #expect(try render("{{<parent}}{{/parent}}", partials: partials) == "p")
    }

    @Test func textAndTagsInsideAParentOutsideBlocksAreIgnored() throws {
        let partials = ["parent": "{{$foo}}default content{{/foo}}"]
        #expect(
            try render("{{<parent}} asdfasd {{$foo}}hmm{{/foo}} {{x}}{{#y}}z{{/y}} {{/parent}}", partials: partials)
                == "hmm")
        #expect(try render("{{<parent}} asdfasd asdfasdfasdf {{/parent}}", partials: partials) == "default content")
    }

    @Test func overrideIsRenderedInTheContextOfTheParentsBlock() throws {
        let partials = ["parent": "{{#nested}}{{$block}}You say {{fruit}}.{{/block}}{{/nested}}"]
        let context: TemplateValue = ["fruit": "apples", "nested": ["fruit": "bananas"]]
        #expect(
            try render("{{<parent}}{{$block}}I say {{fruit}}.{{/block}}{{/parent}}", context, partials: partials)
                == "I say bananas.")
    }

    @Test func parentsMayIncludeEachOtherWhenOverridesEndTheRecursion() throws {
        let partials = [
            "parent": "{{$foo}}default content{{/foo}} {{$bar}}{{<parent2}}{{/parent2}}{{/bar}}",
            "parent2": "{{$foo}}parent2 default content{{/foo}} {{<parent}}{{$bar}}don't recurse{{/bar}}{{/parent}}",
        ]
        #expect(
            try render("{{<parent}}{{$foo}}override{{/foo}}{{/parent}}", partials: partials)
                == "override override override don't recurse")
    }

    @Test func nestedBlocksCanBeOverriddenInnerOnlyOrWhole() throws {
        let partials = ["base": "[{{$outer}}<{{$inner}}default inner{{/inner}}>{{/outer}}]"]
        #expect(try render("{{<base}}{{/base}}", partials: partials) == "[<default inner>]")
        #expect(try render("{{<base}}{{$inner}}new inner{{/inner}}{{/base}}", partials: partials) == "[<new inner>]")
        #expect(try render("{{<base}}{{$outer}}new outer{{/outer}}{{/base}}", partials: partials) == "[new outer]")
    }

    @Test func blocksInsideAnOverrideCanBeOverriddenByTheNextLevel() throws {
        // page -> section layout -> base: the section layout fills `content` with a frame
        // that has its own `main` block, which the page then fills.
        let partials = [
            "base": "<body>{{$content}}{{/content}}</body>",
            "layouts/admin": "{{<base}}{{$content}}<nav/>{{$main}}empty{{/main}}{{/content}}{{/base}}",
        ]
        #expect(
            try render("{{<layouts/admin}}{{$main}}<table/>{{/main}}{{/layouts/admin}}", partials: partials)
                == "<body><nav/><table/></body>")
        #expect(try render("{{<layouts/admin}}{{/layouts/admin}}", partials: partials) == "<body><nav/>empty</body>")
    }

    @Test func standaloneParentIsIndentedLikeAPartial() throws {
        let template = "<div>\n  {{<card}}\n  {{$body}}<p>{{text}}</p>{{/body}}\n  {{/card}}\n</div>\n"
        let partials = ["card": "<section>\n  {{$body}}{{/body}}\n</section>\n"]
        #expect(
            try render(template, ["text": "hi"], partials: partials)
                == "<div>\n  <section>\n    <p>hi</p>\n  </section>\n</div>\n")
    }
}
