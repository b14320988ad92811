import Foundation
import QRCode
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

struct SVGTests {
    @Test func pathRunsCoverExactlyTheDarkModules() throws {
        let code = try QRCode.encode("otpauth://totp/Portico:alice?secret=JBSWY3DPEHPK3PXP&issuer=Portico")
        let svg = try ParsedSVG(code.svg(moduleSize: 3, quietZone: 2, label: "TOTP"))

        let extent = code.size + 4
        var painted = [[Int]](repeating: [Int](repeating: 0, count: extent), count: extent)
        for run in try svg.runs() {
            for x in run.x..<(run.x + run.length) {
                painted[run.y][x] += 1
            }
        }
        var darkCount = 0
        for y in 0..<extent {
            for x in 0..<extent {
                let inside = (2..<code.size + 2).contains(x) && (2..<code.size + 2).contains(y)
                let dark = inside && code[x: x - 2, y: y - 2]
                darkCount += dark ? 1 : 0
                #expect(painted[y][x] == (dark ? 1 : 0), "module (\(x), \(y)) including the quiet zone")
            }
        }
        #expect(try svg.runs().reduce(0) { $0 + $1.length } == darkCount)
    }

    @Test func sizesTheViewBoxInModulesAndTheImageInPixels() throws {
        let code = try QRCode.encode("HELLO")
        let svg = try ParsedSVG(code.svg(moduleSize: 5, quietZone: 4, label: "code"))

        #expect(svg.elements.map(\.name) == ["svg", "rect", "path"])
        let root = svg.elements[0].attributes
        #expect(root["viewBox"] == "0 0 29 29")
        #expect(root["width"] == "145")
        #expect(root["height"] == "145")
        #expect(root["role"] == "img")
        #expect(root["shape-rendering"] == "crispEdges")
        #expect(svg.elements[1].attributes["fill"] == "#fff")
        #expect(svg.elements[1].attributes["width"] == "29")
    }

    @Test func escapesTheLabel() throws {
        let label = #"Scan <b>me</b> & "enrol" 'alice'"#
        let markup = try QRCode.encode("HELLO").svg(label: label)

        #expect(!markup.contains("<b>"))
        #expect(try ParsedSVG(markup).elements[0].attributes["aria-label"] == label)
    }

    @Test func replacesControlCharactersThatXMLCannotCarry() throws {
        let markup = try QRCode.encode("HELLO").svg(label: "a\u{0}b\u{1B}c")
        #expect(try ParsedSVG(markup).elements[0].attributes["aria-label"] == "a\u{FFFD}b\u{FFFD}c")
    }
}

/// The elements of an SVG document as XMLParser reports them, which fails the test if the markup is malformed.
private struct ParsedSVG {
    struct Element {
        let name: String
        let attributes: [String: String]
    }

    /// One horizontal run from a `M x y h n v1 h-n z` subpath.
    struct Run {
        let x: Int
        let y: Int
        let length: Int
    }

    let elements: [Element]

    init(_ markup: String) throws {
        let collector = Collector()
        let parser = XMLParser(data: Data(markup.utf8))
        parser.delegate = collector
        guard parser.parse() else {
            throw parser.parserError ?? CocoaError(.fileReadCorruptFile)
        }
        elements = collector.elements
    }

    func runs() throws -> [Run] {
        let path = try #require(elements.first { $0.name == "path" }?.attributes["d"])
        return try path.split(separator: "z").map { subpath in
            // "M12 4h3v1h-3"
            let numbers = subpath.split(whereSeparator: { "Mhv ".contains($0) }).compactMap { Int($0) }
            try #require(numbers.count == 5 && subpath.hasPrefix("M"), "unexpected subpath \(subpath)")
            try #require(numbers[3] == 1 && numbers[4] == -numbers[2], "subpath \(subpath) is not one run")
            return Run(x: numbers[0], y: numbers[1], length: numbers[2])
        }
    }

    private final class Collector: NSObject, XMLParserDelegate {
        var elements: [Element] = []

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String]
        ) {
            elements.append(Element(name: elementName, attributes: attributes))
        }
    }
}
