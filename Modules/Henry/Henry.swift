public import Logging
public import SciCore
import Foundation

/// The HIPPO client as henry users know it: push local products, collections and revisions; pull products with
/// their files realized in the local cache; download products and collections into folders.
///
/// ```swift
/// let henry = try Henry()
/// var beam = try LocalProduct(name: "Daynight Beam (DR6)", description: "The beam for DR6 products", metadata: .beam())
/// try beam.set("data", path: "beams.tar.gz", description: "Beam")
/// let id = try await henry.push(&beam)
/// let remote = try await henry.pullProduct(id)
/// print(remote["data"]?.path ?? "")
/// ```
public final class Henry: Sendable {
    /// The API calls underneath.
    public let client: HippoClient
    /// The local copies of source files.
    public let cache: SourceCache
    /// How many products of a collection are pushed at once.
    public let parallelProducts: Int
    let logger: Logger
    let progress: @Sendable () -> any ProgressReporter

    /// A client with the given settings (by default those of this machine: `HenrySettings.load()`); `progress`
    /// makes one reporter per file transferred.
    public init(
        settings: HenrySettings? = nil, logger: Logger = Logger(label: "sci.henry"), parallelProducts: Int = 8,
        progress: @escaping @Sendable () -> any ProgressReporter = { SilentProgress() }
    ) throws {
        let settings = try settings ?? HenrySettings.load()
        client = HippoClient(settings: settings)
        cache = SourceCache(folders: settings.caches)
        self.logger = logger
        self.parallelProducts = max(1, parallelProducts)
        self.progress = progress
    }

    // MARK: Push

    /// Pushes a product after preflight: checksums, `PUT /product/new`, parallel part uploads, `complete`, `confirm`.
    /// Sets and returns `productID`; a product already pushed is not sent again.
    @discardableResult
    public func push(_ product: inout LocalProduct, skipPreflight: Bool = false) async throws -> String {
        if let id = product.productID { return id }
        if !skipPreflight { try Preflight.check(product) }
        let announced = try await announce(product.sources)
        let body: JSONValue = [
            "name": .string(product.name), "description": .string(product.description), "metadata": product.metadata.json,
            "sources": .object(announced.mapValues(\.json)),
            "product_readers": .array(client.settings.defaultReaders.map { .string($0) }),
            "product_writers": .array(client.settings.defaultWriters.map { .string($0) }),
            "multipart_batch_size": .int(HippoClient.partSize),
            "multipart_threshold": .int(client.settings.multipartThreshold),
        ]
        let (id, urls, headers) = try await client.createProduct(body)
        try await upload(announced, urls: urls, headers: headers, productID: id)
        try await client.confirm(id)
        logger.info("Successfully created product \(product.name) (\(id))")
        product.productID = id
        return id
    }

    /// Pushes a collection: preflight of everything, then the collection, its unpushed products (several at once),
    /// their links, and its child collections recursively. Sets and returns `collectionID`.
    @discardableResult
    public func push(_ collection: inout LocalCollection, skipPreflight: Bool = false) async throws -> String {
        if !skipPreflight { try Preflight.check(collection) }
        let id: String
        // A new collection links every member, including products and children pushed before on their own; an
        // existing one links only what this push sends, the rest being linked already.
        let isNew = collection.collectionID == nil
        if let existing = collection.collectionID {
            id = existing
        } else {
            id = try await client.createCollection(
                name: collection.name, description: collection.description, readers: client.settings.defaultReaders,
                writers: client.settings.defaultWriters)
            collection.collectionID = id
        }
        let pending = collection.products.indices.filter { collection.products[$0].productID == nil }
        if isNew {
            for productID in collection.products.compactMap(\.productID) { try await client.collection(id, product: productID) }
        }
        let products = collection.products
        try await withThrowingTaskGroup(of: (Int, String).self) { group in
            var next = 0
            func launch() {
                let index = pending[next]
                next += 1
                group.addTask {
                    var product = products[index]
                    let productID = try await self.push(&product, skipPreflight: true)
                    try await self.client.collection(id, product: productID)
                    return (index, productID)
                }
            }
            while next < min(parallelProducts, pending.count) { launch() }
            // Each finished product is recorded at once, so a failure later still leaves the ids of those pushed.
            while let (index, productID) = try await group.next() {
                collection.products[index].productID = productID
                if next < pending.count { launch() }
            }
        }
        for index in collection.collections.indices {
            let wasPushed = collection.collections[index].collectionID != nil
            let childID = try await push(&collection.collections[index], skipPreflight: true)
            if isNew || !wasPushed { try await client.collection(id, child: childID) }
        }
        logger.info("Successfully pushed collection \(collection.name) (\(id))")
        return id
    }

    /// Pushes a revision: `POST /product/{id}/update` at its level, then uploads of the new and replaced files only.
    /// A replacement whose bytes equal the source it replaces is not sent. Sets and returns the new version's id.
    @discardableResult
    public func push(_ revision: inout RevisionProduct) async throws -> String {
        if let id = revision.productID { return id }
        let problems = revision.problems
        if !problems.isEmpty { throw PreflightFailed(problems: problems) }
        let announced = try await announce(revision.sources)
        var unchanged: [String] = []
        for (slug, file) in announced where revision.revisionOf.sources[slug]?.checksum == file.checksum {
            unchanged.append(slug)
        }
        let uploads = announced.filter { !unchanged.contains($0.key) }
        if uploads.isEmpty, revision.dropped.isEmpty, revision.changedName == nil, revision.changedDescription == nil,
            revision.changedMetadata == nil
        {
            throw PreflightFailed(problems: [
                "revision of '\(revision.revisionOf.name)': the files are those of version \(revision.revisionOf.version) and nothing else changes"
            ])
        }
        var body: [String: JSONValue] = [
            "level": .int(Int64(revision.level.rawValue)),
            "new_sources": .object(uploads.filter { revision.revisionOf.sources[$0.key] == nil }.mapValues(\.json)),
            "replace_sources": .object(uploads.filter { revision.revisionOf.sources[$0.key] != nil }.mapValues(\.json)),
            "drop_sources": .array(revision.dropped.sorted().map { .string($0) }),
            "multipart_threshold": .int(client.settings.multipartThreshold),
        ]
        if let name = revision.changedName { body["name"] = .string(name) }
        if let description = revision.changedDescription { body["description"] = .string(description) }
        if let metadata = revision.changedMetadata { body["metadata"] = metadata.json }
        for slug in unchanged { logger.info("Source \(slug) is unchanged; not uploading it again") }
        let (id, version, urls, headers) = try await client.updateProduct(revision.revisionOf.productID, .object(body))
        try await upload(uploads, urls: urls, headers: headers, productID: id)
        logger.info("Successfully updated product \(revision.revisionOf.productID) to version \(version) (\(id))")
        revision.productID = id
        return id
    }

    // MARK: Pull

    /// Reads a product version; with `realizeSources`, every file is brought into the cache (verified, resumed
    /// when interrupted) and each source's `path` points at its local copy.
    public func pullProduct(_ id: String, realizeSources: Bool = true) async throws -> RemoteProduct {
        var product = RemoteProduct(record: try await client.product(id))
        logger.info("Successfully read product \(product.name) (\(id))")
        guard realizeSources, !product.sources.isEmpty else { return product }
        let files = try await client.files(id)
        let paths = try await realize(Array(files.values))
        for (slug, file) in files { product.sources[slug]?.path = paths[file.uuid] }
        return product
    }

    /// Reads a collection.
    public func pullCollection(_ id: String) async throws -> CollectionRecord {
        try await client.collection(id)
    }

    /// Brings files into the cache, several at once; returns their local paths by uuid.
    func realize(_ files: [FileRecord]) async throws -> [String: String] {
        try await withThrowingTaskGroup(of: (String, String).self) { group in
            var next = 0
            var paths: [String: String] = [:]
            func launch() {
                let file = files[next]
                next += 1
                group.addTask {
                    let (path, cached) = try await self.cache.realize(file) { destination in
                        guard let url = file.url else { throw SciError("the server gave no download URL for \(file.name)") }
                        self.logger.info("File \(file.name) (\(file.uuid)) not found in cache")
                        try await self.client.download(url, to: destination, checksum: file.checksum, size: file.size, progress: self.progress())
                    }
                    if !cached { self.logger.info("Cached file \(file.name) (\(file.uuid))") }
                    return (file.uuid, path)
                }
            }
            while next < min(client.parallelTransfers, files.count) { launch() }
            while let (uuid, path) = try await group.next() {
                paths[uuid] = path
                if next < files.count { launch() }
            }
            return paths
        }
    }

    // MARK: Helpers

    /// What the server is told of each file before its upload: name, size, checksum, description.
    struct Announced: Sendable {
        var path: String
        var name: String
        var size: Int64
        var checksum: String
        var description: String?
        var json: JSONValue {
            ["name": .string(name), "size": .int(size), "checksum": .string(checksum), "description": description.map { .string($0) } ?? .null]
        }
    }

    /// Hashes the files, several at once.
    func announce(_ sources: [String: LocalSource]) async throws -> [String: Announced] {
        try await withThrowingTaskGroup(of: (String, Announced).self) { group in
            for (slug, source) in sources {
                group.addTask {
                    let size = FileDescriptor.size(of: source.path) ?? 0
                    let checksum = try Checksum.xxh64(ofFileAt: source.path)
                    return (slug, Announced(path: source.path, name: source.fileName, size: size, checksum: checksum.description, description: source.description))
                }
            }
            var announced: [String: Announced] = [:]
            for try await (slug, file) in group { announced[slug] = file }
            return announced
        }
    }

    /// Uploads every file to its URLs, with the headers the server asked for, and completes the product.
    func upload(_ files: [String: Announced], urls: [String: [String]], headers: [String: [String: String]], productID: String) async throws {
        guard !files.isEmpty else { return }
        let results = try await withThrowingTaskGroup(of: (String, [JSONValue], [Int64]).self) { group in
            for file in files.values {
                guard let fileURLs = urls[file.name] else {
                    throw SciError("the server gave no upload URL for \(file.name); is this a HIPPO server?")
                }
                group.addTask {
                    let (answers, sizes) = try await self.client.upload(
                        file: file.path, size: file.size, to: fileURLs, headers: headers[file.name] ?? [:], progress: self.progress())
                    return (file.name, answers, sizes)
                }
            }
            var results: [(String, [JSONValue], [Int64])] = []
            for try await result in group { results.append(result) }
            return results
        }
        try await client.complete(
            productID, headers: Dictionary(uniqueKeysWithValues: results.map { ($0.0, $0.1) }),
            sizes: Dictionary(uniqueKeysWithValues: results.map { ($0.0, $0.2) }))
    }
}
