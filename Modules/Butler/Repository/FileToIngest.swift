/// A file to ingest and its data ID.
public struct FileToIngest: Sendable, Hashable {
    /// The file's path (relative paths are taken from the current directory).
    public var path: String
    /// Its data ID; values may be text (`"3"`) and are read by the dimension's key type.
    public var dataId: DataId

    /// A file and its data ID.
    public init(path: String, dataId: DataId) {
        self.path = path
        self.dataId = dataId
    }
}
