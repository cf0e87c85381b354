/// One dataset of a query as a listing prints it, read straight from SQLite without building a `DatasetRef`: long
/// listings pay for nothing they do not print.
public struct DatasetRow: Sendable {
    /// The dataset's UUID, lowercase with dashes, as daf_butler prints it.
    public var id: String
    /// Its RUN collection.
    public var run: String
    /// Its file, relative to the repository root (or a `file://` URI for `direct` ingest); nil when not asked for.
    public var path: String?
    /// The data ID's values, in the order of the dataset type's required dimensions (`DimensionGroup.required`).
    public var values: [DataIdValue]
}
