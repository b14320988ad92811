import AWS
import Testing

/// Reading the STS endpoint setting: AWS's endpoints by name, or a URL for a stand-in such as moto.
struct STSEndpointTests {
    @Test func globalIsUSEast1sHost() throws {
        #expect(try STSEndpoint.parse("global").url == "https://sts.amazonaws.com/")
        #expect(STSEndpoint.global.url == "https://sts.amazonaws.com/")
    }

    @Test(arguments: [
        ("eu-west-1", "https://sts.eu-west-1.amazonaws.com/"),
        ("ap-southeast-5", "https://sts.ap-southeast-5.amazonaws.com/"),
        ("us-gov-west-1", "https://sts.us-gov-west-1.amazonaws.com/"),
        ("cn-north-1", "https://sts.cn-north-1.amazonaws.com.cn/"),
        ("cn-northwest-1", "https://sts.cn-northwest-1.amazonaws.com.cn/"),
        (" eu-central-1\n", "https://sts.eu-central-1.amazonaws.com/"),
    ])
    func regionCodeNamesItsRegionalEndpoint(text: String, url: String) throws {
        let endpoint = try STSEndpoint.parse(text)
        #expect(endpoint.url == url)
        #expect(endpoint.scheme == .https)
        #expect(endpoint.port == nil)
    }

    @Test(
        arguments: [
            ("http://localhost:5000", "http://localhost:5000/", "localhost", 5000),
            ("http://127.0.0.1:5000/", "http://127.0.0.1:5000/", "127.0.0.1", 5000),
            ("HTTPS://STS.Example.test/", "https://sts.example.test/", "sts.example.test", nil),
            ("http://[::1]:8080", "http://[::1]:8080/", "[::1]", 8080),
        ] as [(String, String, String, Int?)])
    func urlOverridesForStandIns(text: String, url: String, host: String, port: Int?) throws {
        let endpoint = try STSEndpoint.parse(text)
        #expect(endpoint.url == url)
        #expect(endpoint.host == host)
        #expect(endpoint.port == port)
    }

    @Test(arguments: [
        ("", STSEndpointError.empty),
        ("  ", .empty),
        ("eu_west_1", .notARegion("eu_west_1")),
        ("EU-WEST-1", .notARegion("EU-WEST-1")),
        ("eu-west", .notARegion("eu-west")),
        ("sts.amazonaws.com", .notARegion("sts.amazonaws.com")),
        ("ftp://sts.amazonaws.com/", .unsupportedScheme("ftp")),
        ("https://sts.amazonaws.com/sts", .pathNotRoot("https://sts.amazonaws.com/sts")),
        ("https://sts.amazonaws.com/?Action=x", .pathNotRoot("https://sts.amazonaws.com/?Action=x")),
        ("http://localhost:0", .invalidPort("http://localhost:0")),
        ("http://localhost:65536", .invalidPort("http://localhost:65536")),
        ("http://localhost:", .invalidPort("http://localhost:")),
        ("https://", .invalidHost("https://")),
        ("https://sts amazonaws.com/", .invalidHost("https://sts amazonaws.com/")),
    ])
    func refusesWhatIsNoEndpoint(text: String, error: STSEndpointError) {
        #expect(throws: error) { try STSEndpoint.parse(text) }
    }

    @Test func credentialsInTheURLAreRefusedWithoutRepeatingThem() {
        let error = #expect(throws: STSEndpointError.self) { try STSEndpoint.parse("https://admin:hunter2@sts.amazonaws.com/") }
        #expect(error == .credentialsInURL)
        #expect(error?.description.contains("hunter2") == false)
    }

    @Test func messagesSayWhatIsAccepted() {
        #expect(STSEndpointError.notARegion("eu_west_1").description.contains("\"global\""))
        #expect(STSEndpointError.pathNotRoot("https://x/sts").description.contains("root path"))
    }
}
