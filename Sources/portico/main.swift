import App
import Commands
import Glibc
import HTTPServer

/// `portico`: read the command and configuration, then serve until SIGTERM or SIGINT.
func standardError(_ message: String) {
    let line = Array((message + "\n").utf8)
    _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}

// Before any thread starts, so only the watcher thread ever receives SIGTERM and SIGINT.
SignalWatcher.blockTermination()
// Every file Portico creates (database, WAL, keys, exports) is its user's alone, whatever the shell's umask.
umask(0o077)

let command: Command
do {
    command = try Command.parseProcess()
} catch {
    standardError("portico: \(error)")
    exit(2)
}

switch command {
case .help(let usage):
    print(usage)
case .version:
    print("portico \(PorticoVersion.current)")
case .apply(let options):
    exit(DirectoryTool.apply(options, output: { print($0) }, errors: standardError))
case .export(let options):
    exit(DirectoryTool.export(options, output: { print($0) }, errors: standardError))
case .keys(let options):
    exit(KeysTool.run(options, output: { print($0) }, errors: standardError))
case .backup(let options):
    exit(BackupTool.run(options, output: { print($0) }, errors: standardError))
case .scimToken(let options):
    exit(SCIMTokenTool.run(options, output: { print($0) }, errors: standardError))
case .provision(let options):
    exit(ProvisionTool.run(options, output: { print($0) }, errors: standardError))
case .serve(let configuration):
    let app: PorticoApp
    do {
        app = try PorticoApp(configuration: configuration)
    } catch {
        standardError("portico: cannot start: \(error)")
        exit(1)
    }
    SignalWatcher.watchTermination { signal in
        app.log.log(.info, "stopping", fields: [("signal", signal == SIGTERM ? "SIGTERM" : "SIGINT")])
        app.shutdown()
    }
    do {
        try app.start()
    } catch {
        // A ListenError names the address ("address 127.0.0.1:8080 is already in use").
        standardError("portico: cannot start: \(error)")
        exit(1)
    }
    app.wait()
    app.log.log(.info, "stopped")
    app.log.flush()
    exit(0)
}
