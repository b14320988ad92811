import AWS
import Foundation
import Testing

/// The login script Portico serves: Python that compiles, with this server's URL and botocore's session name.
struct AWSCLILoginScriptTests {
    /// Runs `python3` with `arguments`, `input` on stdin; returns the exit status and stdout.
    private static func python(_ arguments: [String], input: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    @Test func bakesInTheBaseURLAndRegion() {
        let script = AWSCLILoginScript.text(baseURL: "https://portal.example.com/", region: "eu-west-1")
        #expect(script.hasPrefix("#!/usr/bin/env python3\n"))
        #expect(script.contains("\nBASE_URL = \"https://portal.example.com\"\n"))
        #expect(script.contains("\nDEFAULT_REGION = \"eu-west-1\"\n"))
        #expect(script.contains("\nDEFAULT_SESSION = \"portico\"\n"))
        #expect(!script.contains("@@"))
    }

    @Test func anOddBaseURLCannotEndTheLiteral() {
        let script = AWSCLILoginScript.text(baseURL: "https://x.example/\"\nimport os\\é", region: "nowhere")
        #expect(script.contains(#"BASE_URL = "https://x.example/\"\u000aimport os\\\u00e9""#))
        #expect(script.contains("DEFAULT_REGION = \"us-east-1\""))
    }

    @Test func isPythonThatReadsBackItsValuesAndTheCacheFileName() throws {
        let script = AWSCLILoginScript.text(baseURL: "https://portal.example.com", region: "ap-northeast-1")
        // Loads the script as a module (its main does not run) and prints what it would use.
        let probe = """
            import sys, types
            module = types.ModuleType("login")
            exec(compile(sys.stdin.read(), "portico-sso-login.py", "exec"), module.__dict__)
            print(module.START_URL, module.OIDC_ENDPOINT, module.PORTAL_ENDPOINT, module.DEFAULT_REGION)
            print(module.cache_path("portico").split("/")[-1])
            """
        let (status, output) = try Self.python(["-c", "import sys; exec(sys.argv[1])", probe], input: script)
        #expect(status == 0)
        let lines = output.split(separator: "\n")
        #expect(
            lines.first
                == "https://portal.example.com/start https://portal.example.com/aws/oidc https://portal.example.com/aws/portal ap-northeast-1"
        )
        // sha1("portico"): the file botocore's SSOTokenProvider reads for [sso-session portico]
        #expect(lines.dropFirst().first == "3b9f70bcb40540ee785ed69476e4c157c7992355.json")
    }

    @Test func refusesPlainHTTPExceptOnLoopback() throws {
        for (baseURL, refused) in [
            ("http://portal.example.com", true), ("http://127.0.0.1:8080", false), ("http://localhost:8080", false),
            ("http://[::1]:8080", false), ("https://portal.example.com", false),
        ] {
            let probe = """
                import sys, types
                module = types.ModuleType("login")
                exec(compile(sys.stdin.read(), "portico-sso-login.py", "exec"), module.__dict__)
                try:
                    module.check_base_url()
                    print("allowed")
                except module.LoginError as error:
                    print("refused:", error)
                """
            let (status, output) = try Self.python(
                ["-c", "import sys; exec(sys.argv[1])", probe], input: AWSCLILoginScript.text(baseURL: baseURL))
            #expect(status == 0)
            #expect(output.hasPrefix(refused ? "refused: refusing to send credentials to \(baseURL)" : "allowed"), "\(baseURL)")
        }
    }
}
