/// An HTTP method.
public enum HTTPMethod: String, Sendable, Hashable {
    case get = "GET", head = "HEAD", post = "POST", put = "PUT", patch = "PATCH", delete = "DELETE", options = "OPTIONS"

    /// Methods that may be repeated without changing the outcome (RFC 9110), so retries are safe.
    public var isIdempotent: Bool { self != .post && self != .patch }
}
