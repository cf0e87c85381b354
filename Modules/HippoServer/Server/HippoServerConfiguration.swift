public import Foundation
public import SciS3

/// How a registry server runs: where it keeps its data, where it listens, who may do what.
public struct HippoServerConfiguration: Sendable {
    /// The folder holding `registry.sqlite`, `blobs/`, `uploads/` and `signing.key`.
    public var root: String
    /// The address to bind; loopback unless told otherwise.
    public var host = "127.0.0.1"
    /// The port; 0 picks a free one.
    public var port = 0
    /// API keys (optionally with anonymous reads) or HIPPO's mock authentication.
    public var access = AccessPolicy.keys(publicReads: false)
    /// The largest JSON body accepted.
    public var maxJSONBodySize = 8 << 20
    /// How long an upload may stay incomplete (and upload/download URLs stay valid); HIPPO's presigned URLs last a day.
    public var uploadLifetime: TimeInterval = 86_400
    /// The largest source file accepted, in bytes; larger declarations are refused (413) before any byte is sent.
    public var maxSourceSize: Int64 = 64 << 30
    /// The URL clients reach the server at, used in the signed upload and download URLs it hands out (for a server
    /// behind a proxy or bound to every address); nil means `http://HOST:PORT` of the address it listens on.
    public var publicURL: String?
    /// Where file bodies live: nil for `ROOT/blobs`, or `s3://bucket/prefix` (the store and key from the AWS
    /// variables), which clients upload to and download from through presigned URLs.
    public var blobs: String?
    /// Where the registry's records live: nil for `ROOT/registry.sqlite`, or a `postgresql://` URL that several
    /// servers can share.
    public var database: String?
    /// The S3 store and key for `blobs`; nil reads them from the environment (`S3Configuration.fromEnvironment`).
    public var s3: S3Configuration?

    /// A configuration for the registry in `root`.
    public init(root: String) { self.root = root }

    /// `http://HOST:PORT` for the address the server listens on; a wildcard address names this machine instead.
    func url(port: Int) -> String {
        let name = ["0.0.0.0", "::", ""].contains(host) ? ProcessInfo.processInfo.hostName : host
        return "http://\(name.contains(":") ? "[\(name)]" : name):\(port)"
    }

    /// Whether `host` is a loopback address, the only kind `--auth none` may bind.
    public var bindsLoopback: Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}
