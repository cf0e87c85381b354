import ArgumentParser
import Foundation
import Henry
@testable import HenryPlugin
import SciCLI
import SciCore
import Testing
import TestSupport

/// `sci henry`'s flags go on top of the module's settings, which layer ~/.hippo.conf, `HIPPO_*` and config.toml.
@Suite struct ClientOptionsTests {
    @Test func flagsWinOverTheConfigurationWhichWinsOverHippoConf() throws {
        let home = try TemporaryDirectory()
        _ = try home.writeFile(".hippo.conf", #"{"host": "http://from-hippo-conf:1"}"#)
        let config = try home.writeFile("config.toml", "[henry]\nhost = \"http://from-config:2\"\n")
        let environment = ["HOME": home.path, "XDG_CONFIG_HOME": home.file("xdg")]
        let globals = try GlobalOptions.parse(["--config", config])

        let none = try ClientOptions.parse([])
        #expect(try none.settings(try GlobalOptions.parse([]), environment: environment).host == "http://from-hippo-conf:1")
        let configured = try none.settings(globals, environment: environment)
        #expect(configured.host == "http://from-config:2")
        #expect(configured.apiKey == nil)

        let key = home.file("key")
        try SecretFile.write(Secret("from-flag"), to: key)
        let flagged = try ClientOptions.parse(["--host", "http://from-flag:3/", "--api-key-file", key]).settings(globals, environment: environment)
        #expect(flagged.host == "http://from-flag:3")
        #expect(flagged.apiKey?.reveal() == "from-flag")
    }

    @Test func aKeyFileOthersCanReadIsRefused() throws {
        let home = try TemporaryDirectory()
        let key = try home.writeFile("key", "secret\n")
        chmod(key, 0o644)
        let options = try ClientOptions.parse(["--api-key-file", key])
        #expect(throws: FileError.insecurePermissions(key, mode: 0o644)) {
            try options.settings(try GlobalOptions.parse([]), environment: ["HOME": home.path, "XDG_CONFIG_HOME": home.file("xdg")])
        }
    }

    @Test func everyCommandDeclaresItsGlobalOptions() {
        // SciMain finds the log level through GlobalOptionsCommand: a command that takes the options but does not say
        // so would run with the default level whatever -v says.
        #expect(HenryPlugin.commandsWithoutGlobalOptions == [])
    }
}
