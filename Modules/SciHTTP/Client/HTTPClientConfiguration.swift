public import Foundation
public import Logging
import SciCore

/// How an `HTTPClient` behaves: retries, timeouts, credentials, headers and TLS trust.
public struct HTTPClientConfiguration: Sendable {
    /// Retry rules for every request.
    public var retry: RetryPolicy = .default
    /// The longest wait for a connection.
    public var connectTimeout: Duration = .seconds(10)
    /// The longest a whole request may take, body included; nil (the default) sets no total limit, so a large body
    /// on a slow link is never cut off while it is still arriving: `connectTimeout` and `stallTimeout` catch servers
    /// that are down or have stopped sending. `HTTPRequest.timeout` overrides it for one request.
    public var requestTimeout: Duration?
    /// A transfer that moves no byte for this long, waiting for the answer included, is abandoned (and retried if
    /// the policy allows).
    public var stallTimeout: Duration = .seconds(60)
    /// Credentials added to every request.
    public var authenticator: any Authenticator = NoAuthentication()
    /// Headers sent with every request.
    public var headers: HTTPHeaders = ["User-Agent": "sci/\(SciVersion.current)"]
    /// A CA bundle to trust; by default the usual variables are read (`SSL_CERT_FILE`, `CURL_CA_BUNDLE`, `REQUESTS_CA_BUNDLE`).
    public var caBundle: String? = HTTPClientConfiguration.caBundleFromEnvironment()
    /// The largest body `send` keeps in memory; larger answers are an error (use `download`).
    public var maxBodySize = 256 << 20
    /// Where requests are logged: one line each at debug, headers (credentials redacted) at trace.
    public var logger = Logger(label: "sci.http")
    /// How the client waits between attempts: a sleep, or in tests something that records the waits asked for.
    public var wait: @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }

    /// The defaults.
    public init() {}

    /// The defaults with both waits set to `timeout`: to connect, and for a transfer that stops moving (what a
    /// command's `--timeout SECONDS` means).
    public init(timeout: Duration) {
        connectTimeout = timeout
        stallTimeout = timeout
    }

    /// The CA bundle named by the environment variables tools commonly honour, in curl's order of preference.
    public static func caBundleFromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        for name in ["SSL_CERT_FILE", "CURL_CA_BUNDLE", "REQUESTS_CA_BUNDLE"] {
            if let path = environment[name], !path.isEmpty { return path }
        }
        return nil
    }
}
