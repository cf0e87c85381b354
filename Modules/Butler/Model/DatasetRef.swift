public import Foundation

/// One dataset: its id, type, data ID and RUN, and where its file is when that is known.
public struct DatasetRef: Sendable, Hashable, Codable {
    /// The dataset's UUID.
    public var id: UUID
    /// The dataset type's name.
    public var datasetType: String
    /// The data ID over the type's required dimensions.
    public var dataId: DataId
    /// The RUN collection it was written into.
    public var run: String
    /// The file, relative to the repository root or an absolute path for `direct` ingest; nil when not asked for.
    public var path: String?

    /// A dataset reference.
    public init(id: UUID, datasetType: String, dataId: DataId, run: String, path: String? = nil) {
        self.id = id
        self.datasetType = datasetType
        self.dataId = dataId
        self.run = run
        self.path = path
    }
}
