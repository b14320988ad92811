/// The browser a session list shows for a user agent: a family name, not a fingerprint.
enum BrowserFamily {
    /// `Edge`, `Opera`, `Chrome`, `Firefox`, `Safari`, `curl`, or `Unknown browser`.
    ///
    /// Order matters: Edge and Opera also claim Chrome, and Chrome also claims Safari.
    static func name(userAgent: String) -> String {
        func has(_ token: String) -> Bool { userAgent.contains(token) }
        if has("Edg/") || has("Edge/") || has("EdgA/") || has("EdgiOS/") { return "Edge" }
        if has("OPR/") || has("Opera") { return "Opera" }
        if has("Firefox/") || has("FxiOS/") { return "Firefox" }
        if has("Chrome/") || has("CriOS/") || has("Chromium/") { return "Chrome" }
        if has("Safari/") && has("Version/") { return "Safari" }
        if userAgent.hasPrefix("curl/") { return "curl" }
        return "Unknown browser"
    }

    /// What a CLI session's user agent says about the program and the machine: `AWS CLI on Linux`,
    /// `boto3 on macOS`; the AWS CLI and SDKs name both (`aws-cli/2.9.19 … Linux/6.1`, `os/macos#14`).
    static func cliName(userAgent: String) -> String {
        let lowercased = userAgent.lowercased()
        func has(_ token: String) -> Bool { lowercased.contains(token) }
        let program =
            if lowercased.hasPrefix("aws-cli/") || has(" aws-cli/") { "AWS CLI" } else if has("boto3/") { "boto3" } else if has("botocore/")
            { "botocore" } else if has("aws-sdk-") { "AWS SDK" } else if has("python-urllib/") { "Portico's sign-in script" } else {
                "A program"
            }
        let system =
            if has("linux") { " on Linux" } else if has("darwin") || has("os/macos") || has("macos") {
                " on macOS"
            } else if has("windows") || has("os/win") { " on Windows" } else { "" }
        return program + system
    }
}
