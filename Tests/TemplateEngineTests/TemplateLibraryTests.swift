import Foundation
import TemplateEngine
import Testing

struct TemplateLibraryTests {
    static let site = [
        "layout.mustache": "<html>\n<body>\n{{> partials/header}}\n{{$content}}\n{{/content}}\n</body>\n</html>\n",
        "partials/header.mustache": "<header>{{user.name}}</header>\n",
        "partials/account/tile.mustache": "<li>{{name}} ({{id}})</li>\n",
        "pages/home.mustache":
            "{{< layout}}\n{{$content}}\n<ul>\n{{#accounts}}\n{{> partials/account/tile}}\n{{/accounts}}\n</ul>\n{{/content}}\n{{/layout}}\n",
        "pages/admin/users.mustache": "{{< layout}}{{/layout}}",
        "README.md": "not a template",
        "partials/notes.txt": "{{ not parsed",
        ".hidden.mustache": "{{ not parsed either",
        "pages/.home.mustache.swp": "{{",
    ]

    @Test func loadsEveryMustacheFileRecursivelyNamedByRelativePath() throws {
        let names = try withTemporaryDirectory(files: Self.site) { try TemplateLibrary.load(directory: $0).names }
        #expect(names == ["layout", "pages/admin/users", "pages/home", "partials/account/tile", "partials/header"])
    }

    @Test func rendersAPageWithLayoutAndPartialsFromNestedDirectories() throws {
        let context: TemplateValue = [
            "user": ["name": "Ada"],
            "accounts": [["name": "Prod", "id": "111"], ["name": "Dev & Test", "id": "222"]],
        ]
        let output: String = try withTemporaryDirectory(files: Self.site) {
            try TemplateLibrary.load(directory: $0).template(named: "pages/home").render(context)
        }
        #expect(
            output == """
                <html>
                <body>
                <header>Ada</header>
                <ul>
                <li>Prod (111)</li>
                <li>Dev &amp; Test (222)</li>
                </ul>
                </body>
                </html>

                """)
    }

    @Test func renderingNeedsNoFilesOnceLoaded() throws {
        let library = try withTemporaryDirectory(files: Self.site) { try TemplateLibrary.load(directory: $0) }
        let output: String = try library.template(named: "pages/admin/users").render(["user": ["name": "Ada"]])
        #expect(output == "<html>\n<body>\n<header>Ada</header>\n</body>\n</html>\n")
    }

    @Test func requireAcceptsExistingTemplates() throws {
        try withTemporaryDirectory(files: Self.site) { directory in
            let library = try TemplateLibrary.load(directory: directory)
            try library.require(["pages/home", "pages/admin/users", "layout"])
        }
    }

    @Test func requireFailsForAMissingPageNamingItAndTheDirectory() throws {
        try withTemporaryDirectory(files: Self.site) { directory in
            let library = try TemplateLibrary.load(directory: directory)
            let thrown = #expect(throws: TemplateError.self) { try library.require(["pages/home", "pages/accounts"]) }
            #expect(
                thrown?.description == "template 'pages/accounts' not found: no pages/accounts.mustache in \(directory)"
            )
            #expect(thrown?.file == nil && thrown?.line == nil)
        }
    }

    @Test func requireListsEveryMissingTemplate() throws {
        try withTemporaryDirectory(files: Self.site) { directory in
            let library = try TemplateLibrary.load(directory: directory)
            #expect(throws: TemplateError(message: "templates 'pages/a', 'pages/b' not found in \(directory)")) {
                try library.require(["pages/a", "pages/home", "pages/b"])
            }
        }
    }

    @Test func partialNamesAreNotFileNames() throws {
        // Names have no extension and are relative to the templates directory.
        let files = ["pages/home.mustache": "{{> partials/header.mustache}}", "partials/header.mustache": ""]
        let thrown = try withTemporaryDirectory(files: files) { directory in
            #expect(throws: TemplateError.self) { try TemplateLibrary.load(directory: directory) }
        }
        #expect(thrown?.description == "pages/home.mustache:1:1: unknown partial 'partials/header.mustache'")
    }

    @Test func syntaxErrorsNameTheFileRelativeToTheDirectory() throws {
        let files = ["pages/home.mustache": "<ul>\n{{#items}}\n<li>{{.}}</li>\n</ul>\n"]
        let thrown = try withTemporaryDirectory(files: files) { directory in
            #expect(throws: TemplateError.self) { try TemplateLibrary.load(directory: directory) }
        }
        #expect(thrown?.description == "pages/home.mustache:2:1: unclosed section 'items'")
    }

    @Test func invalidUTF8IsRejected() throws {
        let thrown = try withTemporaryDirectory(files: [:]) { directory in
            try Data([0x3C, 0x70, 0x3E, 0xFF, 0xFE]).write(to: URL(fileURLWithPath: "\(directory)/bad.mustache"))
            return #expect(throws: TemplateError.self) { try TemplateLibrary.load(directory: directory) }
        }
        #expect(thrown?.description == "bad.mustache: not valid UTF-8")
    }

    @Test func missingDirectoryIsAnError() throws {
        #expect(
            throws: TemplateError(
                message: "cannot read templates directory '/nonexistent/Templates': No such file or directory")
        ) {
            try TemplateLibrary.load(directory: "/nonexistent/Templates")
        }
    }

    @Test func symbolicLinkLoopsDoNotHangLoading() throws {
        let names = try withTemporaryDirectory(files: ["pages/home.mustache": "home"]) { directory in
            try FileManager.default.createSymbolicLink(
                atPath: "\(directory)/pages/loop", withDestinationPath: directory)
            return try TemplateLibrary.load(directory: directory).names
        }
        #expect(names == ["pages/home"])
    }

    @Test func emptyDirectoryLoadsAnEmptyLibrary() throws {
        let names = try withTemporaryDirectory(files: [:]) { try TemplateLibrary.load(directory: $0).names }
        #expect(names.isEmpty)
    }

    @Test func templatesRenderConcurrentlyWithTheSameResult() async throws {
        let library = try TemplateLibrary(sources: ["t": "{{#items}}<i>{{name}}</i>{{/items}}"])
        let template = try library.template(named: "t")
        let items = (0..<200).map { ["name": "item \($0) <&>"] }
        let context: TemplateValue = ["items": items]
        let expected: String = template.render(context)
        let outputs = await withTaskGroup(of: String.self) { group in
            for _ in 0..<8 {
                group.addTask { template.render(context) }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outputs.count == 8)
        #expect(outputs.allSatisfy { $0 == expected })
    }
}
