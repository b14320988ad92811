import HTTPServer

extension HTTPResponse {
    /// Adds a `Set-Cookie` field; several cookies mean several fields, never one joined by commas.
    package mutating func setCookie(_ cookie: SetCookie) {
        headers.add(name: "Set-Cookie", value: cookie.headerValue)
    }

    /// The response with one more `Set-Cookie` field.
    package func settingCookie(_ cookie: SetCookie) -> HTTPResponse {
        var response = self
        response.setCookie(cookie)
        return response
    }
}
