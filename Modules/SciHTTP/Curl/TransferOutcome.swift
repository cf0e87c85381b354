import Foundation

/// How one attempt of a transfer ended, as the driver saw it.
struct TransferOutcome: Sendable {
    /// libcurl's result code; 0 is success at the transport level, whatever the status.
    var curlCode: Int
    /// libcurl's message for a non-zero code.
    var message: String
    /// The final HTTP status, 0 when none arrived.
    var status: Int
    /// The final response's headers.
    var headers: HTTPHeaders
    /// The body kept in memory: the whole body for `send`, an excerpt of error bodies otherwise.
    var body: Data
    /// The URL that answered, after redirects.
    var url: String
}
