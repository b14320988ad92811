import TemplateEngine
import Testing

struct TemplateValueTests {
    struct Account: TemplateRenderable {
        var id: String
        var name: String
        var roles: [String]
        var templateValue: TemplateValue { ["id": id, "name": name, "roles": roles] }
    }

    @Test func literalsBuildTheMatchingCases() {
        let string: TemplateValue = "text"
        let int: TemplateValue = 7
        let bool: TemplateValue = true
        let null: TemplateValue = nil
        let list: TemplateValue = ["a", 1]
        let object: TemplateValue = ["key": "value"]
        guard case .string("text") = string, case .int(7) = int, case .bool(true) = bool, case .null = null,
            case .list(let items) = list, items.count == 2, case .string("a") = items[0], case .int(1) = items[1],
            case .object(let record) = object, case .string("value")? = record["key"]
        else {
            Issue.record("unexpected cases: \(string) \(int) \(bool) \(null) \(list) \(object)")
            return
        }
    }

    @Test func swiftValuesConvertThroughTemplateRenderable() throws {
        let missing: String? = nil
        let present: Int? = 5
        let accounts = [
            Account(id: "111", name: "Prod", roles: ["Admin"]),
            Account(id: "222", name: "Dev", roles: []),
        ]
        let context: TemplateValue = [
            "missing": missing, "present": present, "accounts": accounts.map(\.templateValue),
            "labels": ["b": "2"], "note": "x".dropFirst(0),
        ]
        let template = """
            [{{missing}}|{{present}}|{{labels.b}}|{{note}}]{{#accounts}}
            {{id}} {{name}}:{{#roles}} {{.}}{{/roles}}{{^roles}} none{{/roles}}{{/accounts}}
            """
        #expect(try render(template, context) == "[|5|2|x]\n111 Prod: Admin\n222 Dev: none")
    }

    @Test func truthinessFollowsMustacheWithEveryIntegerTruthy() {
        let truthy: [TemplateValue] = [true, "x", 0, -1, ["a"], [:], .raw("<br>")]
        let falsy: [TemplateValue] = [false, "", [], nil, .raw("")]
        #expect(truthy.allSatisfy { $0.isTruthy })
        #expect(!falsy.contains { $0.isTruthy })
    }

    @Test func objectSubscriptReplacesAndRemovesKeys() {
        var object: TemplateObject = ["a": 1, "b": 2]
        object["a"] = "one"
        object["c"] = true
        object["b"] = nil
        #expect(object.keys == ["a", "c"])
        guard case .string("one")? = object["a"], case .bool(true)? = object["c"] else {
            Issue.record("unexpected values in \(object)")
            return
        }
        #expect(object["b"] == nil)
        #expect(object.count == 2)
    }

    @Test func mergingLetsTheOtherObjectWin() throws {
        let shared: TemplateObject = ["csrf": "token", "title": "Portico"]
        let page: TemplateObject = ["title": "Accounts"]
        let merged = shared.merging(page)
        #expect(try render("{{title}} {{csrf}}", .object(merged)) == "Accounts token")
    }

    @Test func keysMatchExactlyIncludingLongAndNonASCIIKeys() throws {
        let context: TemplateValue = [
            "name": "short", "Name": "capital", "a-rather-long-key-beyond-fifteen-bytes": "long",
            "a-rather-long-key-beyond-fifteen-bytez": "other", "名前": "japanese",
        ]
        let template = "{{name}} {{Name}} {{a-rather-long-key-beyond-fifteen-bytes}} {{名前}} [{{nam}}]"
        #expect(try render(template, context) == "short capital long japanese []")
    }
}
