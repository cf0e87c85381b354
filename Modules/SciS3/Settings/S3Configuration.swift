public import Foundation
import SciCore
public import SciHTTP

/// Where an S3-compatible store is and who talks to it: endpoint, region, credentials, and how transfers are cut.
public struct S3Configuration: Sendable {
    /// The endpoint URL, such as `http://127.0.0.1:9000` or `https://s3.us-west-2.amazonaws.com`. Buckets are
    /// addressed in the path (`ENDPOINT/bucket/key`), which every S3-compatible server accepts.
    public var endpoint: String
    /// The region in the signature's scope.
    public var region: String
    /// The key that signs requests.
    public var credentials: S3Credentials
    /// Files at least this large are uploaded in parts.
    public var multipartThreshold: Int64 = 64 << 20
    /// The size of each part but the last; S3 wants at least 5 MiB and at most 10,000 parts.
    public var partSize: Int64 = 16 << 20
    /// How many parts travel at once.
    public var parallelParts = 4
    /// Retries of failed requests: 500, 503 and dropped connections are tried again.
    public var retry: RetryPolicy = RetryPolicy(attempts: 5, statuses: [408, 429, 500, 502, 503, 504])

    /// A configuration from its parts; a trailing slash on the endpoint is dropped.
    public init(endpoint: String, region: String = "us-east-1", credentials: S3Credentials) {
        self.endpoint = endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint
        self.region = region
        self.credentials = credentials
    }

    /// The settings the AWS tools and daf_butler read: `S3_ENDPOINT_URL` (lsst-resources' name) or
    /// `AWS_ENDPOINT_URL_S3`/`AWS_ENDPOINT_URL`; `AWS_DEFAULT_REGION` or `AWS_REGION` (default us-east-1);
    /// `AWS_ACCESS_KEY_ID` with `AWS_SECRET_ACCESS_KEY` (and `AWS_SESSION_TOKEN`), else the profile `AWS_PROFILE`
    /// (default `default`) of `AWS_SHARED_CREDENTIALS_FILE` or `~/.aws/credentials` (mode 0600).
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment, home: String = NSHomeDirectory()
    ) throws -> S3Configuration {
        func value(_ names: String...) -> String? {
            for name in names { if let value = environment[name], !value.isEmpty { return value } }
            return nil
        }
        let region = value("AWS_DEFAULT_REGION", "AWS_REGION") ?? "us-east-1"
        let endpoint = value("S3_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL") ?? "https://s3.\(region).amazonaws.com"
        guard endpoint.hasPrefix("http://") || endpoint.hasPrefix("https://") else {
            throw SciError("S3_ENDPOINT_URL must be an http:// or https:// URL, not \(endpoint)")
        }
        let credentials: S3Credentials
        if let id = value("AWS_ACCESS_KEY_ID"), let secret = value("AWS_SECRET_ACCESS_KEY") {
            credentials = S3Credentials(
                accessKeyId: id, secretAccessKey: Secret(secret), sessionToken: value("AWS_SESSION_TOKEN").map(Secret.init))
        } else {
            let profile = value("AWS_PROFILE") ?? "default"
            let file = value("AWS_SHARED_CREDENTIALS_FILE") ?? home + "/.aws/credentials"
            guard let found = try AWSCredentialsFile.read(file, profile: profile) else {
                throw SciError(
                    "no S3 credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set and \(file) has no profile '\(profile)' with both keys",
                    hint: "set both variables, or add [\(profile)] with aws_access_key_id and aws_secret_access_key to \(file) (mode 0600)")
            }
            credentials = found
        }
        return S3Configuration(endpoint: endpoint, region: region, credentials: credentials)
    }
}
