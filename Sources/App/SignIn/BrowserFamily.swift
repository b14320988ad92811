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
}
