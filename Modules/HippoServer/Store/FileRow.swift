import Foundation

/// One row of the `file` table: a source file, uploaded or still awaiting its parts.
struct FileRow: Sendable {
    var uuid: String
    var id: String
    var name: String
    var description: String?
    var uploader: String
    var size: Int64
    var checksum: String
    var partSize: Int64
    var available: Bool
    var blob: String?
    /// The upload's id at an S3 store (its multipart upload), while it is in progress.
    var uploadID: String?
    /// Whether the registry chose, for this new file, one PUT of the whole file rather than a multipart upload (see
    /// `Registry.plannedFile`). Not stored: afterwards such a file is the one with one part and no upload id.
    var wholeFile = false

    init(row: SQLRow) throws { try self.init(row: row, columns: Columns(row)) }

    /// Decodes by position: rows of one statement share `columns` (see `ProductRow.Columns`).
    init(row: SQLRow, columns: Columns) {
        uuid = row[columns.uuid]
        id = row[columns.id]
        name = row[columns.name]
        description = row[columns.description]
        uploader = row[columns.uploader]
        size = row[columns.size]
        checksum = row[columns.checksum]
        partSize = row[columns.partSize]
        available = row[columns.available]
        blob = row[columns.blob]
        uploadID = row[columns.uploadID]
    }

    /// Where each column of a file row sits in the rows of one statement.
    struct Columns {
        let uuid, id, name, description, uploader, size, checksum, partSize, available, blob, uploadID: Int

        /// The positions in `row`'s statement (the first column of each name); a 500 for one that lacks some.
        init(_ row: SQLRow) throws {
            let at = ColumnPositions(row, kind: "file")
            (uuid, id, name, description, uploader) = (try at("uuid"), try at("id"), try at("name"), try at("description"), try at("uploader"))
            (size, checksum, partSize, available, blob) = (try at("size"), try at("checksum"), try at("part_size"), try at("available"), try at("blob"))
            uploadID = try at("upload_id")
        }
    }

    init(_ announced: PreUploadFile, uploader: String, partSize: Int64) {
        uuid = UUID().uuidString.lowercased()
        id = ObjectID.make()
        name = announced.name
        description = announced.description
        self.uploader = uploader
        size = announced.size
        checksum = announced.checksum
        self.partSize = partSize
        available = false
        blob = nil
        uploadID = nil
    }

    /// How many parts a file of `size` bytes is split into: `ceil(size / partSize)`, as HIPPO presigns them, computed
    /// without the `size + partSize - 1` that overflows for a size near Int64.max.
    static func partCount(size: Int64, partSize: Int64) -> Int64 {
        guard size > 0, partSize > 0 else { return 0 }
        return size / partSize + (size % partSize == 0 ? 0 : 1)
    }

    /// How many parts the upload is split into.
    var partCount: Int { Int(clamping: FileRow.partCount(size: size, partSize: partSize)) }

    /// Where part `number` (from 1) starts in the file; nil for a number the file does not have.
    func offset(ofPart number: Int) -> Int64? {
        guard number >= 1, number <= partCount else { return nil }
        let (offset, overflow) = Int64(number - 1).multipliedReportingOverflow(by: partSize)
        return overflow || offset >= size ? nil : offset
    }

    /// The size part `number` (from 1) must have; 0 for a number the file does not have.
    func expectedSize(ofPart number: Int) -> Int64 {
        guard let offset = offset(ofPart: number) else { return 0 }
        return min(partSize, size - offset)
    }

    /// HIPPO's object name, `uploader/uuid/name`, which hippoclient uses as the cache path.
    var objectName: String { "\(uploader)/\(uuid)/\(name)" }

    func insert(_ db: any RegistrySession) throws {
        try db.execute(
            sql: """
                INSERT INTO file (uuid, id, name, description, uploader, size, checksum, part_size, available, blob, upload_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [uuid, id, name, description, uploader, size, checksum, partSize, available, blob, uploadID])
    }

    /// The sources of a product, by slug.
    static func sources(_ db: any RegistrySession, product id: String) throws -> [(slug: String, file: FileRow)] {
        try db.rows(sql: "SELECT source.slug, file.* FROM source JOIN file ON file.uuid = source.file_uuid WHERE source.product_id = ?",
            arguments: [id]
        ).map { (slug: $0["slug"], file: try FileRow(row: $0)) }
    }

    /// The file with this uuid.
    static func find(_ db: any RegistrySession, uuid: String) throws -> FileRow? {
        try db.row(sql: "SELECT * FROM file WHERE uuid = ?", arguments: [uuid]).map(FileRow.init(row:))
    }
}
