import Foundation
import SciCore
import Testing
import TestSupport
@testable import Tiled

/// `TiledSettings.load`: defaults < the `[tiled]` table of config.toml < `TILED_*` < `SCI_TILED_*`, the key in the
/// documented order.
@Suite struct TiledSettingsTests {
    static func config(_ toml: String?, _ environment: [String: String], in directory: TemporaryDirectory) throws -> Config {
        let file = try toml.map { text -> String in
            let path = try directory.writeFile("config.toml", text)
            chmod(path, 0o600)
            return path
        }
        return try Config.load(file: file, environment: environment.merging(["XDG_CONFIG_HOME": directory.path]) { a, _ in a })
    }

    @Test func theFileNamesTheServerAndTheEnvironmentWins() throws {
        let directory = try TemporaryDirectory()
        let toml = "[tiled]\nurl = \"http://file:8000\"\ntimeout = 120\n"
        let fromFile = try TiledSettings.load(config: try Self.config(toml, [:], in: directory), environment: [:])
        #expect(fromFile.url == "http://file:8000")
        #expect(fromFile.timeout == .seconds(120))
        #expect(fromFile.origins["url"] == "config file (tiled.url)")

        let anchor = ["TILED_URL": "http://anchor:8000"]
        #expect(try TiledSettings.load(config: try Self.config(toml, anchor, in: directory), environment: anchor).url == "http://anchor:8000")
        let both = ["TILED_URL": "http://anchor:8000", "SCI_TILED_URL": "http://sci:8000", "SCI_TILED_TIMEOUT": "5"]
        let fromSci = try TiledSettings.load(config: try Self.config(toml, both, in: directory), environment: both)
        #expect(fromSci.url == "http://sci:8000")
        #expect(fromSci.timeout == .seconds(5))
        #expect(fromSci.origins["url"] == "SCI_TILED_URL")
        #expect(try TiledSettings.load(config: try Self.config(nil, [:], in: directory), environment: [:]).url == nil)
    }

    @Test func aTimeoutOutOfRangeIsAUsageErrorNamingItsOrigin() throws {
        let directory = try TemporaryDirectory()
        let environment = ["SCI_TILED_TIMEOUT": "0"]
        let error = try #require(throws: SciError.self) {
            try TiledSettings.load(config: try Self.config(nil, environment, in: directory), environment: environment)
        }
        #expect(error.message == "tiled.timeout is '0' (from the SCI_TILED_TIMEOUT), which is not a number of seconds from 1 to 86400")
        #expect(error.exitCode == SciError.usageExitCode)
    }

    @Test func theKeyComesInTheDocumentedOrder() throws {
        let directory = try TemporaryDirectory()
        let flagFile = directory.file("flag.key"), configFile = directory.file("config.key")
        try SecretFile.write(Secret("from-flag"), to: flagFile)
        try SecretFile.write(Secret("from-config-file"), to: configFile)
        try FileManager.default.createDirectory(atPath: directory.file("sci/tiled"), withIntermediateDirectories: true)
        try SecretFile.write(Secret("from-profile"), to: directory.file("sci/tiled/api-key"))
        let toml = "[tiled]\napi_key_file = \"\(configFile)\"\n"
        func key(_ toml: String?, _ environment: [String: String], flag: String? = nil) throws -> String? {
            let environment = environment.merging(["XDG_CONFIG_HOME": directory.path]) { a, _ in a }
            return try TiledSettings.load(config: try Self.config(toml, environment, in: directory), apiKeyFile: flag, environment: environment)
                .apiKey?.reveal()
        }
        let everything = ["SCI_TILED_API_KEY": "from-sci", "TILED_API_KEY": "from-anchor"]
        #expect(try key(toml, everything, flag: flagFile) == "from-flag")
        #expect(try key(toml, everything) == "from-sci")
        #expect(try key(toml, ["TILED_API_KEY": "from-anchor"]) == "from-anchor")
        #expect(try key(toml, [:]) == "from-config-file")
        #expect(try key(nil, [:]) == "from-profile")
        // A key file others can read is refused wherever it is named.
        chmod(configFile, 0o644)
        #expect(throws: FileError.insecurePermissions(configFile, mode: 0o644)) { try key(toml, [:]) }
    }

    @Test func theClientNeedsAServer() throws {
        let error = try #require(throws: SciError.self) { try TiledClient(settings: TiledSettings()) }
        #expect(error.message == "no Tiled server given")
        #expect(error.exitCode == SciError.usageExitCode)
    }
}
