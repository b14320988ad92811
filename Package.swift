// swift-tools-version: 6.0
import PackageDescription

let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

// libxml2 and xmlsec are not linked: Sources/SAML/XMLSecurityLibrary.swift opens them with dlopen on the first
// XML signature, so an idle server does not carry them (with libxslt, ICU, liblzma and zlib behind them, about
// 1.2 MiB of the 20 MB idle budget, issue #2). So CXMLSec has no `pkgConfig`, which would put `-lxmlsec1-openssl
// -lxmlsec1 -lxml2 -lxslt -lssl` on the link of every product (and `-Xlinker --as-needed` cannot undo that:
// SwiftPM places it after the -l flags), and the header directories that pkg-config would give are named here
// instead, for the targets that import CXMLSec: where Debian (the Dockerfile's base) and Ubuntu install them.
let xmlSecurityHeaders: [SwiftSetting] = [.unsafeFlags(["-Xcc", "-I/usr/include/libxml2", "-Xcc", "-I/usr/include/xmlsec1"])]

let package = Package(
    name: "Portico",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "portico", targets: ["portico"])
    ],
    targets: [
        // C module maps and tiny shims only.
        .target(name: "CLinux", path: "Sources/CLinux"),
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "COpenSSL", path: "Sources/COpenSSL", providers: [.apt(["libssl-dev"])]),
        // libcurl is not linked either: Sources/HTTPClient/CurlLibrary.swift opens it with dlopen on the first
        // outbound request (STS), so an idle server does not map it and the thirty-odd libraries behind it (libssl,
        // GnuTLS, Kerberos, LDAP, nghttp2, libssh2...), issue #2. So CCurl's module map has no `link "curl"`, and
        // its shim only wraps the variadic curl_easy_setopt and curl_easy_getinfo around a resolved pointer. The
        // -dev package is still needed for the header; at run time Debian's libcurl4 provides libcurl.so.4.
        .systemLibrary(name: "CCurl", path: "Sources/CCurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CXMLSec", path: "Sources/CXMLSec", providers: [.apt(["libxmlsec1-dev"])]),

        // The one path to libc's I/O calls: sockets, epoll, reading and writing files.
        .target(name: "System", dependencies: ["CLinux"], swiftSettings: strict),
        // The wall clock (injected everywhere the time decides something) and the one UTC calendar routine.
        .target(name: "Time", swiftSettings: strict),
        // A byte buffer for output built from many small appends: pages, response heads, log lines.
        .target(name: "Bytes", swiftSettings: strict),
        // IP addresses and CIDR blocks, parsed without a name lookup: the login throttle's keys, trusted proxies.
        .target(name: "IP", swiftSettings: strict),
        // Server core: sockets, epoll loops, HTTP/1.1 parser and writer. Knows nothing of routes or HTML.
        .target(name: "HTTPServer", dependencies: ["CLinux", "System", "Time", "Bytes"], swiftSettings: strict),
        // Outbound HTTPS through libcurl, blocking, for the worker pool: STS for CLI credentials, next. libcurl is
        // opened on the first request (see the comment on CCurl).
        .target(name: "HTTPClient", dependencies: ["CCurl"], swiftSettings: strict),
        // libFuzzer entry point for the request parser (see scripts/fuzz-parser).
        .executableTarget(name: "HTTPParserFuzzer", dependencies: ["HTTPServer", "FuzzerSupport"], swiftSettings: strict),
        // What the fuzzers share: replaying saved inputs in a normal build.
        .target(name: "FuzzerSupport", swiftSettings: strict),

        // Router, middleware, forms, cookies, static files, HTTPError.
        .target(name: "Web", dependencies: ["HTTPServer", "System", "Time", "Bytes", "JSON", "IP"], swiftSettings: strict),
        // Mustache-like templates compiled once at boot.
        .target(name: "TemplateEngine", dependencies: ["System", "Bytes"], swiftSettings: strict),
        // A small SQLite wrapper: transactions, statements, rows, migrator.
        .target(name: "SQLite", dependencies: ["CSQLite"], swiftSettings: strict),

        // The only caller of libcrypto: random, digests, HMAC, constant-time compare, scrypt, TOTP.
        .target(name: "Crypto", dependencies: ["COpenSSL"], swiftSettings: strict),
        // WebAuthn relying party: our own bounded CBOR and COSE decoding, registration and assertion checks.
        .target(name: "WebAuthn", dependencies: ["Crypto", "JSON"], swiftSettings: strict),
        // libFuzzer entry point for the CBOR, COSE and authenticator data decoders (see scripts/fuzz-webauthn).
        .executableTarget(name: "WebAuthnFuzzer", dependencies: ["WebAuthn", "FuzzerSupport"], swiftSettings: strict),
        // A QR code encoder (ISO/IEC 18004) rendering inline SVG, for MFA enrolment.
        .target(name: "QRCode", swiftSettings: strict),
        // Portico as a SAML 2.0 identity provider for AWS: assertions, XML signatures (xmlsec), metadata.
        .target(name: "SAML", dependencies: ["CXMLSec", "Crypto", "System", "Time"], swiftSettings: strict + xmlSecurityHeaders),
        // Portico's side of AWS: what an account needs to trust Portico (CloudFormation, CLI commands), and STS's
        // AssumeRoleWithSAML as requests and responses (XML read through SAML's libxml2); SigV4, Portico's own credentials, and
        // IAM and STS over their Query APIs for keeping accounts in sync (`AccountReconciler`).
        .target(name: "AWS", dependencies: ["Domain", "JSON", "SAML", "Crypto", "Time", "HTTPClient"], swiftSettings: strict),
        // JSON values and a strict reader that says where text goes wrong: directory files, policies, machine bodies.
        .target(name: "JSON", swiftSettings: strict),
        // SCIM 2.0 (RFC 7643/7644) as a grammar: filters now; resources and PATCH with the SCIM endpoint.
        .target(name: "SCIM", dependencies: ["JSON", "Domain"], swiftSettings: strict),
        // AWS SSO-OIDC (RegisterClient, device and PKCE flows, CreateToken) as requests, responses and errors.
        .target(name: "OIDC", dependencies: ["JSON", "Crypto", "Domain"], swiftSettings: strict),
        // The AWS SSO portal API (accounts, roles, role credentials) as pages, responses and errors.
        .target(name: "PortalAPI", dependencies: ["JSON", "Crypto"], swiftSettings: strict),
        // Plain value types, validation, and the access decision.
        .target(name: "Domain", dependencies: ["JSON", "IP"], swiftSettings: strict),
        // Schema, migrations and one store per aggregate.
        .target(name: "Storage", dependencies: ["SQLite", "Domain", "JSON"], swiftSettings: strict),

        // The directory-file engine: parse, plan, apply and export the directory, the user CSV import, the demo
        // organisation. One planner for forms' bulk paths, `portico apply` and (next) SCIM and sync jobs.
        .target(name: "Directory", dependencies: ["Domain", "Storage", "SQLite", "JSON", "Time", "Crypto", "SAML"], swiftSettings: strict),
        // The portal itself: configuration, route table, pages.
        .target(
            name: "App",
            dependencies: [
                "Web", "TemplateEngine", "Storage", "Domain", "SQLite", "Crypto", "QRCode", "SAML", "AWS", "Directory", "SCIM", "OIDC",
                "PortalAPI", "System", "WebAuthn", "IP",
                "Time",
                "JSON",
                "HTTPClient",
            ], swiftSettings: strict),
        // The command line: `serve`, `apply`, `export`, `keys`, `backup`, each parsed from flags and environment.
        .target(
            name: "Commands", dependencies: ["App", "Directory", "SAML", "Storage", "SQLite", "Domain", "JSON", "System", "Time"],
            swiftSettings: strict),
        .executableTarget(name: "portico", dependencies: ["Commands", "App", "HTTPServer", "HTTPClient"], swiftSettings: strict),

        // A raw-socket HTTP client and helpers shared by the test targets.
        .target(name: "TestSupport", dependencies: ["SAML", "COpenSSL"], path: "Tests/TestSupport", swiftSettings: strict),

        .testTarget(name: "SystemTests", dependencies: ["System"], swiftSettings: strict),
        .testTarget(name: "TimeTests", dependencies: ["Time"], swiftSettings: strict),
        .testTarget(name: "BytesTests", dependencies: ["Bytes"], swiftSettings: strict),
        .testTarget(name: "IPTests", dependencies: ["IP"], swiftSettings: strict),
        .testTarget(
            name: "HTTPServerTests", dependencies: ["HTTPServer", "System", "TestSupport"], resources: [.copy("Fixtures")],
            swiftSettings: strict),
        // Links the library that the portico binary does not, to check CurlFunctions against its symbols.
        .testTarget(
            name: "HTTPClientTests", dependencies: ["HTTPClient", "HTTPServer", "CCurl", "TestSupport"], swiftSettings: strict,
            linkerSettings: [.linkedLibrary("curl")]),
        .testTarget(name: "WebTests", dependencies: ["Web", "IP"], swiftSettings: strict),
        .testTarget(name: "TemplateEngineTests", dependencies: ["TemplateEngine"], swiftSettings: strict),
        .testTarget(name: "SQLiteTests", dependencies: ["SQLite"], swiftSettings: strict),
        .testTarget(name: "CryptoTests", dependencies: ["Crypto"], swiftSettings: strict),
        .testTarget(
            name: "WebAuthnTests", dependencies: ["WebAuthn", "Crypto", "JSON"], resources: [.copy("Fixtures")], swiftSettings: strict),
        // Links the libraries that the portico binary does not, to check XMLSecurityFunctions against their symbols.
        .testTarget(
            name: "SAMLTests", dependencies: ["SAML", "CXMLSec", "Time", "TestSupport"], swiftSettings: strict + xmlSecurityHeaders,
            linkerSettings: [.linkedLibrary("xmlsec1-openssl"), .linkedLibrary("xmlsec1"), .linkedLibrary("xml2")]),
        .testTarget(
            name: "AWSTests", dependencies: ["AWS", "Domain", "JSON", "HTTPServer", "HTTPClient", "SAML", "Time"],
            resources: [.copy("Fixtures")],
            swiftSettings: strict),
        .testTarget(name: "QRCodeTests", dependencies: ["QRCode"], exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(name: "JSONTests", dependencies: ["JSON", "TestSupport"], resources: [.copy("Fixtures")], swiftSettings: strict),
        .testTarget(name: "SCIMTests", dependencies: ["SCIM", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "OIDCTests", dependencies: ["OIDC", "JSON", "Crypto"], swiftSettings: strict),
        .testTarget(name: "PortalAPITests", dependencies: ["PortalAPI", "JSON", "Crypto"], swiftSettings: strict),
        .testTarget(name: "DomainTests", dependencies: ["Domain"], swiftSettings: strict),
        .testTarget(name: "StorageTests", dependencies: ["Storage"], swiftSettings: strict),
        .testTarget(
            name: "DirectoryTests", dependencies: ["Directory", "TestSupport", "Storage", "Domain", "SQLite", "Crypto", "Time"],
            swiftSettings: strict),
        .testTarget(
            name: "CommandsTests", dependencies: ["Commands", "App", "TestSupport", "Directory", "Storage", "SAML", "AWS"],
            swiftSettings: strict),
        .testTarget(
            name: "AppTests",
            dependencies: [
                "App", "Commands", "TestSupport", "Directory", "Storage", "Domain", "SQLite", "Crypto", "SAML", "Time", "Web", "AWS",
                "HTTPServer",
            ],
            swiftSettings: strict),
    ]
)
