public import ArgumentParser
import Foundation
public import Henry
import SciCLI
import SciCore

/// `sci henry new`: a local product JSON file.
struct New: ParsableCommand, GlobalOptionsCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Write a local product as a JSON file, ready for preflight and push.",
        discussion: """
            Metadata types: \(["archive", "beam", "camera", "catalog", "mapset", "numeric", "simple"].joined(separator: ", ")).
            Examples:
              sci henry new beam.json --name "Daynight Beam (DR6)" --description "The beam for DR6 products" \\
                  --type beam --source data=beams.tar.gz --describe data=Beam
              sci henry new map.json --name "ACTxPlanck f090 coadd" --description "A coadd map" \\
                  --from-fits f090_map.fits --source map=f090_map.fits --describe map="actxplanck coadd"
            """)
    @OptionGroup var globals: GlobalOptions
    @Argument(help: "The JSON file to write.") var output: String
    @Option(help: "The metadata type (default: mapset with --from-fits, else simple).") var type: String?
    @OptionGroup var change: ChangeOptions
    @Flag(help: "Replace OUTPUT if it exists.") var force = false

    func run() throws {
        guard let name = change.name, let description = change.description else {
            throw ValidationError("a new product needs --name and --description")
        }
        if !force, FileManager.default.fileExists(atPath: output) {
            throw SciError("\(output) exists", hint: "choose another name or pass --force")
        }
        let metadata = try change.metadata(type: type, base: nil) ?? .simple
        let product = try LocalProduct(name: name, description: description, metadata: metadata, sources: try change.sources())
        try HenryFile.product(product).save(to: output)
        let problems = Preflight.problems(of: product)
        print("wrote \(output): \(metadata.type) product with \(product.slugs.count) source\(product.slugs.count == 1 ? "" : "s")"
            + (problems.isEmpty ? "" : "; preflight: \(problems.count) problem(s) to fix before a push"))
    }
}

/// `sci henry new-collection`: a local collection JSON file of product (and collection) files.
struct NewCollection: ParsableCommand, GlobalOptionsCommand {
    static let configuration = CommandConfiguration(
        commandName: "new-collection",
        abstract: "Write a local collection of product and collection JSON files as one JSON file.",
        discussion: "Example:\n  sci henry new-collection dr6.json --name \"Some ACT DR6 Products\" --description \"A beam and a map\" map.json beam.json")
    @OptionGroup var globals: GlobalOptions
    @Argument(help: "The JSON file to write.") var output: String
    @Option(help: "The collection's name.") var name: String
    @Option(help: "What the collection holds.") var description: String
    @Argument(help: "Product or collection JSON files, in order.") var items: [String] = []

    func run() throws {
        var collection = LocalCollection(name: name, description: description)
        for item in items {
            switch try HenryFile.load(item) {
            case .product(let product): collection.append(product)
            case .collection(let child): collection.append(child)
            }
        }
        try HenryFile.collection(collection).save(to: output)
        print("wrote \(output): \(collection.products.count) products, \(collection.collections.count) child collections")
    }
}

/// `sci henry preflight`: every problem at once, without a server.
struct PreflightCommand: ParsableCommand, GlobalOptionsCommand {
    static let configuration = CommandConfiguration(
        commandName: "preflight", abstract: "Check a product or collection file for everything a push would refuse.")
    @OptionGroup var globals: GlobalOptions
    @Argument(help: "The product or collection JSON file.") var file: String

    func run() throws {
        switch try HenryFile.load(file) {
        case .product(let product): try Preflight.check(product)
        case .collection(let collection): try Preflight.check(collection)
        }
        print("\(file): ready to push")
    }
}

/// `sci henry push`: publishes a product or collection file and records the ids in it.
struct Push: AsyncParsableCommand, GlobalOptionsCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Push a product or collection file to the server; the file then records the ids, so pushing again does nothing.",
        discussion: "Example:\n  sci henry push dr6.json")
    @OptionGroup var globals: GlobalOptions
    @OptionGroup var client: ClientOptions
    @Argument(help: "The product or collection JSON file.") var file: String

    func run() async throws {
        let henry = try client.henry(globals)
        switch try HenryFile.load(file) {
        case .product(var product):
            let id = try await henry.push(&product)
            try HenryFile.product(product).save(to: file)
            print(id)
        case .collection(var collection):
            do {
                let id = try await henry.push(&collection)
                try HenryFile.collection(collection).save(to: file)
                print(id)
            } catch {
                // What was pushed before the failure is recorded, so the next push sends only the rest.
                try? HenryFile.collection(collection).save(to: file)
                throw error
            }
        }
    }
}

/// `sci henry pull`: a product with its files realized in the cache.
struct Pull: AsyncParsableCommand, GlobalOptionsCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull",
        abstract: "Read a product and bring its files into the cache (verified by checksum); print where they are.",
        discussion: "Example:\n  sci henry pull 6851de5cc9eb53e084db223d --format json")
    @OptionGroup var globals: GlobalOptions
    @OptionGroup var client: ClientOptions
    @Argument(help: "The product's id.") var id: String
    @Flag(name: .customLong("realize"), inversion: .prefixedNo, help: "Download the files into the cache.") var realize = true

    func run() async throws {
        let product = try await client.henry(globals).pullProduct(id, realizeSources: realize)
        let writer = try globals.makeWriter(columns: ["product", "version", "slug", "name", "size", "path"])
        for (slug, source) in product.sources.sorted(by: { $0.key < $1.key }) {
            writer.write([
                "product": .string(product.name), "version": .string(product.version), "slug": .string(slug),
                "name": .string(source.name), "size": .int(source.size), "checksum": .string(source.checksum),
                "uuid": .string(source.uuid), "path": source.path.map { .string($0) } ?? .null,
            ])
        }
        writer.finish()
    }
}

/// `sci henry revise` and `sci henry diff`: a revision of a product, pushed or only described.
struct Revise: AsyncParsableCommand, GlobalOptionsCommand {
    static let configuration = CommandConfiguration(
        commandName: "revise",
        abstract: "Make the next version of a product: print what changes, then push it.",
        discussion: """
            A replaced file whose bytes are unchanged is not uploaded again.
            Example:
              sci henry revise 6851dbdd... --major --name "ACTxPlanck DR6 f150 coadd map" --from-fits f150_map.fits \\
                  --source map=f150_map.fits --describe map="actxplanck coadd"
            """)
    @OptionGroup var globals: GlobalOptions
    @OptionGroup var client: ClientOptions
    @Argument(help: "The id of the product's current version.") var id: String
    @Flag(help: "Which part of the version rises.") var level: RevisionLevel = .minor
    @OptionGroup var change: ChangeOptions
    @Option(help: ArgumentHelp("Drop the source under this slug (repeatable).", valueName: "slug")) var drop: [String] = []
    @Flag(help: "Only print what would change.") var dryRun = false

    func run() async throws {
        let henry = try client.henry(globals)
        var revision = try await Self.revision(henry, id: id, level: level, change: change, drop: drop)
        print(revision.summary)
        guard !dryRun else { return }
        let newID = try await henry.push(&revision)
        print("\(revision.revisionOf.version) -> \(revision.version): \(newID)")
    }

    /// The revision the options describe.
    static func revision(_ henry: Henry, id: String, level: RevisionLevel, change: ChangeOptions, drop: [String]) async throws -> RevisionProduct {
        let remote = try await henry.pullProduct(id, realizeSources: false)
        if !remote.current, let current = try await henry.client.versions(id).last(where: \.current) {
            throw SciError(
                "\(id) is version \(remote.version) of '\(remote.name)'; only the current version, \(current.version), can be revised",
                hint: "revise \(current.id)")
        }
        var revision = remote.createRevision(level)
        revision.name = change.name
        revision.description = change.description
        if let metadata = try change.metadata(type: nil, base: remote.metadata), metadata != remote.metadata {
            try revision.setMetadata(metadata)
        }
        for (slug, source) in try change.sources() {
            try revision.set(slug, source.description == nil ? LocalSource(path: source.path, description: remote[slug]?.description) : source)
        }
        for slug in drop { try revision.drop(slug) }
        return revision
    }
}

/// `sci henry diff`: what a revision would change, without pushing.
struct Diff: AsyncParsableCommand, GlobalOptionsCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Print what a revision with these changes would change, without pushing it.",
        discussion: "Example:\n  sci henry diff 6851dbdd... --field frequency=150 --source map=f150_map.fits")
    @OptionGroup var globals: GlobalOptions
    @OptionGroup var client: ClientOptions
    @Argument(help: "The id of the product's current version.") var id: String
    @OptionGroup var change: ChangeOptions
    @Option(help: ArgumentHelp("Drop the source under this slug (repeatable).", valueName: "slug")) var drop: [String] = []

    func run() async throws {
        let revision = try await Revise.revision(try client.henry(globals), id: id, level: .minor, change: change, drop: drop)
        print(revision.summary)
    }
}

extension RevisionLevel: EnumerableFlag {}
