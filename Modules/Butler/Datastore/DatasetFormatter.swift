/// Moves a dataset between its file and memory; the storage class of its dataset type picks one.
public protocol DatasetFormatter: Sendable {
    /// The name stored in `file_datastore_records.formatter`.
    var name: String { get }
    /// The extension appended to templated paths (`.fits`); nil keeps the ingested file's own.
    var fileExtension: String? { get }
    /// Writes `object` to `path`.
    func write(_ object: DatasetObject, to path: String) throws
    /// Reads the file at `path`.
    func read(from path: String) throws -> DatasetObject
}
