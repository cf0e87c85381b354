public import SciCore

/// What a finished download produced.
public struct DownloadResult: Sendable, Hashable {
    /// Where the file is.
    public var path: String
    /// Its size in bytes.
    public var size: Int64
    /// Its XXH64 checksum, computed while the bytes arrived.
    public var checksum: Checksum
    /// Bytes that were already on disk from an earlier, interrupted attempt and were not fetched again.
    public var resumedFrom: Int64
}
