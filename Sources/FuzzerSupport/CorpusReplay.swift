import Glibc

/// What a fuzzer executable does in a normal build (without libFuzzer): replays the files named on its command
/// line through the same checks, which is how a saved crash is debugged (`swift run WebAuthnFuzzer
/// fuzz-artifacts/crash-…`), and how a corpus is checked by hand.
package enum CorpusReplay {
    /// Runs `check` on each file named in the arguments; exits 64 without any, 66 for a file it cannot read.
    package static func run(program: String, check: (UnsafeRawBufferPointer) -> Void) {
        let paths = CommandLine.arguments.dropFirst()
        guard !paths.isEmpty else { fail("usage: \(program) FILE...", status: 64) }
        for path in paths {
            guard let bytes = readFile(path) else { fail("cannot read \(path)", status: 66) }
            print("\(path): \(bytes.count) bytes")
            bytes.withUnsafeBytes { check($0) }
        }
        print("\(paths.count) inputs passed")
    }

    private static func fail(_ message: String, status: Int32) -> Never {
        var line = message + "\n"
        line.withUTF8 { _ = write(STDERR_FILENO, $0.baseAddress, $0.count) }
        exit(status)
    }

    private static func readFile(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            bytes += chunk[..<count]
            if count < chunk.count { return ferror(file) == 0 ? bytes : nil }
        }
    }
}
