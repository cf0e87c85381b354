import ArgumentParser
import SciCLI
import SciCore
import Tiled

extension TiledCommand {
    /// `sci tiled search PATH QUERY...`: children matching every condition.
    struct Search: AsyncParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(
            commandName: "search",
            abstract: "List the children of a container that match every condition.",
            discussion: """
                Conditions: KEY == VALUE (also != < <= > >= contains in "not in" like, =~ for a regular expression and
                ~* for one ignoring case), "words" in fulltext, KEY exists, KEY !exists, spec:NAME, !spec:NAME,
                family:NAME, key:NAME, keys:NAME,NAME (only these children), access_tags:TAG,TAG. Values are JSON when
                they are valid JSON, text otherwise. --limit counts results after every condition, --case-sensitive
                included.
                Examples:
                  sci tiled search / 'start.plan_name == "scan"'
                  sci tiled search / 'start.scan_id >= 2' spec:BlueskyRun --sort -start.scan_id --limit 10
                  sci tiled search / '"M9" in fulltext' --case-sensitive
                """)

        @OptionGroup var globals: GlobalOptions
        @OptionGroup var server: ServerOptions
        @Argument(help: "The container to search (/ for the root).") var path: String
        @Argument(help: "Conditions, all of which must hold.") var conditions: [String] = []
        // Unconditional, so `--sort -start.scan_id` reads the key rather than taking it for an option.
        @Option(parsing: .unconditionalSingleValue, help: ArgumentHelp("Sort by a metadata key, - first for descending (repeatable).", valueName: "key"))
        var sort: [String] = []
        @Option(help: "At most this many results.") var limit: Int?
        @Flag(help: "Fulltext conditions match case.") var caseSensitive = false

        func validate() throws {
            if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        }

        func run() async throws {
            // Parse everything before connecting, so a bad condition fails without a network call.
            let query = try QueryParser.parse(conditions, caseSensitiveFulltext: caseSensitive)
            let keys = try sort.map { try SortKey(parsing: $0) }
            let client = try server.connect(logger: globals.logger(label: "sci.tiled"), config: try globals.loadConfig())
            let writer = try globals.makeWriter(columns: NodeRow.columns)
            for try await page in client.children(of: path, matching: query, sort: keys, limit: limit) {
                for node in page.items { writer.write(NodeRow.row(node)) }
            }
            writer.finish()
        }
    }
}
