import ArgumentParser
import Henry
import SciCLI
import SciCore

/// `sci henry collection`: collections on the server, as `henry collection` has them.
struct CollectionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collection",
        abstract: "Read, search, download and change collections on the server.",
        discussion: """
            Examples:
              sci henry collection search DR6
              sci henry collection read 6851dbddc9eb53e084db2240
              sci henry collection download 6851dbddc9eb53e084db2240 --directory dr6
            """,
        subcommands: [Read.self, Search.self, Download.self, Cache.self, Delete.self, AddProduct.self, RemoveProduct.self, Child.self])

    struct Read: AsyncParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(commandName: "read", abstract: "List a collection's products and child collections.")
        @OptionGroup var globals: GlobalOptions
        @OptionGroup var client: ClientOptions
        @Argument(help: "The collection's id.") var id: String

        func run() async throws {
            let record = try await client.henry(globals).client.collection(id)
            let writer = try globals.makeWriter(columns: ["kind", "id", "name", "version", "description"])
            for product in record.products {
                writer.write([
                    "kind": "product", "id": .string(product.id), "name": .string(product.name),
                    "version": product.version.map { .string($0) } ?? .null, "description": .string(product.description),
                    "metadata": product.metadata ?? .null,
                ])
            }
            for child in record.childCollections {
                writer.write(["kind": "collection", "id": .string(child.id), "name": .string(child.name), "version": .null, "description": .string(child.description)])
            }
            writer.finish()
        }
    }

    struct Search: AsyncParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(commandName: "search", abstract: "Find collections whose names hold the words.")
        @OptionGroup var globals: GlobalOptions
        @OptionGroup var client: ClientOptions
        @Argument(help: "Words of the name.") var name: String

        func run() async throws {
            let found = try await client.henry(globals).client.searchCollections(name)
            let writer = try globals.makeWriter(columns: Rows.collectionColumns)
            writer.write(found.map(Rows.collection))
            writer.finish()
        }
    }

    struct Download: AsyncParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(
            commandName: "download",
            abstract: "Download a collection into DIRECTORY/<name>/: collection.json, its products and child collections.")
        @OptionGroup var globals: GlobalOptions
        @OptionGroup var client: ClientOptions
        @Argument(help: "The collection's id.") var id: String
        @Option(help: "Where to put the collection's folder.") var directory = "."
        @Flag(inversion: .prefixedNo, help: "Name folders with slugs of the names.") var slugify = false

        func run() async throws {
            print(try await client.henry(globals).downloadCollection(id, to: directory, slugify: slugify))
        }
    }

    struct Cache: AsyncParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(commandName: "cache", abstract: "Bring the files of a collection's products (and its children's) into the cache.")
        @OptionGroup var globals: GlobalOptions
        @OptionGroup var client: ClientOptions
        @Argument(help: "The collection's id.") var id: String

        func run() async throws {
            let henry = try client.henry(globals)
            let writer = try globals.makeWriter(columns: ["product", "slug", "path"])
            var pending = [id]
            var seen: Set<String> = []
            while let next = pending.popLast(), seen.insert(next).inserted {
                let record = try await henry.client.collection(next)
                for member in record.products {
                    let product = try await henry.pullProduct(member.id, realizeSources: true)
                    for (slug, source) in product.sources.sorted(by: { $0.key < $1.key }) {
                        writer.write(["product": .string(product.name), "slug": .string(slug), "path": source.path.map { .string($0) } ?? .null])
                    }
                }
                pending += record.childCollections.map(\.id)
            }
            writer.finish()
        }
    }

    struct Delete: AsyncParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete a collection (its products stay).")
        @OptionGroup var globals: GlobalOptions
        @OptionGroup var client: ClientOptions
        @Argument(help: "The collection's id.") var id: String

        func run() async throws {
            try await client.henry(globals).client.deleteCollection(id)
            print("deleted collection \(id)")
        }
    }

    struct AddProduct: AsyncParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(commandName: "add-product", abstract: "Add a product to a collection.")
        @OptionGroup var globals: GlobalOptions
        @OptionGroup var client: ClientOptions
        @Argument(help: "The collection's id.") var id: String
        @Argument(help: "The product's id.") var product: String

        func run() async throws { try await client.henry(globals).client.collection(id, product: product) }
    }

    struct RemoveProduct: AsyncParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(commandName: "remove-product", abstract: "Remove a product from a collection.")
        @OptionGroup var globals: GlobalOptions
        @OptionGroup var client: ClientOptions
        @Argument(help: "The collection's id.") var id: String
        @Argument(help: "The product's id.") var product: String

        func run() async throws { try await client.henry(globals).client.collection(id, product: product, remove: true) }
    }

    struct Child: AsyncParsableCommand, GlobalOptionsCommand {
        static let configuration = CommandConfiguration(
            commandName: "child", abstract: "Make CHILD a child collection of PARENT, or with --remove undo it.")
        @OptionGroup var globals: GlobalOptions
        @OptionGroup var client: ClientOptions
        @Argument(help: "The parent collection's id.") var parent: String
        @Argument(help: "The child collection's id.") var child: String
        @Flag(help: "Remove the link instead.") var remove = false

        func run() async throws { try await client.henry(globals).client.collection(parent, child: child, remove: remove) }
    }
}
