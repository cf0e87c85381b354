import ArgumentParser
import Butler
import SciCLI
import SciCore

extension ButlerCommand {
    /// `sci butler query-collections`.
    struct QueryCollections: ParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(
            commandName: "query-collections",
            abstract: "List collections, their types and chains.",
            discussion: """
                --chains flatten lists what a search through each chain visits; --flatten does that for the given names.
                Example:
                  sci butler query-collections DATA --collection-type CHAINED
                  sci butler query-collections DATA spx/defaults --flatten
                """)

        /// How chains are shown, as daf_butler's `--chains` (either case).
        enum ChainDisplay: String, ExpressibleByArgument, CaseIterable {
            case table, inverseTable = "inverse-table", tree, inverseTree = "inverse-tree", flatten, noChildren = "no-children"

            init?(argument: String) { self.init(rawValue: argument.lowercased()) }
        }

        @OptionGroup var globals: GlobalOptions
        @OptionGroup var repository: RepositoryArgument
        @Argument(help: "Globs for collection names (all when none).") var patterns: [String] = []
        @Option(help: "Only these types: RUN, TAGGED, CHAINED, CALIBRATION (repeatable).") var collectionType: [String] = []
        @Option(help: ArgumentHelp(
            "table (a chain's children), inverse-table (each one's parent chains), tree / inverse-tree (indented, recursive), "
                + "flatten (chains replaced by what they search) or no-children.", valueName: "view"))
        var chains: ChainDisplay = .table
        @Flag(help: "Print the flattened search path of the named collections, one per row.") var flatten = false

        func run() throws {
            let registry = try repository.open().registry
            var types = Set(CollectionType.allCases)
            if !collectionType.isEmpty {
                types = Set(try collectionType.map { name in
                    guard let type = CollectionType(name: name) else { throw ValidationError("unknown collection type '\(name)'") }
                    return type
                })
            }
            if flatten {
                let writer = try globals.makeWriter(columns: ["name", "type"])
                for collection in try registry.flatten(patterns) {
                    writer.write(["name": .string(collection.name), "type": .string(collection.type.description)])
                }
                writer.finish()
                return
            }
            let matched = try registry.collections(matchingAny: patterns, types: types)
            let writer: RecordWriter
            switch chains {
            case .table, .inverseTable:
                // One row per child (or parent), the name and type on the first, as daf_butler's table.
                let inverse = chains == .inverseTable
                let column = inverse ? "parents" : "children"
                writer = try globals.makeWriter(columns: ["name", "type", column])
                for collection in matched {
                    let relatives = inverse ? try registry.parentChains(of: collection.name)
                        : (collection.type == .chained ? collection.children : [])
                    for (index, relative) in (relatives.isEmpty ? [""] : relatives).enumerated() {
                        writer.write([
                            "name": .string(index == 0 ? collection.name : ""),
                            "type": .string(index == 0 ? collection.type.description : ""), column: .string(relative),
                        ])
                    }
                }
            case .tree, .inverseTree:
                writer = try globals.makeWriter(columns: ["name", "type"])
                for (collection, depth) in try registry.collectionTree(matched, inverse: chains == .inverseTree) {
                    writer.write([
                        "name": .string(String(repeating: "  ", count: depth) + collection.name),
                        "type": .string(collection.type.description),
                    ])
                }
            case .flatten, .noChildren:
                writer = try globals.makeWriter(columns: ["name", "type"])
                for member in try registry.listingOrder(matched, flattenChains: chains == .flatten) {
                    writer.write(["name": .string(member.name), "type": .string(member.type.description)])
                }
            }
            writer.finish()
        }
    }
}
