/// How an ingested file gets into the datastore, as daf_butler's `--transfer`.
public enum TransferMode: String, Sendable, CaseIterable, Codable {
    /// Inside the datastore already: used in place; otherwise `link`.
    case auto
    /// A hard link, or a symbolic link where hard links are impossible.
    case link
    /// A copy.
    case copy
    /// Moved in (hard-linked during the ingest, the source removed once it is committed).
    case move
    /// An absolute symbolic link.
    case symlink
    /// A relative symbolic link.
    case relsymlink
    /// A hard link.
    case hardlink
    /// Nothing moves: the registry records the file's absolute location.
    case direct
}
