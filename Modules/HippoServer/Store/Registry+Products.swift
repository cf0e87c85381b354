import Foundation
import HippoMeta
import SciCore

extension Registry {
    /// The default and the bounds of `multipart_batch_size`: HIPPO's 50 MiB parts, and S3's 5 GiB largest part.
    static let defaultPartSize: Int64 = 52_428_800
    static let partSizes: ClosedRange<Int64> = 1024...(5 << 30)

    /// `PUT /product/new`: records the product, invisible until its uploads complete, and answers upload URLs.
    func create(_ request: CreateProductRequest, caller: Caller, baseURL: String) async throws -> JSONValue {
        try caller.require(.write)
        let owner = caller.name ?? "anonymous"
        let metadata = try HippoError.checking { () throws(MetadataError) in try MetadataKind.validate(request.metadata) }
        try HippoError.checking { () throws(MetadataError) in try MetadataKind.of(metadata).check(slugs: request.sources.keys) }
        guard !request.name.trimmingCharacters(in: .whitespaces).isEmpty else { throw HippoError(422, "a product needs a name") }
        try Registry.checkName(request.name, "a product name")
        let partSize = try checkPartSize(request.multipartBatchSize)
        try check(sources: request.sources, partSize: partSize)
        let id = ObjectID.make()
        let files = request.sources.mapValues {
            plannedFile($0, uploader: owner, partSize: partSize, multipartThreshold: request.multipartThreshold)
        }
        let cutoff = Date().timeIntervalSince1970 - uploadLifetime
        let abandoned = try await writeDroppingBlobs { db -> ([FileRow], [String]) in
            if try db.bool(sql: "SELECT EXISTS (SELECT 1 FROM product WHERE name = ? AND visible = 1)", arguments: [request.name]) {
                throw HippoError(409, "Product already exists")
            }
            // A name is refused before any byte is sent, not after a whole upload lost a race: an unfinished upload
            // of the name blocks others, and one of the caller's own is taken as given up and replaced.
            var abandoned: [FileRow] = []
            let pending = try db.rows(sql: "SELECT id, owner FROM product WHERE name = ? AND visible = 0 AND replaces IS NULL AND created >= ?",
                arguments: [request.name, cutoff])
            for row in pending {
                guard row["owner"] as String == owner else {
                    throw HippoError(409, "Product already exists: another upload of this name is in progress")
                }
                let earlier: String = row["id"]
                abandoned += try FileRow.sources(db, product: earlier).map(\.file).filter { !$0.available }
                try db.execute(sql: "DELETE FROM product WHERE id = ?", arguments: [earlier])
            }
            var product = ProductRow(
                id: id, name: request.name, description: request.description, metadata: metadata, uploaded: Timestamp.now(),
                version: ProductVersion.first.description, owner: owner, replaces: nil,
                readers: Registry.merged(request.productReaders, [owner]), writers: Registry.merged(request.productWriters, ["admin", owner]))
            product.visible = files.isEmpty
            product.current = files.isEmpty
            try product.insert(db, created: Date().timeIntervalSince1970)
            for (slug, file) in files {
                try file.insert(db)
                try db.execute(sql: "INSERT INTO source (product_id, slug, file_uuid) VALUES (?, ?, ?)", arguments: [id, slug, file.uuid])
            }
            return (abandoned, try self.dropUnusedFiles(db))
        }
        storage.abandon(uploads: abandoned)
        let started = try await beginUploads(Array(files.values))
        var answer: [String: JSONValue] = ["id": .string(id), "upload_urls": try uploadURLs(started, baseURL: baseURL)]
        answer["upload_headers"] = uploadHeaders(started)
        return .object(answer)
    }

    /// `GET /product/{id}`: only the requested version.
    func read(id: String, caller: Caller) async throws -> JSONValue {
        try await pool.read { [self] db in
            let product = try readableProduct(db, id: id, caller: caller)
            return .object([
                "current_present": .bool(product.current),
                "current": product.current ? .string(product.version) : .null,
                "requested": .string(product.version),
                "versions": .object([product.version: try Registry.json(metadata(db, of: product))]),
            ])
        }
    }

    /// `GET /product/{id}/tree`: every version of the product.
    func tree(id: String, caller: Caller) async throws -> JSONValue {
        try await pool.read { [self] db in
            let product = try readableProduct(db, id: id, caller: caller)
            let versions = try chain(db, of: product)
            let current = versions.last { $0.current }
            return .object([
                "current_present": .bool(current != nil),
                "current": current.map { .string($0.version) } ?? .null,
                "requested": .string(product.version),
                "versions": .object(
                    Dictionary(uniqueKeysWithValues: try metadata(db, of: versions).map { ($0.version, try Registry.json($0)) })),
            ])
        }
    }

    /// `GET /product/{id}/files`: the product and, per slug, the file with a signed download URL.
    func files(id: String, caller: Caller, baseURL: String) async throws -> JSONValue {
        try await pool.read { [self] db in
            let product = try readableProduct(db, id: id, caller: caller)
            var files: [String: JSONValue] = [:]
            for (slug, file) in try FileRow.sources(db, product: id) {
                files[slug] = try Registry.json(
                    PostUploadFile(
                        uuid: file.uuid, name: file.name, size: file.size, slug: slug, checksum: file.checksum,
                        url: file.available ? storage.downloadURL(file, registry: self, baseURL: baseURL) : nil, description: file.description,
                        objectName: file.available ? file.objectName : nil, available: file.available))
            }
            return .object(["product": try Registry.json(metadata(db, of: product)), "files": .object(files)])
        }
    }

    /// `GET /product/{id}/{slug}`: where to fetch one source.
    func downloadURL(id: String, slug: String, caller: Caller, baseURL: String) async throws -> String {
        try await pool.read { [self] db in
            _ = try readableProduct(db, id: id, caller: caller)
            guard let file = try FileRow.sources(db, product: id).first(where: { $0.slug == slug })?.file, file.available else {
                throw HippoError(404, "Slug \(slug) not found for product \(id)")
            }
            return storage.downloadURL(file, registry: self, baseURL: baseURL)
        }
    }

    /// `GET /product/search/{text}`: current versions whose name holds any of the words, best match first.
    /// The answer is JSON text, written straight from the rows (`ProductMetadata.write(into:)`).
    func search(text: String, caller: Caller) async throws -> [UInt8] {
        guard let query = RegistryDatabase.searchQuery(text) else { return Array("[]".utf8) }
        let readers = ProductReaders.names(for: caller)
        if readers?.isEmpty == true { return Array("[]".utf8) }
        // The 1,000 are the best the caller may read: unreadable hits leave through the index before the limit.
        let access = readers.map(ProductReaders.condition)
        return try await pool.read { [self] db in
            let rows = try db.rows(
                sql: db.dialect == .sqlite
                    ? """
                    SELECT product.* FROM product_search JOIN product ON product.rowid = product_search.rowid
                    WHERE product_search MATCH ? AND product.current = 1 AND product.visible = 1 \(access.map { "AND " + $0.sql } ?? "")
                    ORDER BY product_search.rank LIMIT 1000
                    """
                    : """
                    SELECT product.* FROM product, websearch_to_tsquery('english', ?) AS query
                    WHERE to_tsvector('english', product.name) @@ query AND product.current = 1 AND product.visible = 1 \(access.map { "AND " + $0.sql } ?? "")
                    ORDER BY ts_rank(to_tsvector('english', product.name), query) DESC, product.id LIMIT 1000
                    """,
                arguments: [db.dialect == .sqlite ? query : RegistryDatabase.webSearchQuery(text)] + (access?.arguments ?? []))
            let readable = try ProductRow.all(rows).filter { caller.canRead(readers: $0.readers, writers: $0.writers) }
            var bytes: [UInt8] = [UInt8(ascii: "[")]
            for (index, version) in try metadata(db, of: readable).enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                version.write(into: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
            return bytes
        }
    }

    /// `POST /product/{id}/confirm`: 424 unless every source has arrived.
    func confirm(id: String, caller: Caller) async throws {
        try caller.require(.read)
        try await pool.read { [self] db in
            _ = try readableProduct(db, id: id, caller: caller)
            guard try FileRow.sources(db, product: id).allSatisfy({ $0.file.available }) else {
                throw HippoError(424, "Not all sources were present.")
            }
        }
    }

    /// `POST /product/{id}/pin` and `unpin`: admins only.
    func pin(id: String, pinned: Bool, caller: Caller) async throws {
        try caller.require(.admin)
        try await pool.write { [self] db in
            _ = try readableProduct(db, id: id, caller: caller)
            try db.execute(sql: "UPDATE product SET pinned = ? WHERE id = ?", arguments: [pinned, id])
        }
    }

    /// `DELETE /product/{id}`: removes one version; its predecessor becomes current if it was. Files no version uses
    /// any more go with it (HIPPO's `data` flag only decides that for S3 objects; here an unused file has no owner).
    func delete(id: String, caller: Caller) async throws {
        try caller.require(.write)
        try await writeDroppingBlobs { db in
            let product = try self.writableProduct(db, id: id, caller: caller)
            // The successor is relinked after the delete (which unlinks it), so a version never has two successors,
            // not even within the transaction (PostgreSQL's index checks each statement).
            let successors = try db.strings(sql: "SELECT id FROM product WHERE replaces = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM product WHERE id = ?", arguments: [id])
            for successor in successors {
                try db.execute(sql: "UPDATE product SET replaces = ? WHERE id = ?", arguments: [product.replaces, successor])
            }
            if product.current, let previous = product.replaces {
                try db.execute(sql: "UPDATE product SET current = 1 WHERE id = ?", arguments: [previous])
            }
            return ((), try self.dropUnusedFiles(db))
        }
    }

    /// `DELETE /product/{id}/tree`: removes every version; `id` must be the current one, as in HIPPO.
    func deleteTree(id: String, caller: Caller) async throws {
        try caller.require(.write)
        try await writeDroppingBlobs { db in
            let product = try self.writableProduct(db, id: id, caller: caller)
            guard product.current else { throw HippoError(400, "\(id) is not the current version; delete the tree from the current one") }
            for version in try self.chain(db, of: product) {
                try db.execute(sql: "DELETE FROM product WHERE id = ?", arguments: [version.id])
            }
            return ((), try self.dropUnusedFiles(db))
        }
    }

    /// Starts the uploads of new files at the blob store and records what identifies them there (S3's multipart
    /// upload ids), so any server sharing the database can complete them; returns the files as recorded.
    func beginUploads(_ files: [FileRow]) async throws -> [FileRow] {
        let ids = try await storage.beginUploads(files)
        guard !ids.isEmpty else { return files }
        try await pool.write { db in
            for (uuid, id) in ids { try db.execute(sql: "UPDATE file SET upload_id = ? WHERE uuid = ?", arguments: [id, uuid]) }
        }
        return files.map { file in
            var started = file
            started.uploadID = ids[file.uuid]
            return started
        }
    }

    /// Per file name, the URLs of its parts.
    func uploadURLs(_ files: [FileRow], baseURL: String) throws -> JSONValue {
        .object(
            Dictionary(
                uniqueKeysWithValues: try files.map { file in
                    (file.name, .array(try storage.partURLs(file, registry: self, baseURL: baseURL).map { .string($0) }))
                }))
    }

    /// Any Encodable as a JSONValue, to compose answers.
    static func json(_ value: some Encodable) throws -> JSONValue {
        try JSONValue(parsing: JSONEncoder().encode(value))
    }

    /// `base` with the `extra` names it lacks, order kept.
    static func merged(_ base: [String], _ extra: [String]) -> [String] {
        var seen = Set<String>()
        return (base + extra).filter { seen.insert($0).inserted }
    }

    /// Throws 422 for a name holding a newline or another control character: names become folder names and lines
    /// of listings on every client.
    static func checkName(_ text: String, _ what: String) throws(HippoError) {
        guard !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw HippoError(422, "\(what) must be one line without control characters")
        }
    }

    /// The part size asked for (HIPPO's 50 MiB by default), within what the blob store takes.
    func checkPartSize(_ requested: Int64?) throws(HippoError) -> Int64 {
        let size = requested ?? Registry.defaultPartSize
        let sizes = max(Registry.partSizes.lowerBound, storage.smallestPartSize)...Registry.partSizes.upperBound
        guard sizes.contains(size) else {
            throw HippoError(422, "multipart_batch_size must be between \(sizes.lowerBound) and \(sizes.upperBound) bytes")
        }
        return size
    }

    /// Throws 4xx for source files the registry cannot take: a name no client could write as a file, a duplicate
    /// name, a bad checksum, or sizes and part counts past the registry's limits.
    func check(sources: [String: PreUploadFile], partSize: Int64, alongside existing: [String] = []) throws(HippoError) {
        var names = Set(existing)
        let sorted = sources.sorted(by: { $0.key < $1.key })
        for (slug, file) in sorted {
            try Registry.checkFileName(file.name, slug: slug)
            // upload_urls are keyed by file name (as in HIPPO), so two sources with one name could not both be uploaded.
            guard names.insert(file.name).inserted else {
                throw HippoError(400, "two sources are named '\(file.name)'; file names must differ within a product")
            }
            guard let checksum = Checksum(parsing: file.checksum), checksum.algorithm == "xxh64", checksum.hex.count == 16 else {
                throw HippoError(422, "source '\(slug)': checksum must be xxh64:<16 hex digits>, got '\(file.checksum.prefix(80))'")
            }
        }
        let declared = sorted.map { (slug: $0.key, size: $0.value.size) }
        try limits.check(declared, partSize: partSize, freeBytes: storage.checksFreeSpace && declared.contains { $0.size > 0 } ? UploadLimits.freeBytes(at: blobs.root) : nil)
    }

    /// Throws 400 for a file name that is not one plain file name every client can create: no path, no control
    /// characters (a newline breaks every listing), at most 255 bytes (the limit of common file systems).
    static func checkFileName(_ name: String, slug: String) throws(HippoError) {
        let shown = String(name.unicodeScalars.prefix(80).map { $0.properties.generalCategory == .control ? "?" : Character($0) })
        guard !name.isEmpty, name != ".", name != "..", !name.contains("/"), !name.contains("\\") else {
            throw HippoError(400, "source '\(slug)': file name '\(shown)' must be a plain file name, not a path")
        }
        guard !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw HippoError(400, "source '\(slug)': file name '\(shown)' holds control characters (a newline, a tab, ...)")
        }
        guard name.utf8.count <= 255 else {
            throw HippoError(400, "source '\(slug)': file name of \(name.utf8.count) bytes; file systems take at most 255")
        }
    }
}
