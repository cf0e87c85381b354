import ArgumentParser
import Henry
import SciCLI
import SciCore

/// `sci henry product`: products on the server, as `henry product` has them.
struct ProductCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "product",
        abstract: "Read, search, download, cache and delete products on the server.",
        discussion: """
            Examples:
              sci henry product search beam
              sci henry product read 6851dbddc9eb53e084db2234 --format json
              sci henry product download 6851dbddc9eb53e084db2234 --directory maps
            """,
        subcommands: [Read.self, Versions.self, Search.self, Download.self, Cache.self, Uncache.self, Delete.self, Access.self, Child.self])

    struct Read: AsyncParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(commandName: "read", abstract: "Show one version of a product, with its metadata and sources.")
        @OptionGroup var globals: GlobalOptions
        @OptionGroup var client: ClientOptions
        @Argument(help: "The product's id.") var id: String

        func run() async throws {
            let record = try await client.henry(globals).client.product(id)
            let writer = try globals.makeWriter(columns: ["id", "name", "version", "current", "type", "owner", "description", "metadata", "sources"])
            var row = Rows.product(record)
            row["sources"] = .object(record.sources.mapValues { file in
                ["name": .string(file.name), "size": .int(file.size), "checksum": .string(file.checksum), "uuid": .string(file.uuid),
                 "description": file.description.map { .string($0) } ?? .null]
            })
            writer.write(row)
            writer.finish()
        }
    }

    struct Versions: AsyncParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(commandName: "versions", abstract: "List every version of a product, oldest first.")
        @OptionGroup var globals: GlobalOptions
        @OptionGroup var client: ClientOptions
        @Argument(help: "The id of any version.") var id: String

        func run() async throws {
            let versions = try await client.henry(globals).client.versions(id)
            let writer = try globals.makeWriter(columns: ["version", "id", "current", "name", "updated", "sources"])
            writer.write(versions.map(Rows.product))
            writer.finish()
        }
    }

    struct Search: AsyncParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(commandName: "search", abstract: "Find current products whose names hold the words.")
        @OptionGroup var globals: GlobalOptions
        @OptionGroup var client: ClientOptions
        @Argument(help: "Words of the name.") var text: String

        func run() async throws {
            let found = try await client.henry(globals).client.searchProducts(text)
            let writer = try globals.makeWriter(columns: Rows.productColumns)
            writer.write(found.map(Rows.product))
            writer.finish()
        }
    }

    struct Download: AsyncParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(
            commandName: "download",
            abstract: "Download a product into DIRECTORY/<name>/: product.json and <slug>/<file> per source.")
        @OptionGroup var globals: GlobalOptions
        @OptionGroup var client: ClientOptions
        @Argument(help: "The product's id.") var id: String
        @Option(help: "Where to put the product's folder.") var directory = "."
        @Flag(inversion: .prefixedNo, help: "Name the folder with a slug of the product's name.") var slugify = false

        func run() async throws {
            print(try await client.henry(globals).downloadProduct(id, to: directory, slugify: slugify))
        }
    }

    struct Cache: AsyncParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(commandName: "cache", abstract: "Bring a product's files into the cache; print their paths.")
        @OptionGroup var globals: GlobalOptions
        @OptionGroup var client: ClientOptions
        @Argument(help: "The product's id.") var id: String

        func run() async throws {
            let product = try await client.henry(globals).pullProduct(id, realizeSources: true)
            let writer = try globals.makeWriter(columns: ["slug", "name", "path"])
            for (slug, source) in product.sources.sorted(by: { $0.key < $1.key }) {
                writer.write(["slug": .string(slug), "name": .string(source.name), "path": source.path.map { .string($0) } ?? .null])
            }
            writer.finish()
        }
    }

    struct Uncache: AsyncParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(commandName: "uncache", abstract: "Remove a product's files from the cache.")
        @OptionGroup var globals: GlobalOptions
        @OptionGroup var client: ClientOptions
        @Argument(help: "The product's id.") var id: String

        func run() async throws {
            let henry = try client.henry(globals)
            let product = try await henry.pullProduct(id, realizeSources: false)
            let removed = try henry.cache.clear(uuids: Set(product.sources.values.map(\.uuid)))
            print("removed \(removed) file\(removed == 1 ? "" : "s") of \(product.name) from the cache")
        }
    }

    struct Delete: AsyncParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete a product version, or with --all-versions every version.")
        @OptionGroup var globals: GlobalOptions
        @OptionGroup var client: ClientOptions
        @Argument(help: "The product's id.") var id: String
        @Flag(help: "Delete every version (the id must be the current one).") var allVersions = false
        @Flag(help: "Also delete the stored files no other version uses.") var data = false

        func run() async throws {
            try await client.henry(globals).client.deleteProduct(id, allVersions: allVersions, data: data)
            print("deleted \(id)\(allVersions ? " and its earlier versions" : "")")
        }
    }

    struct Access: AsyncParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(
            commandName: "access",
            abstract: "Add or remove reader and writer groups (every version; no new version).",
            discussion: "Example:\n  sci henry product access 6851dbdd... --add-reader simonsobs --remove-writer alice")
        @OptionGroup var globals: GlobalOptions
        @OptionGroup var client: ClientOptions
        @Argument(help: "The product's id.") var id: String
        @Option(help: "A group that may read.") var addReader: [String] = []
        @Option(help: "A group that may no longer read.") var removeReader: [String] = []
        @Option(help: "A group that may write.") var addWriter: [String] = []
        @Option(help: "A group that may no longer write.") var removeWriter: [String] = []

        func run() async throws {
            try await client.henry(globals).client.changeAccess(
                product: id, addReaders: addReader, removeReaders: removeReader, addWriters: addWriter, removeWriters: removeWriter)
        }
    }

    struct Child: AsyncParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(
            commandName: "child", abstract: "Make CHILD a child product of PARENT, or with --remove undo it.")
        @OptionGroup var globals: GlobalOptions
        @OptionGroup var client: ClientOptions
        @Argument(help: "The parent product's id.") var parent: String
        @Argument(help: "The child product's id.") var child: String
        @Flag(help: "Remove the link instead.") var remove = false

        func run() async throws {
            try await client.henry(globals).client.link(product: child, childOf: parent, remove: remove)
        }
    }
}
