import AWS
import Testing

@testable import App
@testable import Commands

/// `--sts-endpoint` / `PORTICO_STS_ENDPOINT`: where access keys and CLI credentials come from.
struct STSEndpointConfigurationTests {
    private func parse(_ arguments: [String], environment: [String: String] = [:]) throws -> Configuration {
        guard case .serve(let configuration) = try Command.parse(arguments: arguments, environment: environment, onlineCores: 1) else {
            throw ConfigurationError.unknownCommand("not serve")
        }
        return configuration
    }

    private func refusal(_ arguments: [String], environment: [String: String] = [:]) -> String? {
        do {
            _ = try Command.parse(arguments: arguments, environment: environment, onlineCores: 1)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func theGlobalEndpointIsTheDefault() throws {
        #expect(try parse([]).stsEndpoint == .global)
        #expect(try parse([], environment: ["PORTICO_STS_ENDPOINT": ""]).stsEndpoint == .global, "empty counts as unset")
    }

    @Test func aRegionOrAURLIsReadFromTheFlagOrTheVariableTheFlagWinning() throws {
        #expect(try parse(["--sts-endpoint", "eu-west-1"]).stsEndpoint.url == "https://sts.eu-west-1.amazonaws.com/")
        #expect(
            try parse([], environment: ["PORTICO_STS_ENDPOINT": "cn-north-1"]).stsEndpoint.url == "https://sts.cn-north-1.amazonaws.com.cn/"
        )
        #expect(
            try parse(["--sts-endpoint=http://127.0.0.1:5000"], environment: ["PORTICO_STS_ENDPOINT": "eu-west-1"]).stsEndpoint.url
                == "http://127.0.0.1:5000/")
    }

    @Test func aBadValueStopsTheStartNamingTheSettingAndWhatItTakes() throws {
        let message = try #require(refusal(["--sts-endpoint", "europe"]))
        #expect(message.hasPrefix("--sts-endpoint: \"europe\": "))
        #expect(message.contains("\"global\"") && message.contains("eu-west-1"))
        let path = try #require(refusal([], environment: ["PORTICO_STS_ENDPOINT": "https://sts.example.com/path"]))
        #expect(path.hasPrefix("PORTICO_STS_ENDPOINT: "))
    }

    @Test func aPasswordInTheURLIsNeverEchoed() throws {
        let message = try #require(refusal(["--sts-endpoint", "https://user:hunter2@sts.example.com/"]))
        #expect(!message.contains("hunter2"))
        #expect(message.contains("user name or password"))
    }

    @Test func theUsageTextListsIt() {
        #expect(Command.usage.contains("--sts-endpoint") && Command.usage.contains("PORTICO_STS_ENDPOINT"))
    }
}
