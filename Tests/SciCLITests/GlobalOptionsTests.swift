import ArgumentParser
import Logging
import SciCore
import Testing

@testable import SciCLI

@Suite struct GlobalOptionsTests {
    @Test func defaults() throws {
        let options = try GlobalOptions.parse([])
        #expect(options.format == nil)
        #expect(!options.quiet)
        #expect(options.verbose == 0)
        #expect(options.config == nil)
        #expect(options.logLevel == .warning)
    }

    @Test func parsesEveryOption() throws {
        let options = try GlobalOptions.parse(["--format", "jsonl", "-vv", "--config", "/etc/sci.toml"])
        #expect(options.format == .jsonl)
        #expect(options.verbose == 2)
        #expect(options.config == "/etc/sci.toml")
        #expect(try options.outputFormat() == .jsonl)
    }

    @Test(arguments: [([String](), Logger.Level.warning), (["-v"], .info), (["-vv"], .debug), (["-v", "-v", "-v"], .trace),
                      (["-q"], .error)])
    func logLevelFollowsVerbosity(arguments: [String], level: Logger.Level) throws {
        #expect(try GlobalOptions.parse(arguments).logLevel == level)
    }

    @Test func rejectsUnknownFormatsAndQuietWithVerbose() throws {
        // ArgumentParser's parse errors are of an internal type; what it would print is what users see.
        let format = try #require(throws: (any Error).self) { try GlobalOptions.parse(["--format", "xml"]) }
        #expect(GlobalOptions.message(for: format).contains("The value 'xml' is invalid for '--format <format>'"))
        let both = try #require(throws: (any Error).self) { try GlobalOptions.parse(["-q", "-v"]) }
        #expect(GlobalOptions.message(for: both) == "--quiet and --verbose cannot be used together.")
    }

    /// The rearranger's list of option names must stay in step with the declarations.
    @Test func rearrangerKnowsExactlyTheDeclaredOptions() throws {
        for name in GlobalOptions.optionsWithValue {
            let value = name == "--format" ? "csv" : "x"
            _ = try GlobalOptions.parse([name, value])
        }
        for name in GlobalOptions.flagNames { _ = try GlobalOptions.parse([name]) }
        for flag in GlobalOptions.shortFlags { _ = try GlobalOptions.parse(["-\(flag)"]) }
        let help = GlobalOptions.helpMessage()
        for name in GlobalOptions.optionsWithValue.union(GlobalOptions.flagNames) { #expect(help.contains(name)) }
    }

    @Test func formatFlagWinsOverConfigurationWhichWinsOverAutomatic() throws {
        var config = Config()
        config.set(GlobalOptions.formatKey, "csv", from: .file)
        #expect(try GlobalOptions.parse([]).outputFormat(config: config) == .csv)
        #expect(try GlobalOptions.parse(["--format", "json"]).outputFormat(config: config) == .json)
    }

    @Test func badConfiguredFormatIsAUsageError() throws {
        var config = Config()
        config.set(GlobalOptions.formatKey, "xml", from: .environment)
        let error = try #require(throws: SciError.self) { try GlobalOptions.parse([]).outputFormat(config: config) }
        #expect(error.exitCode == 2)
        #expect(error.message.contains("environment"))
    }
}
