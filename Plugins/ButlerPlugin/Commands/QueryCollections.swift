import ArgumentParser
import Butler
import SciCLI

extension ButlerCommand {
    /// `sci butler query-collections`.
    struct QueryCollections: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List collections, their types and chains.",
            discussion: """
                --chains flatten lists what a search through each chain visits; --flatten does that for the given names.
                Example:
                  sci butler query-collections DATA --collection-type CHAINED
                  sci butler query-collections DATA spx/defaults --flatten
                """)

        /// How chains are shown.
        enum ChainDisplay: String, ExpressibleByArgument, CaseIterable {
            case table, flatten, noChildren = "no-children"
        }

        @OptionGroup var globals: GlobalOptions
        @OptionGroup var repository: RepositoryArgument
        @Argument(help: "Globs for collection names (all when none).") var patterns: [String] = []
        @Option(help: "Only these types: RUN, TAGGED, CHAINED, CALIBRATION (repeatable).") var collectionType: [String] = []
        @Option(help: "table (children listed), flatten (collections searched) or no-children.") var chains: ChainDisplay = .table
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
            var seen = Set<String>()
            let writer = try globals.makeWriter(columns: ["name", "type", "children"])
            for pattern in patterns.isEmpty ? ["*"] : patterns {
                for collection in try registry.collections(matching: pattern, types: types) where seen.insert(collection.name).inserted {
                    let children: [String]
                    switch chains {
                    case .table: children = collection.children
                    case .flatten: children = collection.type == .chained ? try registry.flatten([collection.name]).map(\.name) : []
                    case .noChildren: children = []
                    }
                    writer.write([
                        "name": .string(collection.name), "type": .string(collection.type.description),
                        "children": .array(children.map { .string($0) }),
                    ])
                }
            }
            writer.finish()
        }
    }
}
