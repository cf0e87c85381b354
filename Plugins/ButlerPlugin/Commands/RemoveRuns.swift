import ArgumentParser
import Butler
import SciCLI

extension ButlerCommand {
    /// `sci butler remove-runs`.
    struct RemoveRuns: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove-runs",
            abstract: "Delete RUN collections with their datasets and files.",
            discussion: """
                A RUN inside a chain is refused (exit 1) unless --force, which also removes it from the chain.
                Files ingested with -t direct are left alone.
                Example:
                  sci butler remove-runs DATA rawexpr2 --force
                """)

        @OptionGroup var globals: GlobalOptions
        @OptionGroup var repository: RepositoryArgument
        @Argument(help: "RUN collections.") var runs: [String]
        @Flag(help: "Remove RUNs that are in chains too.") var force = false

        func run() throws {
            try repository.open().removeRuns(runs, force: force)
            let writer = try globals.makeWriter(columns: ["run", "status"])
            for run in runs { writer.write(["run": .string(run), "status": .string("removed")]) }
            writer.finish()
        }
    }
}
