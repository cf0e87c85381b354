import ArgumentParser
import Testing

@testable import SciCLI

/// A built-in plugin as a plugin target would declare it: a group with one async subcommand.
private enum DemoPlugin: SciPlugin {
    static let name = "demo"
    static let command: any ParsableCommand.Type = DemoCommand.self
}

private struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Try the plugin wiring.", subcommands: [Fetch.self])

    struct Fetch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "fetch", abstract: "Fetch something.")
        @OptionGroup var globals: GlobalOptions
        @Argument var item: String
        func run() async throws {}
    }
}

@Suite struct PluginRegistryTests {
    @Test func registeredPluginsBecomeSubcommandsOfSci() throws {
        // Other suites only use built-in names, so adding a plugin for the whole test process is harmless.
        PluginRegistry.register([DemoPlugin.self])
        #expect(SciCommand.hasSubcommand(named: "demo"))
        #expect(DemoPlugin.abstract == "Try the plugin wiring.")

        let arguments = ArgumentRearranger.rearranged(["--format", "csv", "-v", "demo", "fetch", "x"], root: SciCommand.self)
        #expect(arguments == ["demo", "fetch", "--format", "csv", "-v", "x"])
        let fetch = try #require(try SciCommand.parseAsRoot(arguments) as? DemoCommand.Fetch)
        #expect(fetch.globals.format == .csv)
        #expect(fetch.globals.verbose == 1)
        #expect(fetch.item == "x")
        #expect(SciCommand.helpMessage().contains("demo"))
    }
}
