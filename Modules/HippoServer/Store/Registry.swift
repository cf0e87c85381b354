import Foundation
import SciCore
import Synchronization

/// The registry behind the routes: products, their versions and files, collections, in SQLite and the blob store.
///
/// Every change is one database transaction. File bodies move into the blob store before the transaction that makes
/// them visible, and leave it after the transaction that drops the last file using them; both steps run in the
/// database's single writer, so no request unlinks a blob another is about to share, and `sweep` removes whatever
/// a crash left between a step and its transaction.
///
/// Requests use GRDB's async API only: a blocking read on Swift's few cooperative threads can starve the pool.
final class Registry: Sendable {
    /// Where the records live: SQLite or PostgreSQL.
    let pool: any RegistryStore
    let blobs: BlobStore
    /// Where file bodies live: `blobs`, or an S3 bucket.
    let storage: any BlobStorage
    let signer: URLSigner
    let keys: APIKeys
    /// Uploads not completed within this time are discarded.
    let uploadLifetime: TimeInterval
    /// What one request may ask the registry to take.
    let limits: UploadLimits
    private let address: Mutex<String>

    init(
        root: String, uploadLifetime: TimeInterval, limits: UploadLimits = UploadLimits(maxSourceSize: 64 << 30),
        storage: (any BlobStorage)? = nil, database: (any RegistryStore)? = nil
    ) throws {
        blobs = try BlobStore(root: root)
        self.storage = storage ?? blobs
        pool = try database ?? SQLiteRegistryStore(path: root + "/registry.sqlite")
        signer = try URLSigner(root: root, lifetime: uploadLifetime)
        keys = APIKeys(pool: pool)
        self.uploadLifetime = uploadLifetime
        self.limits = limits
        address = Mutex("http://127.0.0.1")
    }

    /// The URL clients reach the server at, which signed upload and download URLs start with. It is the configured
    /// one, never the request's `Host` header, which any client can set to send the next uploader elsewhere.
    var publicURL: String {
        get { address.withLock { $0 } }
        set { address.withLock { $0 = newValue } }
    }

    /// The visible product `id`, readable by `caller`; 422 for a malformed id, 404 for an unknown one.
    /// `notFound` is the 404's detail when a route of HIPPO's words it differently.
    func readableProduct(_ db: any RegistrySession, id: String, caller: Caller, notFound: String? = nil) throws -> ProductRow {
        guard ObjectID.isValid(id) else { throw HippoError(422, "'\(id)' is not a product id (24 hex digits)") }
        guard let product = try ProductRow.find(db, id: id), product.visible else {
            throw HippoError(404, notFound ?? "Product \(id) not found.")
        }
        guard caller.canRead(readers: product.readers, writers: product.writers) else {
            throw HippoError(403, "you may not read product \(id)")
        }
        return product
    }

    /// The visible product `id`, writable by `caller`.
    func writableProduct(_ db: any RegistrySession, id: String, caller: Caller, notFound: String? = nil) throws -> ProductRow {
        let product = try readableProduct(db, id: id, caller: caller, notFound: notFound)
        guard caller.canWrite(writers: product.writers) else { throw HippoError(403, "you may not change product \(id)") }
        return product
    }

    /// Every visible version in the chain of `product`, oldest first.
    func chain(_ db: any RegistrySession, of product: ProductRow) throws -> [ProductRow] {
        var versions = [product]
        var cursor = product
        while let previous = cursor.replaces, let row = try ProductRow.find(db, id: previous) {
            versions.insert(row, at: 0)
            cursor = row
        }
        cursor = product
        while let next = try db.row(sql: "SELECT * FROM product WHERE replaces = ? AND visible = 1", arguments: [cursor.id]) {
            cursor = try ProductRow(row: next)
            versions.append(cursor)
        }
        return versions
    }

    /// A product version as HIPPO answers it.
    func metadata(_ db: any RegistrySession, of product: ProductRow) throws -> ProductMetadata {
        try metadata(db, of: [product])[0]
    }

    /// Product versions as HIPPO answers them, in the order given: a fixed five queries however many there are (each
    /// loads one relation of them all through `IN`), so a search of 1,000 hits costs what a search of one does.
    func metadata(_ db: any RegistrySession, of products: [ProductRow]) throws -> [ProductMetadata] {
        guard !products.isEmpty else { return [] }
        // The ids travel as one JSON array, which `json_each` unpacks: no statement per count of ids, no limit on
        // the number of bound parameters.
        let ids = ProductRow.json(products.map(\.id))
        var sources: [String: [String: FileMetadata]] = [:]
        var columns: FileRow.Columns?
        for row in try db.rows(sql: """
                SELECT source.product_id, source.slug, file.* FROM source JOIN file ON file.uuid = source.file_uuid
                WHERE source.product_id IN (SELECT value FROM json_each(?))
                """, arguments: [ids])
        {
            if columns == nil { columns = try FileRow.Columns(row) }
            let file = FileRow(row: row, columns: columns!), slug: String = row[1]
            sources[row[0], default: [:]][slug] = FileMetadata(
                id: file.id, name: file.name, description: file.description, uploader: file.uploader, uuid: file.uuid,
                size: file.size, checksum: file.checksum, slug: slug, available: file.available)
        }
        /// `first`, `second` pairs of `sql` (which binds the ids once), grouped by `first`, each group sorted.
        func grouped(_ sql: String) throws -> [String: [String]] {
            var groups: [String: [String]] = [:]
            for row in try db.rows(sql: sql, arguments: [ids]) { groups[row[0], default: []].append(row[1]) }
            return groups.mapValues { $0.sorted() }
        }
        let replaced = ProductRow.json(products.compactMap(\.replaces))
        let versions = Dictionary(
            try db.rows(sql: "SELECT id, version FROM product WHERE id IN (SELECT value FROM json_each(?))", arguments: [replaced])
                .map { ($0["id"] as String, $0["version"] as String) }, uniquingKeysWith: { first, _ in first })
        let parents = try grouped("SELECT child_id, parent_id FROM product_link WHERE child_id IN (SELECT value FROM json_each(?))")
        let children = try grouped("SELECT parent_id, child_id FROM product_link WHERE parent_id IN (SELECT value FROM json_each(?))")
        let collections = try grouped(
            "SELECT product_id, collection_id FROM collection_product WHERE product_id IN (SELECT value FROM json_each(?))")
        return products.map { product in
            ProductMetadata(
                id: product.id, name: product.name, description: product.description, metadata: product.metadata,
                uploaded: product.uploaded, updated: product.updated, current: product.current, version: product.version,
                sources: sources[product.id] ?? [:], owner: product.owner, replaces: product.replaces.flatMap { versions[$0] },
                readers: product.readers, writers: product.writers, childOf: parents[product.id] ?? [],
                parentOf: children[product.id] ?? [], collections: collections[product.id] ?? [], pinned: product.pinned)
        }
    }

    /// Removes files no product version uses any more, then their blobs when no other file shares them.
    /// Called inside the transaction that dropped the sources; returns the blobs to unlink once it commits.
    func dropUnusedFiles(_ db: any RegistrySession) throws -> [String] {
        let unused = try db.rows(sql: "SELECT uuid, blob FROM file WHERE NOT EXISTS (SELECT 1 FROM source WHERE source.file_uuid = file.uuid)")
        var blobs: [String] = []
        for row in unused {
            try db.execute(sql: "DELETE FROM file WHERE uuid = ?", arguments: [row["uuid"] as String])
            if let blob: String = row["blob"],
                try !db.bool(sql: "SELECT EXISTS (SELECT 1 FROM file WHERE blob = ?)", arguments: [blob])
            {
                blobs.append(blob)
            }
        }
        return blobs
    }

    /// Runs a transaction that may drop blobs, and unlinks them once it has committed.
    func writeDroppingBlobs<T: Sendable>(_ body: @escaping @Sendable (any RegistrySession) throws -> (T, [String])) async throws -> T {
        try await pool.writeWithoutTransaction { [self] db in
            var result: (T, [String])?
            try db.inTransaction { result = try body(db) }
            storage.remove(blobs: result!.1)
            return result!.0
        }
    }

    /// Discards uploads older than `uploadLifetime` (products never completed, their files and parts); safe while
    /// serving, since their signed URLs have expired too. Returns how many products went.
    func expireUploads(now: Date = Date()) async throws -> Int {
        let cutoff = now.timeIntervalSince1970 - uploadLifetime
        let (count, uploads) = try await writeDroppingBlobs { db in
            let stale = try db.strings(sql: "SELECT id FROM product WHERE visible = 0 AND created < ?", arguments: [cutoff])
            var uploads: [FileRow] = []
            for id in stale {
                uploads += try FileRow.sources(db, product: id).map(\.file).filter { !$0.available }
                try db.execute(sql: "DELETE FROM product WHERE id = ?", arguments: [id])
            }
            return ((stale.count, uploads), try self.dropUnusedFiles(db))
        }
        storage.abandon(uploads: uploads)
        return count
    }

    /// Discards uploads older than `uploadLifetime` and removes from disk everything the database does not use:
    /// what a crash or `kill -9` left behind. Run at start-up, before serving.
    func sweep(now: Date = Date()) async throws -> (products: Int, blobs: Int, uploads: Int) {
        let cutoff = now.timeIntervalSince1970 - uploadLifetime
        let discarded = try await writeDroppingBlobs { db in
            let stale = try db.strings(sql: "SELECT id FROM product WHERE visible = 0 AND created < ?", arguments: [cutoff])
            var uploads: [FileRow] = []
            for id in stale {
                uploads += try FileRow.sources(db, product: id).map(\.file).filter { !$0.available }
                try db.execute(sql: "DELETE FROM product WHERE id = ?", arguments: [id])
            }
            return ((stale.count, uploads), try self.dropUnusedFiles(db))
        }
        storage.abandon(uploads: discarded.1)
        let (referenced, pending) = try await pool.read { db in
            (
                Set(try db.strings(sql: "SELECT blob FROM file WHERE blob IS NOT NULL")),
                Set(try db.strings(sql: "SELECT uuid FROM file WHERE available = 0"))
            )
        }
        let removed = blobs.sweep(referencedBlobs: referenced, pendingUploads: pending)
        return (discarded.0, removed.blobs, removed.uploads)
    }
}
