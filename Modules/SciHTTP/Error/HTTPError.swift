import Foundation
public import SciCore

/// Why an HTTP exchange failed. Every case names the URL; `sciError` turns it into one line a user can act on.
public enum HTTPError: Error, Sendable, Equatable, SciErrorConvertible {
    /// The server answered with an error status; the excerpt is the start of its body.
    case status(code: Int, bodyExcerpt: String, url: String)
    /// The transfer itself failed (libcurl's code and message): refused connection, DNS, TLS, timeout, cut connection.
    case transport(curlCode: Int, message: String, url: String)
    /// The body did not decode into the expected type; `path` is the JSON path that failed.
    case decoding(path: String, message: String, url: String)
    /// A downloaded file's checksum differs from the one expected.
    case checksumMismatch(expected: Checksum, actual: Checksum, url: String)
    /// The URL cannot be used.
    case invalidURL(String)

    /// The URL the failure concerns.
    public var url: String {
        switch self {
        case .status(_, _, let url), .transport(_, _, let url), .decoding(_, _, let url), .checksumMismatch(_, _, let url):
            return url
        case .invalidURL(let url): return url
        }
    }

    init(decoding error: DecodingError, url: String) {
        self = .decoding(path: error.jsonPath, message: error.reason, url: url)
    }

    public var sciError: SciError {
        let shown = HTTPError.displayURL(url)
        switch self {
        case .status(let code, let excerpt, _):
            let detail = excerpt.isEmpty ? "" : ": \(excerpt)"
            switch code {
            case 401: return SciError("\(shown) refused the credentials (HTTP 401)\(detail)", hint: "check your API key or token")
            case 403: return SciError("\(shown) denied access (HTTP 403)\(detail)", hint: "your key lacks the permission for this")
            case 404: return SciError("not found: \(shown) (HTTP 404)\(detail)")
            default: return SciError("\(shown) answered HTTP \(code)\(detail)")
            }
        case .transport(let code, let message, _):
            return SciError(Self.transportMessage(code: code, message: message, url: shown), hint: Self.transportHint(code))
        case .decoding(let path, let message, _):
            return SciError("unexpected answer from \(shown): at \(path), \(message)", hint: "is this the right server and API version?")
        case .checksumMismatch(let expected, let actual, _):
            return SciError("downloaded file from \(shown) has checksum \(actual), expected \(expected); it was discarded",
                            hint: "retry; if it persists the server's copy is corrupt")
        case .invalidURL(let url):
            return SciError("invalid URL '\(url)'", hint: "URLs look like http://host:port/path")
        }
    }

    private static func transportMessage(code: Int, message: String, url: String) -> String {
        switch code {
        case 6: return "cannot resolve the host of \(url)"
        case 7: return "cannot connect to \(url): \(message.isEmpty ? "connection refused" : message)"
        case 28: return "timed out talking to \(url): \(message)"
        case 18: return "the connection to \(url) was cut before the whole body arrived"
        case 52: return "\(url) closed the connection without answering"
        case 35, 51, 53, 54, 58, 59, 60, 64, 66, 77, 80, 82, 83, 90, 91: return "TLS failure talking to \(url): \(message)"
        default: return "request to \(url) failed: \(message) (curl error \(code))"
        }
    }

    private static func transportHint(_ code: Int) -> String? {
        switch code {
        case 6: return "check the host name and your network"
        case 7: return "is the server running, and is the port right?"
        case 28: return "the server is slow or unreachable; try again or raise the timeout"
        case 35, 51, 53, 54, 58, 59, 60, 64, 66, 77, 80, 82, 83, 90, 91:
            return "if your site uses its own certificate authority, point SSL_CERT_FILE or CURL_CA_BUNDLE at it"
        default: return nil
        }
    }

    /// The URL without credentials or query string, which may hold tokens (presigned URLs).
    static func displayURL(_ url: String) -> String {
        guard var components = URLComponents(string: url) else { return url }
        components.user = nil
        components.password = nil
        if components.query != nil { components.query = nil; return (components.string ?? url) + "?…" }
        return components.string ?? url
    }
}
