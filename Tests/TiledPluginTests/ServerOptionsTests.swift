import ArgumentParser
import Foundation
import Logging
import SciCLI
import SciCore
import Testing
import TestSupport
import Tiled
@testable import TiledPlugin

/// `sci tiled`'s flags over the module's settings, and the checks made before any request.
@Suite struct ServerOptionsTests {
    static let logger = Logger(label: "test")

    @Test func flagsGoOnTopOfTheConfigurationAndTheEnvironment() throws {
        let folder = try TemporaryDirectory()
        let toml = try folder.writeFile("config.toml", "[tiled]\nurl = \"http://from-config:1\"\ntimeout = 30\n")
        let environment = ["XDG_CONFIG_HOME": folder.path, "TILED_API_KEY": "from-env"]
        let config = try GlobalOptions.parse(["--config", toml]).loadConfig(environment: environment)

        let plain = try ServerOptions.parse([]).settings(logger: Self.logger, config: config, environment: environment)
        #expect(plain.url == "http://from-config:1")
        #expect(plain.timeout == .seconds(30))
        #expect(plain.apiKey?.reveal() == "from-env")

        let key = folder.file("key")
        try SecretFile.write(Secret("from-flag"), to: key)
        let flagged = try ServerOptions.parse(["--url", "http://from-flag:2", "--timeout", "5", "--api-key-file", key])
            .settings(logger: Self.logger, config: config, environment: environment)
        #expect(flagged.url == "http://from-flag:2")
        #expect(flagged.timeout == .seconds(5))
        #expect(flagged.apiKey?.reveal() == "from-flag")
    }

    @Test(arguments: ["0", "86401", "abc"])
    func aTimeoutOutOfRangeIsRefusedBeforeAnyRequest(value: String) throws {
        let error = try #require(throws: (any Error).self) { try ServerOptions.parse(["--timeout", value]) }
        #expect(ServerOptions.message(for: error).contains("--timeout"))
    }

    @Test func putRefusesMetadataThatIsNotKeyEqualsValue() throws {
        let error = try #require(throws: (any Error).self) { try TiledCommand.Put.parse(["/", "a.csv", "--metadata", "=1"]) }
        #expect(TiledCommand.Put.message(for: error) == "--metadata =1 must be key=value")
    }

    @Test func putWithNoServerSaysHowToNameOne() async throws {
        let folder = try TemporaryDirectory()
        let csv = try folder.writeFile("scan.csv", "x,y\n1,2\n")
        let put = try TiledCommand.Put.parse(["/", csv, "--config", try folder.writeFile("empty.toml", "")])
        // No --url, and neither the file nor (in a test process) the environment names a server.
        guard ProcessInfo.processInfo.environment["TILED_URL"] == nil, ProcessInfo.processInfo.environment["SCI_TILED_URL"] == nil else { return }
        let error = try await #require(throws: SciError.self) { try await put.run() }
        #expect(error.message == "no Tiled server given")
        #expect(error.exitCode == SciError.usageExitCode)
    }

    @Test func everyCommandDeclaresItsGlobalOptions() {
        #expect(TiledPlugin.commandsWithoutGlobalOptions == [])
    }
}
