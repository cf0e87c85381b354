import Foundation
import HippoMeta
import SciCore

extension Registry {
    /// `POST /product/{id}/update`: with a level, a new version (new id) revised at that level, carrying the sources
    /// it does not replace or drop; invisible, and the old one current, until its new files are uploaded. Access
    /// changes apply to every version and never make one; `level: null` makes only those.
    func update(id: String, request: UpdateProductRequest, caller: Caller, baseURL: String) async throws -> JSONValue {
        try caller.require(.write)
        let partSize = try checkPartSize(request.multipartBatchSize)
        let answer: (id: String, version: String, files: [FileRow]) = try await pool.write { [self] db in
            let product = try self.writableProduct(db, id: id, caller: caller)
            try self.changeAccess(db, product: product, request: request)
            guard let level = request.level else { return (product.id, product.version, []) }
            let plan = try self.revision(db, of: product, request: request, partSize: partSize)
            let owner = request.access.owner ?? product.owner
            var revised = ProductRow(
                id: ObjectID.make(), name: request.name ?? product.name, description: request.description ?? product.description,
                metadata: plan.metadata, uploaded: product.uploaded,
                version: try Registry.revised(product.version, level: level), owner: owner, replaces: product.id,
                readers: try ProductRow.find(db, id: product.id)!.readers, writers: try ProductRow.find(db, id: product.id)!.writers)
            let files = plan.uploads.map {
                self.plannedFile($0.file, uploader: owner, partSize: partSize, multipartThreshold: request.multipartThreshold)
            }
            revised.visible = files.isEmpty
            revised.current = files.isEmpty
            try revised.insert(db, created: Date().timeIntervalSince1970)
            for (slug, uuid) in plan.kept {
                try db.execute(sql: "INSERT INTO source (product_id, slug, file_uuid) VALUES (?, ?, ?)", arguments: [revised.id, slug, uuid])
            }
            for (upload, file) in zip(plan.uploads, files) {
                try file.insert(db)
                try db.execute(
                    sql: "INSERT INTO source (product_id, slug, file_uuid) VALUES (?, ?, ?)", arguments: [revised.id, upload.slug, file.uuid])
            }
            if files.isEmpty {
                try Registry.retire(db, product.id)
                try self.moveCollections(db, from: product.id, to: revised.id)
            }
            return (revised.id, revised.version, files)
        }
        let started = try await beginUploads(answer.files)
        var reply: [String: JSONValue] = [
            "version": .string(answer.version), "id": .string(answer.id), "upload_urls": try uploadURLs(started, baseURL: baseURL),
        ]
        reply["upload_headers"] = uploadHeaders(started)
        return .object(reply)
    }

    /// `POST /product/{id}/diff`: what `update` would change, as HIPPO's web UI shows it.
    func diff(id: String, request: UpdateProductRequest, caller: Caller) async throws -> JSONValue {
        try caller.require(.write)
        return try await pool.read { [self] db in
            let product = try self.writableProduct(db, id: id, caller: caller)
            guard product.current else { throw HippoError(400, "only the current version can be revised") }
            var changes: [String: JSONValue] = [:]
            if let name = request.name, name != product.name { changes["name"] = .array([.string(product.name), .string(name)]) }
            if let description = request.description, description != product.description {
                changes["description"] = .string(Registry.htmlDiff(old: product.description, new: description))
            }
            if request.metadata != nil {
                let metadata = try HippoError.checking { () throws(MetadataError) in try MetadataKind.validate(request.metadata) }
                var fields: [String: JSONValue] = [:]
                if case .object(let new) = metadata {
                    for (field, value) in new where value != (product.metadata[field] ?? .null) {
                        fields[field] = .array([product.metadata[field] ?? .null, value])
                    }
                }
                if !fields.isEmpty { changes["metadata"] = .object(fields) }
            }
            if let level = request.level, !(0...2).contains(level) { throw HippoError(422, "level must be 0 (major), 1 (minor), 2 (patch) or null") }
            let revised = try request.level.map { try Registry.revised(product.version, level: $0) } ?? product.version
            changes["version"] = .array([.string(product.version), .string(revised)])
            return .object(changes)
        }
    }

    /// What a revision keeps and uploads, checked: slugs against the (new) metadata type, sources that must or must not exist.
    private func revision(_ db: any RegistrySession, of product: ProductRow, request: UpdateProductRequest, partSize: Int64) throws
        -> (metadata: JSONValue, kept: [(String, String)], uploads: [(slug: String, file: PreUploadFile)])
    {
        if let name = request.name { try Registry.checkName(name, "a product name") }
        guard let level = request.level, (0...2).contains(level) else { throw HippoError(422, "level must be 0 (major), 1 (minor), 2 (patch) or null") }
        guard product.current else { throw HippoError(400, "only the current version (not \(product.version)) can be revised") }
        let metadata = request.metadata == nil ? product.metadata : try HippoError.checking { () throws(MetadataError) in try MetadataKind.validate(request.metadata) }
        if MetadataKind.of(metadata).tag != MetadataKind.of(product.metadata).tag {
            throw HippoError(422, "a revision cannot change the metadata type (\(MetadataKind.of(product.metadata).tag))")
        }
        var sources = Dictionary(uniqueKeysWithValues: try FileRow.sources(db, product: product.id).map { ($0.slug, $0.file) })
        for slug in request.newSources.keys where sources[slug] != nil {
            throw HippoError(400, "source '\(slug)' already exists; replace it instead")
        }
        for slug in Array(request.replaceSources.keys) + request.dropSources where sources[slug] == nil {
            throw HippoError(404, "Slug \(slug) not found for product \(product.id)")
        }
        for slug in Array(request.replaceSources.keys) + request.dropSources { sources[slug] = nil }
        let uploads = request.newSources.merging(request.replaceSources) { new, _ in new }
        try check(sources: uploads, partSize: partSize, alongside: sources.values.map(\.name))
        try HippoError.checking { () throws(MetadataError) in try MetadataKind.of(metadata).check(slugs: Array(sources.keys) + Array(uploads.keys)) }
        return (metadata, sources.map { ($0.key, $0.value.uuid) }, uploads.sorted { $0.key < $1.key }.map { (slug: $0.key, file: $0.value) })
    }

    /// The version after `version` at `level`; 409 for a version that cannot be revised (not `a.b.c`, or at the
    /// largest number).
    static func revised(_ version: String, level: Int) throws(HippoError) -> String {
        guard let next = ProductVersion(version)?.revised(level: level) else {
            throw HippoError(409, "version \(version) cannot be revised at level \(level)")
        }
        return next.description
    }

    /// Applies owner and reader/writer changes to every version of the product.
    private func changeAccess(_ db: any RegistrySession, product: ProductRow, request: UpdateProductRequest) throws {
        try checkOwner(db, request.access.owner, current: product.owner)
        if request.access.isEmpty { return }
        for var version in try chain(db, of: product) {
            (version.readers, version.writers, version.owner) = request.access.applied(
                readers: version.readers, writers: version.writers, owner: version.owner)
            try version.saveAccess(db)
        }
    }

    /// Throws 406 when a new owner is not a user the registry knows: a key's name, or the local user.
    func checkOwner(_ db: any RegistrySession, _ owner: String?, current: String) throws {
        if let owner, owner != current, owner != Caller.localUser.name,
            try !db.bool(sql: "SELECT EXISTS (SELECT 1 FROM api_key WHERE name = ?)", arguments: [owner])
        {
            throw HippoError(406, "User not found.")
        }
    }

    /// A two-row HTML table of the old and new text, the shape of HIPPO's difflib rendering.
    static func htmlDiff(old: String, new: String) -> String {
        func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;")
        }
        return "<table class='table table-bordered'><tr><td>-</td><td>\(escape(old))</td></tr><tr><td>+</td><td>\(escape(new))</td></tr></table>"
    }
}
