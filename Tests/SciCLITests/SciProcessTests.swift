import Foundation
import Testing
import SciCore
import TestSupport

@testable import SciCLI

/// The `sci` binary end to end: what users see on the terminal and the exit codes scripts rely on.
@Suite struct SciProcessTests {
    /// A directory holding `sci-hello`, which echoes its arguments and exits 3.
    private func pluginDirectory() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        try directory.writeScript("sci-hello", "#!/bin/sh\necho \"$@\"\nexit 3\n")
        return directory
    }

    @Test func versionPrintsTheVersion() throws {
        // The first two take the shortcut past argument-parser, the others the parsed path; all must agree.
        for arguments in [["version"], ["--version"], ["-q", "version"], ["version", "--quiet"]] {
            let result = try SciProcess.run(arguments)
            #expect(result.status == 0)
            #expect(result.stdout == "sci \(SciVersion.current)\n")
            #expect(result.stderr.isEmpty)
        }
    }

    @Test func versionAsARecordWhenAFormatIsGiven() throws {
        let result = try SciProcess.run(["version", "--format", "jsonl"])
        #expect(result.status == 0)
        #expect(result.stdout == "{\"version\":\"\(SciVersion.current)\"}\n")
    }

    @Test func pluginsListsExternalCommandsOnPath() throws {
        let plugins = try pluginDirectory()
        let result = try SciProcess.run(["plugins", "--format", "json"], pathFirst: plugins.path)
        #expect(result.status == 0)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let hello = try #require(rows.first { $0["name"] as? String == "hello" })
        #expect(hello["kind"] as? String == "external")
        #expect(hello["path"] as? String == "\(plugins.path)/sci-hello")
    }

    @Test func externalPluginRunsWithItsArgumentsAndExitCode() throws {
        let plugins = try pluginDirectory()
        let result = try SciProcess.run(["hello", "a", "b"], pathFirst: plugins.path)
        #expect(result.stdout == "a b\n")
        #expect(result.status == 3)
        #expect(result.stderr.isEmpty)
    }

    @Test func globalOptionsBeforeAnExternalPluginAreHandedToIt() throws {
        let plugins = try pluginDirectory()
        let result = try SciProcess.run(["-v", "hello", "a"], pathFirst: plugins.path)
        #expect(result.stdout == "-v a\n")
        #expect(result.status == 3)
    }

    @Test func unknownCommandIsOneLineAndAUsageError() throws {
        let result = try SciProcess.run(["frobnicate", "x"])
        #expect(result.status == 2)
        #expect(result.stderrLines == ["error: 'frobnicate' is not a sci command. See 'sci --help'."])
        #expect(result.stdout.isEmpty)
    }

    @Test func unknownOptionIsAUsageError() throws {
        let result = try SciProcess.run(["plugins", "--no-such-option"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--no-such-option"))
    }

    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScriptsMentionSci(shell: String) throws {
        let result = try SciProcess.run(["completion", shell])
        #expect(result.status == 0)
        #expect(result.stdout.contains("sci"))
        #expect(result.stdout.contains("plugins"))
    }

    @Test func globalOptionBeforeTheSubcommandWorks() throws {
        let plugins = try pluginDirectory()
        let result = try SciProcess.run(["--format", "jsonl", "plugins"], pathFirst: plugins.path)
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.contains { $0.contains("\"name\":\"hello\"") && $0.contains("\"kind\":\"external\"") })
    }

    @Test func missingConfigurationFileIsOneClearError() throws {
        let result = try SciProcess.run(["--config", "/nonexistent/sci.toml", "plugins"])
        #expect(result.status == 1)
        #expect(result.stderrLines.first == "error: configuration file /nonexistent/sci.toml does not exist")
        #expect(result.stderrLines.dropFirst().allSatisfy { $0.hasPrefix("hint: ") })
        #expect(result.stdout.isEmpty)
    }

    @Test func badTOMLNamesTheFileAndLine() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.writeFile("config.toml", "[output]\nformat = csv\n")
        let result = try SciProcess.run(["plugins", "--config", file])
        #expect(result.status == 1)
        let errors = result.stderrLines.filter { $0.hasPrefix("error: ") }
        #expect(errors.count == 1)
        #expect(errors.first?.contains("\(file) line 2") == true)
        #expect(!result.stderr.contains("SciError"))
    }

    @Test func configuredFormatApplies() throws {
        let directory = try TemporaryDirectory()
        let file = try directory.writeFile("config.toml", "[output]\nformat = \"csv\"\n")
        let result = try SciProcess.run(["plugins", "--config", file])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("name,kind,description,path\n"))
    }

    @Test func helpListsTheCommandsWithExamples() throws {
        let result = try SciProcess.run(["--help"])
        #expect(result.status == 0)
        for word in ["version", "plugins", "completion", "Examples:"] { #expect(result.stdout.contains(word)) }
        for command in ["version", "plugins", "completion"] {
            let help = try SciProcess.run([command, "--help"])
            #expect(help.status == 0)
            #expect(help.stdout.contains("Examples:"))
        }
    }
}
