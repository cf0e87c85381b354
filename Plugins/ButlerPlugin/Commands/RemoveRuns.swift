import ArgumentParser
import Butler
import SciCLI

extension ButlerCommand {
    /// `sci butler remove-runs`.
    struct RemoveRuns: ParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove-runs",
            abstract: "Delete RUN collections with their datasets and files.",
            discussion: """
                A RUN inside a chain is refused (exit 1) unless --force, which also removes it from the chain.
                Files ingested with -t direct are left alone. --dry-run lists the RUNs and how many datasets each
                holds, and deletes nothing; on a terminal it asks first unless --yes (or --no-confirm).
                Example:
                  sci butler remove-runs DATA rawexpr2 --force --dry-run
                """)

        @OptionGroup var globals: GlobalOptions
        @OptionGroup var repository: RepositoryArgument
        @Argument(help: "RUN collections.") var runs: [String]
        @Flag(help: "Remove RUNs that are in chains too.") var force = false
        @OptionGroup var deletion: DeletionOptions

        func run() throws {
            let butler = try repository.open()
            // The checks (each is a RUN, chains need --force) run for a dry run too, so it tells what would fail.
            let counts = try butler.removeRuns(runs, force: force, dryRun: true)
            let total = counts.reduce(0) { $0 + $1.datasets }
            let status: String
            if deletion.dryRun {
                status = "would be removed"
            } else if deletion.confirmed("RUN\(runs.count == 1 ? "" : "s") \(runs.joined(separator: ", ")) with \(total) dataset\(total == 1 ? "" : "s")") {
                try butler.removeRuns(runs, force: force)
                status = "removed"
            } else {
                deletion.reportNothingDeleted("not confirmed")
                return
            }
            let writer = try globals.makeWriter(columns: ["run", "datasets", "status"])
            for (run, datasets) in counts {
                writer.write(["run": .string(run), "datasets": .int(Int64(datasets)), "status": .string(status)])
            }
            writer.finish()
        }
    }
}
