import Foundation
import SciCore

extension Registry {
    /// The file awaiting part `number`, checked against its signed URL; where the part starts and its expected size.
    func pendingPart(uuid: String, number: Int, expires: String?, signature: String?) async throws -> (file: FileRow, offset: Int64, size: Int64) {
        try signer.check("/upload/\(uuid)/\(number)", expires: expires, signature: signature)
        guard let file = try await pool.read({ try FileRow.find($0, uuid: uuid) }), !file.available else {
            throw HippoError(404, "no upload in progress for \(uuid); it was completed or discarded")
        }
        guard storage is BlobStore, file.uploadID == nil else { throw HippoError(404, "parts of \(file.name) go to the object store, not here") }
        guard let offset = file.offset(ofPart: number) else {
            throw HippoError(404, "\(file.name) has \(file.partCount) parts, not \(number)")
        }
        return (file, offset, file.expectedSize(ofPart: number))
    }

    /// Forgets a part whose bytes may have been overwritten by a failed resend.
    func forgetPart(uuid: String, number: Int) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM part WHERE file_uuid = ? AND number = ?", arguments: [uuid, number])
        }
    }

    /// Records a part that has been written to disk whole.
    func recordPart(uuid: String, number: Int, size: Int64, etag: String) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO part (file_uuid, number, size, etag) VALUES (?, ?, ?, ?)
                    ON CONFLICT (file_uuid, number) DO UPDATE SET size = excluded.size, etag = excluded.etag
                    """,
                arguments: [uuid, number, size, etag])
        }
    }

    /// `POST /product/{id}/complete`: checks each pending file's parts against what the client reports, assembles
    /// them, checks the size and XXH64 of the whole, and makes the version visible once all its files are in.
    /// Any mismatch discards the whole upload and answers 400, so nothing half-checked is ever visible.
    func complete(id: String, request: CompleteUploadRequest, caller: Caller) async throws {
        try caller.require(.write)
        guard ObjectID.isValid(id) else { throw HippoError(422, "'\(id)' is not a product id (24 hex digits)") }
        let (product, pending) = try await pool.read { db -> (ProductRow, [FileRow]) in
            guard let product = try ProductRow.find(db, id: id) else { throw HippoError(404, "Product \(id) not found.") }
            guard caller.canWrite(writers: product.writers) else { throw HippoError(403, "you may not change product \(id)") }
            return (product, try FileRow.sources(db, product: id).map(\.file).filter { !$0.available })
        }
        if product.visible && pending.isEmpty { return }
        do {
            for file in pending { try await storage.finish(file, reported: request, registry: self) }
            try await pool.write { [self] db in try self.publish(db, product: product) }
        } catch let error as HippoError where [400, 409].contains(error.status.code) {
            // A refused upload (bad bytes, or a name or version another upload took first) is not kept for a day.
            try await discard(product: product, files: pending)
            throw error
        }
    }

    /// Makes a product version visible and current, retiring its predecessor, once its files are all in.
    private func publish(_ db: any RegistrySession, product: ProductRow) throws {
        guard try FileRow.sources(db, product: product.id).allSatisfy({ $0.file.available }) else { return }
        if let previous = product.replaces {
            try Registry.retire(db, previous)
            try moveCollections(db, from: previous, to: product.id)
        } else if try db.bool(sql: "SELECT EXISTS (SELECT 1 FROM product WHERE name = ? AND visible = 1 AND id != ?)", arguments: [product.name, product.id])
        {
            throw HippoError(409, "Product already exists")
        }
        try db.execute(sql: "UPDATE product SET visible = 1, current = 1, updated = ? WHERE id = ?", arguments: [Timestamp.now(), product.id])
    }

    /// Makes `previous` no longer current, or throws 409 when it already is not. One statement that checks and
    /// changes: in PostgreSQL a concurrent revision waits on the row and then finds it retired, so two revisions of
    /// one version can never both become current, whichever servers they went through.
    static func retire(_ db: any RegistrySession, _ previous: String) throws {
        guard try !db.rows(sql: "UPDATE product SET current = 0 WHERE id = ? AND current = 1 RETURNING id", arguments: [previous]).isEmpty else {
            throw HippoError(409, "the version this revision replaces is no longer current; revise the current one")
        }
    }

    /// Checks the parts of one file against the client's report and the whole file's size and checksum; returns the
    /// blob key.
    func assemble(_ file: FileRow, reported: CompleteUploadRequest) async throws -> String {
        let parts = try await pool.read { db in
            try db.rows(sql: "SELECT number, size, etag FROM part WHERE file_uuid = ? ORDER BY number", arguments: [file.uuid])
                .map { (number: $0["number"] as Int, size: $0["size"] as Int64, etag: $0["etag"] as String) }
        }
        let etags = reported.etags(for: file.name) ?? []
        guard etags.count == file.partCount, parts.count == file.partCount else {
            throw HippoError(
                400, "\(file.name): expected \(file.partCount) parts, received \(parts.count), reported \(etags.count); upload discarded")
        }
        let sizes = reported.sizes?[file.name]
        for (index, part) in parts.enumerated() {
            let number = index + 1
            guard part.number == number, part.size == file.expectedSize(ofPart: number) else {
                throw HippoError(400, "\(file.name): part \(number) is missing or has the wrong size; upload discarded")
            }
            guard etags[index].lowercased() == part.etag else {
                throw HippoError(400, "\(file.name): part \(number)'s ETag differs from the one the server answered; upload discarded")
            }
            if let sizes, sizes.count != parts.count || sizes[index] != part.size {
                throw HippoError(400, "\(file.name): reported part sizes differ from those received; upload discarded")
            }
        }
        let assembled = try await Registry.offload { [blobs] in try blobs.verify(upload: file.uuid) }
        let declared = Checksum(parsing: file.checksum)
        guard assembled.size == file.size, assembled.checksum == declared else {
            throw HippoError(
                400,
                "\(file.name): checksum mismatch: declared \(file.checksum) for \(file.size) bytes, received \(assembled.checksum) for \(assembled.size) bytes; upload discarded"
            )
        }
        return BlobStore.key(checksum: assembled.checksum, size: assembled.size)
    }

    /// Drops a version whose upload failed, with its files and parts.
    private func discard(product: ProductRow, files: [FileRow]) async throws {
        try await writeDroppingBlobs { db in
            if !product.visible { try db.execute(sql: "DELETE FROM product WHERE id = ?", arguments: [product.id]) }
            return ((), try self.dropUnusedFiles(db))
        }
        storage.abandon(uploads: files)
    }

    /// Runs blocking file work off the cooperative pool, so a 2 GiB assembly does not hold up other requests.
    static func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
        }
    }
}
