import ArgumentParser
import Dials
import SciCLI

extension DialsCommand {
    /// `sci dials workspaces [--mine]`: the workspaces, or the one DIALS picks for you.
    struct Workspaces: AsyncParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(
            commandName: "workspaces",
            abstract: "List DIALS workspaces, or show the one DIALS uses when --workspace is not given.",
            discussion: """
                Examples:
                  sci dials workspaces
                  sci dials workspaces --mine
                """)

        @OptionGroup var globals: GlobalOptions
        @OptionGroup var dials: DialsOptions
        @Flag(help: "Show only your default workspace (chosen by DIALS from your e-groups).") var mine = false

        func run() async throws {
            let client = try dials.client(config: try globals.loadConfig(), globals: globals)
            print(try await (mine ? client.defaultWorkspace() : client.workspaces()).jsonString())
        }
    }
}
