public import SciCore

/// An AWS-style key pair (and session token, for temporary credentials). The secret parts are `Secret`s: they print
/// as `<redacted>` and are masked in every log line and error message.
public struct S3Credentials: Sendable, Hashable {
    /// The access key ID, which names the key (it is sent in every request, so it is not secret).
    public var accessKeyId: String
    /// The secret access key, which signs.
    public var secretAccessKey: Secret
    /// The session token of temporary credentials.
    public var sessionToken: Secret?

    /// Credentials from their parts.
    public init(accessKeyId: String, secretAccessKey: Secret, sessionToken: Secret? = nil) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }
}
