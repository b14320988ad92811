import TemplateEngine
import Testing

/// A portal page's worth of data: the shape the renderer is built for.
struct LargeRenderTests {
    static let page = """
        {{< layout}}
        {{$content}}
        <ul class="accounts">
          {{#accounts}}
          <li class="tile" id="a-{{id}}"><a href="/accounts/{{id}}">{{name}}</a> <span>{{ou.name}}</span>{{#roles}} <a href="/sso/{{id}}/{{.}}">{{.}}</a>{{/roles}}{{^roles}} <em>no access</em>{{/roles}}</li>
          {{/accounts}}
        </ul>
        {{/content}}
        {{/layout}}

        """
    static let layout = "<main data-user=\"{{user}}\">\n{{$content}}\n{{/content}}\n</main>\n"

    static func accounts() -> [TemplateValue] {
        (0..<500).map { index in
            let roles = index % 5 == 0 ? [] : index % 2 == 0 ? ["Admin", "ReadOnly"] : ["ReadOnly"]
            let object: TemplateObject = [
                "id": String(100_000_000_000 + index),
                "name": index % 7 == 0 ? "Team <\(index)> & \"friends\"" : "Account \(index)",
                "ou": ["name": "Workloads/日本"],
                "roles": roles,
            ]
            return .object(object)
        }
    }

    static func expected() -> String {
        var html = "<main data-user=\"O&#39;Brien\">\n<ul class=\"accounts\">\n"
        for index in 0..<500 {
            let id = String(100_000_000_000 + index)
            let name = index % 7 == 0 ? "Team &lt;\(index)&gt; &amp; &quot;friends&quot;" : "Account \(index)"
            let roles = index % 5 == 0 ? [] : index % 2 == 0 ? ["Admin", "ReadOnly"] : ["ReadOnly"]
            html +=
                "  <li class=\"tile\" id=\"a-\(id)\"><a href=\"/accounts/\(id)\">\(name)</a> <span>Workloads/日本</span>"
            html += roles.map { " <a href=\"/sso/\(id)/\($0)\">\($0)</a>" }.joined()
            html += roles.isEmpty ? " <em>no access</em>" : ""
            html += "</li>\n"
        }
        return html + "</ul>\n</main>\n"
    }

    @Test func renderingFiveHundredObjectsProducesExactlyTheExpectedBytes() throws {
        let library = try TemplateLibrary(sources: ["layout": Self.layout, "pages/accounts": Self.page])
        let template = try library.template(named: "pages/accounts")
        let context: TemplateValue = ["user": "O'Brien", "accounts": Self.accounts()]
        let bytes: [UInt8] = template.render(context)
        #expect(bytes == Array(Self.expected().utf8))
    }

    @Test func repeatedRendersOfTheSameTemplateAreIdentical() throws {
        // The second render reserves its buffer from the first one's size; the bytes must not change.
        let library = try TemplateLibrary(sources: ["layout": Self.layout, "pages/accounts": Self.page])
        let template = try library.template(named: "pages/accounts")
        let small: TemplateValue = ["user": "x", "accounts": Array(Self.accounts().prefix(3))]
        let large: TemplateValue = ["user": "O'Brien", "accounts": Self.accounts()]
        let first: [UInt8] = template.render(large)
        let tiny: [UInt8] = template.render(small)
        let second: [UInt8] = template.render(large)
        #expect(first == second)
        #expect(tiny.count < first.count)
        #expect(String(decoding: second, as: UTF8.self) == Self.expected())
    }
}
