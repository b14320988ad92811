@_exported import protocol HTTPServer.HTTPBodyStream
@_exported import enum HTTPServer.HTTPDate
// The HTTP vocabulary every surface's handlers speak, so that importing `Web` is enough to write one: App
// and the protocol targets never import the server core for a status or a header.
@_exported import struct HTTPServer.HTTPHeaders
@_exported import struct HTTPServer.HTTPMethod
@_exported import struct HTTPServer.HTTPRequest
@_exported import struct HTTPServer.HTTPRequestHead
@_exported import struct HTTPServer.HTTPResponse
@_exported import enum HTTPServer.HTTPResponseBody
// What an application needs to serve itself.
@_exported import class HTTPServer.HTTPServer
@_exported import struct HTTPServer.HTTPServerConfiguration
@_exported import struct HTTPServer.HTTPStatus
