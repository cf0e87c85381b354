import ArgumentParser
import Butler
import SciCLI

extension ButlerCommand {
    /// `sci butler associate`.
    struct Associate: ParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(
            commandName: "associate",
            abstract: "Add existing datasets to a TAGGED collection (made if missing).",
            discussion: """
                The datasets are found as query-datasets finds them; as in daf_butler, every match unless --find-first.
                Another dataset of the same type and data ID already in the collection is an error, and then nothing is added.
                Example:
                  sci butler associate DATA best -d rawexp --collections rawexpr --where "instrument='SPHEREx' AND detector = 3"
                """)

        @OptionGroup var globals: GlobalOptions
        @OptionGroup var repository: RepositoryArgument
        @Argument(help: "The TAGGED collection.") var collection: String
        @OptionGroup var selection: DatasetSelection

        func run() throws {
            let butler = try repository.open()
            let refs = try selection.refs(in: butler)
            try butler.registry.associate(collection, refs)
            try selection.print(refs, butler: butler, globals: globals)
        }
    }

    /// `sci butler disassociate`.
    struct Disassociate: ParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(
            commandName: "disassociate",
            abstract: "Take datasets out of a TAGGED collection; they stay in their RUNs.",
            discussion: """
                daf_butler has this as Registry.disassociate only; the datasets are found as associate finds them.
                Example:
                  sci butler disassociate DATA best -d rawexp --collections best --where "detector = 3"
                """)

        @OptionGroup var globals: GlobalOptions
        @OptionGroup var repository: RepositoryArgument
        @Argument(help: "The TAGGED collection.") var collection: String
        @OptionGroup var selection: DatasetSelection

        func run() throws {
            let butler = try repository.open()
            let refs = try selection.refs(in: butler)
            try butler.registry.disassociate(collection, refs)
            try selection.print(refs, butler: butler, globals: globals)
        }
    }
}

/// The datasets `associate` and `disassociate` act on: dataset types, collections and a where-clause.
struct DatasetSelection: ParsableArguments {
    @Option(name: [.customShort("d"), .long], parsing: .upToNextOption, help: "Dataset types (globs).")
    var datasetType: [String]
    @Option(parsing: .upToNextOption, help: "Collections to search, in order.") var collections: [String]
    @OptionGroup var query: QueryOptions
    @Flag(inversion: .prefixedNo, help: "Only the first dataset per data ID in search order.") var findFirst = false

    func validate() throws {
        if datasetType.isEmpty { throw ValidationError("give the dataset types with -d") }
        if collections.isEmpty { throw ValidationError("give --collections to search") }
    }

    /// The matching datasets of every named type.
    func refs(in butler: Butler) throws -> [DatasetRef] {
        var names: [String] = []
        for pattern in datasetType {
            let matches = try butler.registry.datasetTypes(matching: pattern).map(\.name)
            guard !matches.isEmpty else { throw ButlerError.unknownDatasetType(pattern) }
            names += matches.filter { !names.contains($0) }
        }
        var refs: [DatasetRef] = []
        for name in names {
            refs += try butler.registry.queryDatasets(
                name, collections: collections, where: query.where, bind: try query.bindings(), findFirst: findFirst,
                orderBy: query.orderBy, limit: query.rowLimit, paths: false)
        }
        return refs
    }

    /// One row per dataset acted on.
    func print(_ refs: [DatasetRef], butler: Butler, globals: GlobalOptions) throws {
        let dimensions = Set(refs.flatMap(\.dataId.values.keys))
        let writer = try globals.makeWriter(columns: ["type", "run", "id"] + butler.registry.universe.inUniverseOrder(Array(dimensions)))
        for ref in refs { writer.write(ref.row(butler: butler, showURI: false)) }
        writer.finish()
    }
}
