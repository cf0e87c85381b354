import ArgumentParser
import Testing

@testable import SciCLI

/// A built-in plugin as a plugin target would declare it: a group with one async subcommand.
private enum DemoPlugin: SciPlugin {
    static let name = "demo"
    static let command: any ParsableCommand.Type = DemoCommand.self
}

/// A plugin that adds a command to `sci demo`, as `IngestSimulatedPlugin` adds `sci butler ingest-simulated`.
private enum DemoExtension: SciPlugin {
    static let name = "stamp"
    static let command: any ParsableCommand.Type = Stamp.self
    static let extends: String? = DemoPlugin.name
}

private struct DemoCommand: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "demo", abstract: "Try the plugin wiring.", subcommands: [Fetch.self] + DemoPlugin.extensionCommands)
    }

    struct Fetch: AsyncParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(commandName: "fetch", abstract: "Fetch something.")
        @OptionGroup var globals: GlobalOptions
        @Argument var item: String
        func run() async throws {}
    }
}

/// A command with a `--format` of its own, taking the other global options as `GlobalFlags`; no configured name.
private struct Stamp: ParsableCommand, GlobalOptionsCommand {
    @OptionGroup var globals: GlobalFlags
    @Option var format = "png"
}

@Suite struct PluginRegistryTests {
    @Test func registeredPluginsBecomeSubcommandsOfSci() throws {
        // Other suites only use built-in names, so adding a plugin for the whole test process is harmless.
        PluginRegistry.register([DemoPlugin.self, DemoExtension.self])
        #expect(SciCommand.hasSubcommand(named: "demo"))
        // An extension joins its group, not `sci` itself.
        #expect(!SciCommand.hasSubcommand(named: "stamp"))
        #expect(DemoPlugin.abstract == "Try the plugin wiring.")

        let arguments = ArgumentRearranger.rearranged(["--format", "csv", "-v", "demo", "fetch", "x"], root: SciCommand.self)
        #expect(arguments == ["demo", "fetch", "--format", "csv", "-v", "x"])
        let fetch = try #require(try SciCommand.parseAsRoot(arguments) as? DemoCommand.Fetch)
        #expect(fetch.globals.format == .csv)
        #expect(fetch.globals.verbose == 1)
        #expect(fetch.item == "x")
        #expect(SciCommand.helpMessage().contains("demo"))
        #expect(SciMain.globalOptions(of: fetch)?.verbose == 1)

        // The extension's name is derived from its type, as ArgumentParser does, and its global flags are found.
        let stampArguments = ArgumentRearranger.rearranged(["-vv", "demo", "stamp", "--format", "jpeg"], root: SciCommand.self)
        #expect(stampArguments == ["demo", "stamp", "-vv", "--format", "jpeg"])
        let stamp = try #require(try SciCommand.parseAsRoot(stampArguments) as? Stamp)
        #expect(stamp.format == "jpeg")
        #expect(SciMain.globalOptions(of: stamp)?.verbose == 2)
        // A group showing its help takes no global options.
        #expect(SciMain.globalOptions(of: DemoCommand()) == nil)
    }

    @Test(arguments: [
        ("QueryDatasets", "query-datasets"), ("HTTPServer", "http-server"), ("Stamp", "stamp"), ("ListAll", "list-all"),
    ])
    func commandNamesAreDerivedAsArgumentParserDoes(typeName: String, expected: String) {
        #expect(ArgumentRearranger.commandName(typeName) == expected)
    }
}
